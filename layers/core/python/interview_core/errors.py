"""One error vocabulary. Each surface (REST, WebSocket, Step Functions) maps these exactly once.

`code` is the stable machine-readable code clients branch on; never branch on message text.
"""

from __future__ import annotations

# Error texts may quote what a client sent: never more than this much of it.
EXCERPT_CHARS = 200


def excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"


class InterviewError(Exception):
    """Base of all domain errors."""

    code = "internal_error"
    http_status = 500

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class ValidationFailedError(InterviewError):
    code = "validation_failed"
    http_status = 422


class AuthenticationError(InterviewError):
    code = "unauthenticated"
    http_status = 401


class ForbiddenError(InterviewError):
    code = "forbidden"
    http_status = 403


class NotFoundError(InterviewError):
    """Also what another user's resource looks like: existence is never revealed."""

    code = "not_found"
    http_status = 404


class SessionGoneError(NotFoundError):
    """The session was deleted (or is being deleted): no component may write to it any more."""


class ConflictError(InterviewError):
    code = "conflict"
    http_status = 409


class ReportNotReadyError(ConflictError):
    code = "report_not_ready"


class SessionStateError(ConflictError):
    code = "invalid_session_state"


class SequenceError(ConflictError):
    code = "invalid_sequence"


class NotConfirmedError(ForbiddenError):
    """Right password, but the email address was never confirmed with its code."""

    code = "not_confirmed"


class InvalidCodeError(InterviewError):
    """A confirmation code that is wrong, expired or for no pending account (the same answer for all)."""

    code = "invalid_code"
    http_status = 400


class ChunkRejectedError(ValidationFailedError):
    code = "chunk_rejected"


class ChunkMissingError(NotFoundError):
    code = "chunk_missing"


class PayloadTooLargeError(InterviewError):
    code = "payload_too_large"
    http_status = 413


class RateLimitedError(InterviewError):
    """A quota or rate limit refused the call; `retry_after_s` says when the window resets."""

    code = "rate_limited"
    http_status = 429

    def __init__(self, message: str, retry_after_s: int, **details: object) -> None:
        super().__init__(message, retry_after_s=retry_after_s, **details)
        self.retry_after_s = retry_after_s


class UpstreamError(InterviewError):
    """An AWS dependency failed in a way the caller cannot fix."""

    code = "upstream_error"
    http_status = 502
