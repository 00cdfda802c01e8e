"""Live feedback while a session streams: the compact per-segment view and sparse nudges."""

from __future__ import annotations

from typing import Any

from interview_core.analysis.attention import resolve_calibration
from interview_core.container import Services
from interview_core.contracts.speech import SpeechSegmentSummary, WindowTranscript
from interview_core.contracts.vision import VisionSummary
from interview_core.data.repositories import SessionItems
from interview_core.domain import Chunk, Session, WindowStatus
from interview_core.feedback import LiveSegment, evaluate_nudge
from interview_core.feedback.nudges import NudgeSettings
from interview_core.observability import logger

NUDGES = NudgeSettings()


def live_view(
    vision: dict[str, Any] | None, speech: dict[str, Any] | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The few figures the interview screen shows live; the rest stays in storage for the report."""
    v: dict[str, Any] = {}
    if vision:
        v["face_present_ratio"] = (vision.get("face") or {}).get("present_ratio")
        v["eye_contact_ratio"] = (vision.get("eye_contact") or {}).get("ratio")
    s: dict[str, Any] = {}
    if speech:
        s["speech_ratio"] = speech.get("speech_ratio")
        s["estimated_wpm"] = (speech.get("rate") or {}).get("estimated_wpm")
        s["too_quiet"] = (speech.get("loudness") or {}).get("too_quiet")
    return {k: x for k, x in v.items() if x is not None}, {k: x for k, x in s.items() if x is not None}


def _segment(c: Chunk) -> LiveSegment:
    return LiveSegment(
        offset_s=c.offset_s,
        duration_s=c.duration_s or 0.0,
        vision=VisionSummary.model_validate(c.vision) if c.vision else None,
        speech=SpeechSegmentSummary.model_validate(c.speech) if c.speech else None,
    )


def settle_calibration(svc: Services, session: Session, items: SessionItems) -> Session:
    """Read the calibration from its spans once every segment recorded up to their end is analysed, and
    store it on the session, so later nudges (and the report) use it without reading it again.

    Spans that cannot be trusted (too few face samples) store nothing: nudges keep the laptop defaults
    and the report says so.
    """
    spans = session.calibration_spans
    if spans is None or session.attention_calibration is not None:
        return session
    # Segments are requested in order: once one starts after the spans, all that cover them are known.
    covering = [c for c in items.chunks if c.offset_s < spans.end_s]
    if len(covering) == len(items.chunks) or not all(c.settled for c in covering):
        return session
    summaries = [(c.offset_s, VisionSummary.model_validate(c.vision)) for c in covering if c.vision]
    calibration = resolve_calibration([(t, v.gaze_track) for t, v in summaries if v.gaze_track], spans)
    if calibration is None or not svc.repos.sessions.store_resolved_calibration(session, calibration):
        return session
    logger.info("calibration resolved", extra={"session_id": session.session_id})
    return session.model_copy(update={"attention_calibration": calibration})


def _answer_chunks(session: Session, chunks: list[Chunk], answer_index: int) -> list[Chunk]:
    """The answer's segments, without those recorded for the calibration before answer 1."""
    spans = session.calibration_spans
    return [
        c
        for c in chunks
        if c.answer_index == answer_index
        and not (answer_index == 0 and spans and spans.holds(c.offset_s + (c.duration_s or 0.0)))
    ]


def maybe_nudge(svc: Services, session: Session, chunk: Chunk, items: SessionItems) -> dict[str, Any] | None:
    """Evaluate the nudge rules after a segment of the current answer; push at most one, rate-limited.

    `items`: the session's chunks and windows, as just read by the caller.
    """
    if chunk.answer_index != session.current_answer_index:
        return None
    chunks = _answer_chunks(session, items.chunks, chunk.answer_index)
    analysed = [c for c in chunks if c.vision or c.speech]
    if not analysed:
        return None
    windows = [
        w
        for w in items.windows
        if w.answer_index == chunk.answer_index and w.status is WindowStatus.DONE and w.transcript
    ]
    latest = max(windows, key=lambda w: w.window_index, default=None)
    nudge = evaluate_nudge(
        [_segment(c) for c in analysed[-6:]],
        answer_started_at_s=min(c.offset_s for c in chunks),
        now_s=chunk.offset_s + (chunk.duration_s or 0.0),
        last_nudge_at_s=svc.repos.sessions.last_nudge_at(session.session_id),
        answer_index=chunk.answer_index,
        latest_window=WindowTranscript.model_validate(latest.transcript)
        if latest and latest.transcript
        else None,
        settings=NUDGES,
        calibration=session.attention_calibration,
    )
    if nudge is None or not svc.repos.sessions.claim_nudge(session.session_id, nudge.at_s, NUDGES.min_gap_s):
        return None
    message = nudge.to_message()
    svc.notifier.send_to_session(session.session_id, message)
    return message
