"""REST request and response schemas (the `/v1` contract). The OpenAPI document is generated from these."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from interview_core.contracts.base import Contract
from interview_core.contracts.text import (
    ANSWER_MAX_CHARS,
    ANSWER_MIN_WORDS,
    JOB_DESCRIPTION_MAX_CHARS,
    JOB_DESCRIPTION_MIN_CHARS,
    clean_text,
)
from interview_core.contracts.vision import AttentionCalibration, CalibrationSpans
from interview_core.settings import ALLOWED_RETENTION_DAYS

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class StrictRequest(Contract):
    """Requests reject wrong types instead of coercing them ("true" is not a boolean)."""

    model_config = Contract.model_config | {"strict": True}


class SignupRequest(StrictRequest):
    email: str = Field(pattern=EMAIL_PATTERN, max_length=254)
    password: str = Field(min_length=8, max_length=256)


class LoginRequest(StrictRequest):
    email: str = Field(pattern=EMAIL_PATTERN, max_length=254)
    password: str = Field(min_length=1, max_length=256)


class RefreshRequest(StrictRequest):
    refresh_token: str = Field(min_length=10)


class TokenResponse(Contract):
    access_token: str
    refresh_token: str | None
    expires_in: int
    token_type: Literal["Bearer"] = "Bearer"


class SignupResponse(Contract):
    """The same answer whether or not the email already has an account (nothing to enumerate)."""

    status: Literal["verification_sent"] = "verification_sent"
    delivery: Literal["email"] = Field(
        default="email", description="A code goes to the address if it awaits confirmation."
    )


class ConfirmRequest(StrictRequest):
    email: str = Field(pattern=EMAIL_PATTERN, max_length=254)
    code: str = Field(pattern=r"^[0-9]{6}$", description="The 6-digit code emailed at sign-up.")


class ResendRequest(StrictRequest):
    email: str = Field(pattern=EMAIL_PATTERN, max_length=254)


class ConsentIn(StrictRequest):
    recording: bool = Field(description="Consent to record camera and microphone during the session.")
    analysis: bool = Field(description="Consent to analyse the recording to produce feedback.")
    retention_days: Literal[7, 30, 90, 365] = Field(description="Days media and analyses are kept.")

    @field_validator("recording", "analysis")
    @classmethod
    def _must_consent(cls, value: bool) -> bool:
        if value is not True:
            raise ValueError("consent is required: no consent, no session")
        return value


QuestionId = Annotated[str, Field(min_length=1, max_length=64)]


class CreateSessionRequest(StrictRequest):
    role: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9-]+$")
    question_ids: list[QuestionId] | None = Field(
        default=None, max_length=20, description="Chosen questions in order; a repeated id counts once."
    )
    consent: ConsentIn
    job_description: str | None = Field(
        default=None,
        max_length=JOB_DESCRIPTION_MAX_CHARS,
        description="A pasted job description: questions are ranked by relevance to it and the report "
        "shows which of its key terms the answers used.",
    )
    attention_calibration: AttentionCalibration | None = Field(
        default=None,
        description="Gaze directions measured while looking at the camera and at the middle of the "
        "screen; without it, attention assumes a laptop webcam above the screen.",
    )

    @field_validator("question_ids")
    @classmethod
    def _each_question_once(cls, value: list[str] | None) -> list[str] | None:
        return list(dict.fromkeys(value)) if value is not None else None

    @field_validator("job_description")
    @classmethod
    def _clean_job_description(cls, value: str | None) -> str | None:
        if value is None:
            return None
        return clean_text(
            value,
            "the job description",
            min_chars=JOB_DESCRIPTION_MIN_CHARS,
            max_chars=JOB_DESCRIPTION_MAX_CHARS,
        )


class QuestionOut(Contract):
    id: str
    text: str


class AnswerOut(Contract):
    index: int
    question_id: str
    started_at: datetime


class SessionOut(Contract):
    session_id: str
    role: str
    status: Literal["created", "live", "ending", "complete"]
    questions: list[QuestionOut]
    consent: ConsentIn
    answers: list[AnswerOut]
    created_at: datetime
    started_at: datetime | None
    ended_at: datetime | None
    expires_at: datetime
    job_terms: list[str] = Field(default_factory=list, description="The job description's key terms.")
    attention_calibration: AttentionCalibration | None = Field(
        default=None, description="Gaze directions: as sent, or as read from the calibration spans."
    )
    calibration_spans: CalibrationSpans | None = Field(
        default=None, description="When the candidate looked at the camera and the screen, if sent as spans."
    )
    access: Literal["owner", "coach"] = Field(
        description="The caller's access: the owner, or a coach reading a shared session (read-only)."
    )
    owner_name: str = Field(description="The owner's display name.")


class CalibrationDirectionsIn(AttentionCalibration):
    """Gaze directions measured elsewhere (degrees)."""

    model_config = AttentionCalibration.model_config | {"extra": "forbid"}


class CalibrationSpansIn(CalibrationSpans):
    """The seconds of the recording spent looking at the camera marker and at the middle of the screen."""

    model_config = CalibrationSpans.model_config | {"extra": "forbid"}


# `PUT /v1/sessions/{id}/calibration`: either kind, never both (unknown fields are refused).
CalibrationIn = CalibrationDirectionsIn | CalibrationSpansIn


class PracticeTextRequest(StrictRequest):
    """A typed answer to one question of the bank (`POST /v1/practice/text`)."""

    question_id: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9-]+$")
    text: str = Field(max_length=ANSWER_MAX_CHARS, description="The answer as typed (UTF-8 JSON string).")

    @field_validator("text")
    @classmethod
    def _clean_text(cls, value: str) -> str:
        return clean_text(value, "the answer", max_chars=ANSWER_MAX_CHARS, min_words=ANSWER_MIN_WORDS)


class SessionList(Contract):
    sessions: list[SessionOut]


DISPLAY_NAME_MAX_CHARS = 60


class DisplayNameIn(StrictRequest):
    """`PATCH /v1/users/me`: the name shown to coaches and on comments."""

    display_name: str = Field(max_length=4 * DISPLAY_NAME_MAX_CHARS)

    @field_validator("display_name")
    @classmethod
    def _clean(cls, value: str) -> str:
        return clean_text(value, "the display name", max_chars=DISPLAY_NAME_MAX_CHARS, controls=frozenset())


class UserMe(Contract):
    user_id: str
    email: str
    display_name: str = Field(description="Defaults to the email's local part.")
    groups: list[str]


class ErrorDetail(Contract):
    field: str | None = None
    message: str


class ErrorBody(Contract):
    code: str
    message: str
    details: list[ErrorDetail] = []


class ErrorResponse(Contract):
    """The one error shape of every REST response."""

    error: ErrorBody


class Health(Contract):
    status: Literal["ok"]
    version: str


class RoleOut(Contract):
    id: str
    title: str
    questions: list[dict[str, Any]]


class RolesOut(Contract):
    roles: list[RoleOut]


__all__ = [
    "ALLOWED_RETENTION_DAYS",
    "AnswerOut",
    "ConfirmRequest",
    "ConsentIn",
    "CreateSessionRequest",
    "DisplayNameIn",
    "ErrorBody",
    "ErrorDetail",
    "ErrorResponse",
    "Health",
    "LoginRequest",
    "MediaList",
    "MediaSegment",
    "PracticeTextRequest",
    "QuestionOut",
    "RefreshRequest",
    "ResendRequest",
    "RoleOut",
    "RolesOut",
    "SessionList",
    "SessionOut",
    "SignupRequest",
    "SignupResponse",
    "TokenResponse",
    "UserMe",
]


class MediaSegment(Contract):
    seq: int
    offset_s: float
    duration_s: float | None
    answer_index: int
    content_type: str
    url: str
    expires_in: int


class MediaRecording(Contract):
    """The session's segments joined into one file at finalize: replay seeks across the whole interview."""

    url: str
    duration_s: float
    content_type: str
    expires_in: int


class MediaList(Contract):
    recording: MediaRecording | None = Field(
        default=None, description="Null until the recording is joined (or if joining failed): use segments."
    )
    segments: list[MediaSegment] = Field(description="Empty once the recording replaced them.")
