"""Sharing a session with a coach and timed comments on its report (`/v1/sessions/{id}/shares`,
`/v1/coach/sessions`, `/v1/sessions/{id}/comments`), and the report as a reader gets it (`ReportView`).

A share is addressed to an email, not to an account: the answer is the same whether or not the email
has one, and whoever signs in with that verified email reads the session.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, field_validator

from interview_core.contracts.analytics import ReportRatings
from interview_core.contracts.api import EMAIL_PATTERN, StrictRequest
from interview_core.contracts.base import Contract
from interview_core.contracts.report import Report
from interview_core.contracts.text import clean_text

__all__ = [
    "COMMENT_MAX_CHARS",
    "MAX_COMMENTS_PER_SESSION",
    "MAX_SHARES_PER_SESSION",
    "Access",
    "Comment",
    "CommentIn",
    "CommentList",
    "ReportView",
    "Share",
    "ShareIn",
    "ShareList",
    "SharedSession",
    "SharedSessionList",
]

MAX_SHARES_PER_SESSION = 20
MAX_COMMENTS_PER_SESSION = 200
COMMENT_MAX_CHARS = 2000

Access = Literal["owner", "coach"]


class ShareIn(StrictRequest):
    email: str = Field(pattern=EMAIL_PATTERN, max_length=254, description="Stored lower-cased.")
    include_future: bool = Field(
        default=False, description="Also grant every session the owner creates from now on (until revoked)."
    )

    @field_validator("email")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.lower()


class Share(Contract):
    share_id: str
    email: str
    include_future: bool
    created_at: datetime


class ShareList(Contract):
    shares: list[Share] = Field(description="Every share granting this session, oldest first.")


class SharedSession(Contract):
    """A session shared with the caller's email (`GET /v1/coach/sessions`)."""

    session_id: str
    owner_name: str
    role: str
    status: Literal["created", "live", "ending", "complete"]
    created_at: datetime
    question_count: int = Field(ge=0)
    report_ready: bool


class SharedSessionList(Contract):
    sessions: list[SharedSession] = Field(description="Newest first.")


class CommentIn(StrictRequest):
    t_s: float = Field(ge=0, allow_inf_nan=False, description="Seconds into the recording (at most its end).")
    text: str = Field(
        max_length=4 * COMMENT_MAX_CHARS,  # a first bound before the text is cleaned and measured
        description=f"1-{COMMENT_MAX_CHARS} characters; no control characters except newline.",
    )

    @field_validator("text")
    @classmethod
    def _clean(cls, value: str) -> str:
        return clean_text(value, "the comment", max_chars=COMMENT_MAX_CHARS, controls=frozenset("\n"))


class Comment(Contract):
    comment_id: str
    author_name: str
    t_s: float
    text: str
    created_at: datetime
    mine: bool = Field(description="Written by the caller (who alone may delete it).")


class CommentList(Contract):
    comments: list[Comment] = Field(description="Ordered by t_s, then created_at.")


class ReportView(Report):
    """The report as a reader gets it: the stored report plus the owner's ratings and the comments."""

    ratings: ReportRatings = Field(default_factory=ReportRatings)
    comments: list[Comment] = Field(default_factory=list)
