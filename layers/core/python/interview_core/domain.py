"""Domain models: what the logic works with. Repositories return these, never PynamoDB items."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from interview_core.contracts.vision import AttentionCalibration, CalibrationSpans

RetentionDays = Literal[7, 30, 90, 365]


def utcnow() -> datetime:
    return datetime.now(UTC)


class Domain(BaseModel):
    model_config = ConfigDict(frozen=True)


class Role(StrEnum):
    """Cognito groups."""

    CANDIDATE = "candidate"
    COACH = "coach"
    ADMIN = "admin"


class User(Domain):
    user_id: str
    email: str
    created_at: datetime
    groups: tuple[str, ...] = (Role.CANDIDATE.value,)
    display_name: str | None = None

    @property
    def name(self) -> str:
        """What coaches and comment readers see: the chosen name, else the email's local part."""
        return self.display_name or self.email.split("@", 1)[0]


class Consent(Domain):
    recording: bool
    analysis: bool
    retention_days: RetentionDays


class Question(Domain):
    id: str
    text: str


class JobDescription(Domain):
    """A pasted job description and its key terms (`feedback.job_terms`), kept with the session."""

    text: str
    terms: tuple[str, ...] = ()


class SessionStatus(StrEnum):
    CREATED = "created"
    LIVE = "live"
    ENDING = "ending"
    COMPLETE = "complete"
    # Being deleted: invisible to its owner, refused by every writer until the item itself is gone.
    DELETING = "deleting"


class AnswerMark(Domain):
    """Where an answer starts: every chunk from `start_seq` on belongs to it until the next mark."""

    index: int = Field(ge=0)
    question_id: str
    started_at: datetime


class Session(Domain):
    session_id: str
    owner_id: str
    role: str
    questions: tuple[Question, ...]
    consent: Consent
    status: SessionStatus
    created_at: datetime
    started_at: datetime | None = None
    ended_at: datetime | None = None
    answers: tuple[AnswerMark, ...] = ()
    job: JobDescription | None = None
    attention_calibration: AttentionCalibration | None = None
    # Sent by the browser instead of directions: read into `attention_calibration` once they are analysed.
    calibration_spans: CalibrationSpans | None = None
    version: int = 0

    @property
    def current_answer_index(self) -> int:
        return self.answers[-1].index if self.answers else 0

    @property
    def expires_at(self) -> datetime:
        return self.created_at + timedelta(days=self.consent.retention_days)


class ChunkStatus(StrEnum):
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    ANALYZED = "analyzed"
    FAILED = "failed"


class Chunk(Domain):
    session_id: str
    seq: int = Field(ge=0)
    key: str
    content_type: str
    size_bytes: int
    status: ChunkStatus
    answer_index: int = 0
    offset_s: float = 0.0
    duration_s: float | None = None
    vision: dict[str, Any] | None = None
    speech: dict[str, Any] | None = None
    errors: dict[str, str] = Field(default_factory=dict)
    requested_at: datetime
    accepted_at: datetime | None = None
    analyzed_at: datetime | None = None
    etag: str | None = None

    @property
    def settled(self) -> bool:
        """Analysed or failed for good: the report may be built without waiting for it."""
        return self.status in (ChunkStatus.ANALYZED, ChunkStatus.FAILED)


class WindowStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Window(Domain):
    """A span of consecutive segments of one answer, transcribed together (~30 s, cut at silence)."""

    session_id: str
    window_index: int = Field(ge=0)
    answer_index: int
    seqs: tuple[int, ...]
    status: WindowStatus
    transcript: dict[str, Any] | None = None
    error: str | None = None
    created_at: datetime


class Connection(Domain):
    connection_id: str
    user_id: str
    session_id: str | None = None
    connected_at: datetime


class ReportRecord(Domain):
    session_id: str
    owner_id: str
    created_at: datetime
    report_key: str
    html_key: str | None = None
    summary: dict[str, Any] = Field(default_factory=dict)
    ratings: dict[str, Any] = Field(default_factory=dict)


class Share(Domain):
    """A grant to read sessions, addressed to an email (whoever signs in with it is the coach).

    A session share grants `session_ids` (one session); an `include_future` share grants the sessions it
    was made from and every session the owner creates at or after `created_at`.
    """

    share_id: str
    owner_id: str
    email: str
    include_future: bool
    created_at: datetime
    session_ids: frozenset[str]

    def grants(self, session: Session) -> bool:
        if session.owner_id != self.owner_id:
            return False
        return session.session_id in self.session_ids or (
            self.include_future and session.created_at >= self.created_at
        )


class SessionComment(Domain):
    """A reader's comment on a moment of a session's recording."""

    comment_id: str
    session_id: str
    author_id: str
    t_s: float
    text: str
    created_at: datetime
