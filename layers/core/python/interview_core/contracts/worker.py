"""Task messages the state machines put on the worker queues (SQS `.waitForTaskToken`).

The state machine builds these with `States.JsonMerge`/Parameters, so field names here are the
ASL's field names too (see infra_cdk/constructs/analysis.py).
"""

from typing import Literal

from pydantic import Field

from interview_core.contracts.base import Contract

WorkerKind = Literal["vision", "speech", "transcribe"]


class MediaRef(Contract):
    """One stored media segment of a session."""

    seq: int = Field(ge=0)
    key: str = Field(min_length=1)
    offset_s: float = Field(ge=0, description="Start of this segment on the session's media timeline.")
    etag: str | None = Field(
        default=None, description="The accepted object's ETag: a replaced one is refused."
    )
    retention_days: int | None = Field(
        default=None, description="The session's retention: every result stored is tagged with it."
    )


class SegmentTask(Contract):
    """Analyse one segment (vision or live speech features)."""

    task_token: str = Field(min_length=1)
    kind: Literal["vision", "speech"]
    session_id: str
    bucket: str
    segment: MediaRef
    answer_index: int = Field(ge=0, default=0)


class WindowTask(Contract):
    """Transcribe one answer window: consecutive segments, read from S3 by the (stateless) worker."""

    task_token: str = Field(min_length=1)
    kind: Literal["transcribe"]
    session_id: str
    bucket: str
    window_index: int = Field(ge=0)
    answer_index: int = Field(ge=0, default=0)
    segments: list[MediaRef] = Field(min_length=1)


class RecordingTask(Contract):
    """Join a finished session's segments into one recording (served by the transcribe workers)."""

    task_token: str = Field(min_length=1)
    kind: Literal["recording"]
    session_id: str
    bucket: str
    segments: list[MediaRef] = Field(min_length=1)


class StoredRecording(Contract):
    """The joined recording as stored: the worker's result and the manifest next to the file."""

    key: str
    content_type: str
    duration_s: float = Field(ge=0)
    size_bytes: int = Field(ge=0)
    segments: int = Field(ge=1, description="How many segments were joined (and then deleted).")
    segments_bytes: int = Field(ge=0, description="What the segments took before the join.")


class WorkerFailure(Contract):
    """What a Catch in the state machine records for a failed worker task."""

    error: str
    cause: str = ""
