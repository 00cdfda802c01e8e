"""One error vocabulary. Each surface (REST, WebSocket, Step Functions) maps these exactly once.

`code` is the stable machine-readable code clients branch on; never branch on message text.
"""

from __future__ import annotations


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


class ConflictError(InterviewError):
    code = "conflict"
    http_status = 409


class ReportNotReadyError(ConflictError):
    code = "report_not_ready"


class SessionStateError(ConflictError):
    code = "invalid_session_state"


class SequenceError(ConflictError):
    code = "invalid_sequence"


class UserExistsError(ConflictError):
    code = "user_exists"


class ChunkRejectedError(ValidationFailedError):
    code = "chunk_rejected"


class ChunkMissingError(NotFoundError):
    code = "chunk_missing"


class PayloadTooLargeError(InterviewError):
    code = "payload_too_large"
    http_status = 413


class RateLimitedError(InterviewError):
    code = "rate_limited"
    http_status = 429


class UpstreamError(InterviewError):
    """An AWS dependency failed in a way the caller cannot fix."""

    code = "upstream_error"
    http_status = 502
