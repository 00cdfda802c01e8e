"""WebSocket protocol: client actions (routed by API Gateway on `action`) and server messages (`type`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter

from interview_core.contracts.base import Contract

SessionId = Annotated[str, Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9-]+$")]
SEQ_MAX = 100_000
# A sanity bound only: the session's own maximum length (settings.max_session_s) is checked on request.
OFFSET_MAX_S = 24 * 3600.0


class Action(Contract):
    model_config = Contract.model_config | {"strict": True}

    session_id: SessionId


class SessionStart(Action):
    action: Literal["session.start"]


class ChunkRequest(Action):
    action: Literal["chunk.request"]
    seq: int = Field(ge=0, le=SEQ_MAX)
    content_type: str = Field(min_length=3, max_length=100)
    size_bytes: int = Field(gt=0, le=2**40)
    answer_index: int | None = Field(
        default=None, ge=0, le=1000, description="Answer the segment belongs to."
    )
    offset_s: float | None = Field(
        default=None,
        ge=0,
        le=OFFSET_MAX_S,
        allow_inf_nan=False,
        description="Segment start on the session timeline.",
    )


class ChunkUploaded(Action):
    action: Literal["chunk.uploaded"]
    seq: int = Field(ge=0, le=SEQ_MAX)


class QuestionNext(Action):
    action: Literal["question.next"]
    index: int | None = Field(default=None, ge=0, le=1000)


class SessionEnd(Action):
    action: Literal["session.end"]


ClientMessage = Annotated[
    SessionStart | ChunkRequest | ChunkUploaded | QuestionNext | SessionEnd, Field(discriminator="action")
]
CLIENT_MESSAGE: TypeAdapter[ClientMessage] = TypeAdapter(ClientMessage)
ACTIONS = ("session.start", "chunk.request", "chunk.uploaded", "question.next", "session.end")


class ServerMessage(Contract):
    type: str


class SessionStarted(ServerMessage):
    type: Literal["session.started"] = "session.started"
    session_id: str
    status: str
    answer_index: int
    accepted_seqs: list[int] = Field(description="Segments already stored: a reconnecting client skips them.")


class ChunkUploadUrl(ServerMessage):
    type: Literal["chunk.upload_url"] = "chunk.upload_url"
    seq: int
    url: str
    headers: dict[str, str]
    expires_in: int


class ChunkAccepted(ServerMessage):
    type: Literal["chunk.accepted"] = "chunk.accepted"
    seq: int
    duplicate: bool = False


class ChunkAnalyzed(ServerMessage):
    type: Literal["chunk.analyzed"] = "chunk.analyzed"
    seq: int
    status: Literal["analyzed", "failed"]
    duration_s: float | None = None
    vision: dict[str, Any] | None = None
    speech: dict[str, Any] | None = None
    errors: dict[str, str] = {}


class QuestionStarted(ServerMessage):
    type: Literal["question.started"] = "question.started"
    index: int
    question_id: str
    text: str


class SessionEnding(ServerMessage):
    type: Literal["session.ending"] = "session.ending"
    session_id: str


class ReportReady(ServerMessage):
    type: Literal["report.ready"] = "report.ready"
    session_id: str


class Nudge(ServerMessage):
    type: Literal["nudge"] = "nudge"
    kind: str
    message: str
    answer_index: int
    at_s: float


class ErrorMessage(ServerMessage):
    type: Literal["error"] = "error"
    code: str
    message: str
    seq: int | None = None
    retry_after_s: int | None = Field(default=None, description="With `rate_limited`: when to try again.")


SERVER_MESSAGE: TypeAdapter[Any] = TypeAdapter(
    SessionStarted
    | ChunkUploadUrl
    | ChunkAccepted
    | ChunkAnalyzed
    | QuestionStarted
    | SessionEnding
    | ReportReady
    | Nudge
    | ErrorMessage
)
