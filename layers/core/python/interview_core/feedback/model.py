"""`SessionData`: everything the report is built from, in one validated model.

Both producers build it: the finalize Lambda (from the stored `Session`, its `Chunk`s and `Window`s, see
`SessionData.from_domain`) and `interview analyze` (from one local file). The report logic therefore
never knows where the numbers came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from pydantic import Field

from interview_core.contracts.base import Contract
from interview_core.contracts.speech import SpeechSegmentSummary, WindowTranscript
from interview_core.contracts.vision import AttentionCalibration, CalibrationSpans, VisionSummary

__all__ = ["AnswerInfo", "ChunkData", "FailedPart", "QuestionInfo", "SessionData"]


class QuestionInfo(Contract):
    """A question as asked; talking points, keywords and kind come from the bank when known."""

    id: str | None = None
    text: str
    kind: str | None = None
    talking_points: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    target_seconds: tuple[int, int] | None = None

    @classmethod
    def from_spec(cls, spec: Any) -> QuestionInfo:
        """From a bank `QuestionSpec`: every field the two share."""
        return cls.model_validate(spec.model_dump(include=set(cls.model_fields)))


class AnswerInfo(Contract):
    """Answer `index` answers `question`; its media span is derived from its chunks when not given."""

    index: int = Field(ge=0)
    question: QuestionInfo
    start_s: float | None = Field(default=None, ge=0)
    end_s: float | None = Field(default=None, ge=0)


class ChunkData(Contract):
    """One analysed media segment on the session timeline."""

    seq: int = Field(ge=0)
    answer_index: int = Field(ge=0, default=0)
    offset_s: float = Field(ge=0)
    duration_s: float | None = Field(default=None, ge=0)
    vision: VisionSummary | None = None
    speech: SpeechSegmentSummary | None = None

    @property
    def length_s(self) -> float:
        if self.duration_s is not None:
            return self.duration_s
        for d in (
            self.vision.duration_s if self.vision else None,
            self.speech.duration_s if self.speech else None,
        ):
            if d:
                return d
        return 0.0

    @property
    def end_s(self) -> float:
        return self.offset_s + self.length_s


class FailedPart(Contract):
    """A segment or window that could not be analysed; it becomes an analysis note, never a zero."""

    what: str = Field(description='"segment" or "window".')
    seq: int | None = None
    answer_index: int | None = None
    start_s: float | None = None
    end_s: float | None = None
    reason: str


def _lost_upload(chunk: Any, chunks: Sequence[Any]) -> FailedPart:
    """A segment whose upload never arrived; it ends where the next segment of its answer starts."""
    after = [c.offset_s for c in chunks if c.seq > chunk.seq and c.answer_index == chunk.answer_index]
    return FailedPart(
        what="segment",
        seq=chunk.seq,
        answer_index=chunk.answer_index,
        start_s=chunk.offset_s,
        end_s=min(after) if after else None,
        reason="its upload never arrived",
    )


class SessionData(Contract):
    session_id: str
    role: str
    role_title: str | None = None
    created_at: datetime
    answers: list[AnswerInfo] = Field(default_factory=list)
    chunks: list[ChunkData] = Field(default_factory=list)
    windows: list[WindowTranscript] = Field(default_factory=list)
    failed: list[FailedPart] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="Producer caveats copied into the report.")
    attention_calibration: AttentionCalibration | None = Field(
        default=None, description="The person's camera and screen directions; None: laptop defaults."
    )
    calibration_spans: CalibrationSpans | None = Field(
        default=None, description="Seconds spent looking at the camera and the screen before answer 1."
    )
    job_terms: tuple[str, ...] = Field(default=(), description="Key terms of the session's job description.")

    @classmethod
    def from_domain(
        cls,
        session: Any,
        chunks: Iterable[Any],
        windows: Iterable[Any],
        *,
        bank: Any | None = None,
    ) -> SessionData:
        """Build from `interview_core.domain` objects (Session, Chunk, Window).

        Chunks with `vision`/`speech` dicts are parsed into the contracts; chunks with `errors` and
        failed windows become `FailedPart`s. `bank` (a `QuestionBank`, default: the shipped one)
        supplies talking points, keywords, kinds and target durations for the session's questions.
        """
        from interview_core.questions.bank import load_bank

        qbank = bank or load_bank()
        by_id = {q.id: q for q in session.questions}
        answers: list[AnswerInfo] = []
        for mark in session.answers:
            q = by_id.get(mark.question_id)
            spec = qbank.question(mark.question_id)
            info = (
                QuestionInfo.from_spec(spec)
                if spec
                else QuestionInfo(id=mark.question_id, text=mark.question_id)
            )
            if q:  # the text as the session asked it
                info = info.model_copy(update={"text": q.text})
            answers.append(AnswerInfo(index=mark.index, question=info))
        parsed: list[ChunkData] = []
        failed: list[FailedPart] = []
        stored = list(chunks)
        for c in stored:
            if str(c.status) == "requested":  # its upload never arrived: say where the gap is
                failed.append(_lost_upload(c, stored))
                continue
            end = c.offset_s + c.duration_s if c.duration_s is not None else None
            for worker, err in (c.errors or {}).items():
                failed.append(
                    FailedPart(what="segment", seq=c.seq, answer_index=c.answer_index,
                               start_s=c.offset_s, end_s=end, reason=f"{worker}: {err}")
                )  # fmt: skip
            parsed.append(
                ChunkData(
                    seq=c.seq,
                    answer_index=c.answer_index,
                    offset_s=c.offset_s,
                    duration_s=c.duration_s,
                    vision=VisionSummary.model_validate(c.vision) if c.vision else None,
                    speech=SpeechSegmentSummary.model_validate(c.speech) if c.speech else None,
                )
            )
        transcripts: list[WindowTranscript] = []
        for w in windows:
            if w.transcript:
                transcripts.append(WindowTranscript.model_validate(w.transcript))
            elif str(getattr(w, "status", "")) == "failed":
                failed.append(
                    FailedPart(
                        what="window", answer_index=w.answer_index, reason=w.error or "transcription failed"
                    )
                )
        return cls(
            session_id=session.session_id,
            role=session.role,
            created_at=session.created_at,
            answers=answers,
            chunks=parsed,
            windows=transcripts,
            failed=failed,
            job_terms=session.job.terms if session.job else (),
            attention_calibration=session.attention_calibration,
            calibration_spans=session.calibration_spans,
        )
