"""The steps the state machines run between the workers: record results, plan windows, finalize.

Every step is safe to retry: results overwrite the same item, windows are claimed with a
conditional write, and executions are named after what they process. A step whose session was
deleted meanwhile writes nothing (guarded writes) and removes what its workers stored.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from interview_core import metric_names
from interview_core.analysis.windows import plan_windows
from interview_core.container import Services
from interview_core.contracts.ws import ChunkAnalyzed
from interview_core.data.repositories import SessionItems
from interview_core.domain import Chunk, ChunkStatus, Session, SessionStatus, Window, WindowStatus, utcnow
from interview_core.errors import SessionGoneError
from interview_core.observability import MetricUnit, logger, metrics
from interview_core.services import limits, live
from interview_core.services.executions import start_once
from interview_core.services.ingest import media_ref
from interview_core.services.sessions import discard_if_gone

# How long finalize waits for a segment that was requested but never confirmed (a lost upload).
UNCONFIRMED_GRACE = timedelta(seconds=15)
# Each finalize check polls this long before answering "not yet" (well inside the Lambda timeout).
FINALIZE_POLL_S = 8.0
FINALIZE_POLL_INTERVAL_S = 0.2
# Finalize gives up waiting after this many checks (~15 minutes) and reports what it has.
MAX_FINALIZE_ATTEMPTS = 100


def _result(raw: Any) -> tuple[dict[str, Any] | None, str | None]:
    """A branch's output: the worker's summary, or the Catch's `{failed, error, cause}`."""
    if not isinstance(raw, dict) or raw.get("failed"):
        error = raw.get("error", "UnknownError") if isinstance(raw, dict) else "UnknownError"
        return None, str(error)
    return raw, None


def record_analysis(svc: Services, event: dict[str, Any]) -> dict[str, Any]:
    try:
        return _record_analysis(svc, event)
    except SessionGoneError:
        discard_if_gone(svc, event["session_id"])
        return {"seq": event["segment"]["seq"], "status": "deleted", "windows_started": [], "nudge": None}


def _record_analysis(svc: Services, event: dict[str, Any]) -> dict[str, Any]:
    session_id = event["session_id"]
    seq = int(event["segment"]["seq"])
    vision, vision_error = _result(event["results"][0])
    speech, speech_error = _result(event["results"][1])
    errors = {k: v for k, v in (("vision", vision_error), ("speech", speech_error)) if v}
    metrics.add_metric(
        name=metric_names.SEGMENTS_FAILED if errors else metric_names.SEGMENTS_ANALYZED,
        unit=MetricUnit.Count,
        value=1,
    )
    duration = (speech or {}).get("duration_s") or (vision or {}).get("duration_s")
    chunk = svc.repos.chunks.record_analysis(
        session_id, seq, vision=vision, speech=speech, errors=errors, duration_s=duration
    )
    if chunk.accepted_at and chunk.analyzed_at:
        latency = (chunk.analyzed_at - chunk.accepted_at).total_seconds()
        metrics.add_metric(name=metric_names.CHUNK_LATENCY, unit=MetricUnit.Seconds, value=latency)
    # The dashboard counts live sessions as distinct `session_id`s in these lines (Logs Insights).
    logger.info(
        "segment recorded", extra={"session_id": session_id, "seq": seq, "status": chunk.status.value}
    )
    live_vision, live_speech = live.live_view(vision, speech)
    svc.notifier.send_to_session(
        session_id,
        ChunkAnalyzed(
            seq=seq,
            status="failed" if chunk.status is ChunkStatus.FAILED else "analyzed",
            duration_s=duration,
            vision=live_vision or None,
            speech=live_speech or None,
            errors=errors,
        ).model_dump(mode="json", exclude_none=True),
    )
    session = _writable_session(svc, session_id)
    limits.count_minutes(svc, session.owner_id, duration or 0.0)
    items = svc.repos.chunks.snapshot(session_id)
    started = plan_and_start_windows(svc, session, items)
    session = live.settle_calibration(svc, session, items)
    nudge = live.maybe_nudge(svc, session, chunk, items)
    return {"seq": seq, "status": chunk.status.value, "windows_started": started, "nudge": nudge}


@dataclass(frozen=True)
class _SegmentView:
    """A chunk as the window planner sees it."""

    seq: int
    offset_s: float
    duration_s: float
    speech_s: float
    trailing_silence_s: float


def _segment_view(c: Chunk) -> _SegmentView:
    speech = c.speech or {}
    return _SegmentView(
        seq=c.seq,
        offset_s=c.offset_s,
        duration_s=float(speech.get("duration_s") or c.duration_s or 0.0),
        speech_s=float(speech.get("speech_s") or 0.0),
        trailing_silence_s=float(speech.get("trailing_silence_s") or 0.0),
    )


def window_execution_name(session_id: str, index: int) -> str:
    return f"{session_id}-w{index:04d}"


def plan_and_start_windows(svc: Services, session: Session, items: SessionItems | None = None) -> list[int]:
    """Start transcription for every window that is due. Concurrent callers claim distinct windows.

    `items`: the session's chunks and windows when the caller has just read them.
    """
    started: list[int] = []
    for _ in range(3):  # a lost claim race means another caller planned: plan again on fresh state
        items = items or svc.repos.chunks.snapshot(session.session_id)
        chunks, windows = items.chunks, items.windows
        items = None
        covered = {seq for w in windows for seq in w.seqs}
        next_index = max((w.window_index for w in windows), default=-1) + 1
        lost_race = False
        now = utcnow()
        for answer in sorted({c.answer_index for c in chunks}):
            todo = sorted(
                (
                    c
                    for c in chunks
                    if c.answer_index == answer and c.seq not in covered and not _abandoned(c, session, now)
                ),
                key=lambda c: c.seq,
            )
            ready = []
            for c in todo:  # windows stay contiguous: stop at the first segment still being analysed
                if not c.settled:
                    break
                ready.append(c)
            answer_closed = len(ready) == len(todo) and (
                answer < session.current_answer_index or session.status is not SessionStatus.LIVE
            )
            plan = plan_windows(
                [_segment_view(c) for c in ready if c.speech],
                answer_ended=answer_closed,
                session_ended=answer_closed and session.status is not SessionStatus.LIVE,
            )
            by_seq = {c.seq: c for c in ready}
            for planned in plan.windows:
                segments = [by_seq[s] for s in planned.seqs]
                window = Window(
                    session_id=session.session_id,
                    window_index=next_index,
                    answer_index=answer,
                    seqs=planned.seqs,
                    status=WindowStatus.RUNNING if planned.has_speech else WindowStatus.DONE,
                    created_at=utcnow(),
                )
                if not svc.repos.chunks.claim_window(window, expires_at=session.expires_at):
                    lost_race = True
                    break
                next_index += 1
                if planned.has_speech:
                    _start_window(svc, window, segments, session.consent.retention_days)
                    started.append(window.window_index)
            if lost_race:
                break
        if not lost_race:
            return started
    return started


def _start_window(svc: Services, window: Window, segments: list[Chunk], retention_days: int) -> None:
    payload = {
        "session_id": window.session_id,
        "bucket": svc.settings.media_bucket,
        "window_index": window.window_index,
        "answer_index": window.answer_index,
        "segments": [media_ref(c, retention_days) for c in segments],
    }
    name = window_execution_name(window.session_id, window.window_index)
    start_once(svc, svc.settings.window_state_machine_arn, name, payload)


def _writable_session(svc: Services, session_id: str) -> Session:
    session = svc.repos.sessions.get(session_id)
    if session is None or session.status is SessionStatus.DELETING:
        raise SessionGoneError("session not found", session_id=session_id)
    return session


def record_window(svc: Services, event: dict[str, Any]) -> dict[str, Any]:
    result, error = _result(event.get("result"))
    try:
        svc.repos.chunks.finish_window(event["session_id"], int(event["window_index"]), result, error)
    except SessionGoneError:
        discard_if_gone(svc, event["session_id"])
        return {"window_index": event["window_index"], "status": "deleted"}
    return {"window_index": event["window_index"], "status": "failed" if error else "done"}


def _abandoned(chunk: Chunk, session: Session, now: datetime) -> bool:
    """A segment requested but not confirmed within `UNCONFIRMED_GRACE` of an ended session: a lost upload.

    Neither finalize nor the window planner waits for it. The planner keeps an answer's windows
    contiguous, so without this one lost upload held back every later segment of its answer, and with
    the answer open, its earlier ones too: the report said "No transcript was produced" for an answer
    whose other segments were analysed. While the session is live an upload may still come, so the
    planner waits.
    """
    return (
        chunk.status is ChunkStatus.REQUESTED
        and session.status is not SessionStatus.LIVE
        and now - chunk.requested_at >= UNCONFIRMED_GRACE
    )


def _pending(svc: Services, session: Session) -> tuple[list[int], list[int]]:
    """Segments still being analysed (or uploads confirmed lately) and windows still transcribing.

    An analysed segment with speech that no window covers yet is pending too: the caller that recorded
    its analysis is planning its window. Without it, a check that read the session between that
    segment's result and its window's claim built the report without the answer's last window (seen in
    the real-browser tests: "No transcript was produced" for a transcribed answer).
    """
    now = utcnow()
    items = svc.repos.chunks.snapshot(session.session_id)
    covered = {seq for w in items.windows for seq in w.seqs}
    chunks = [
        c.seq
        for c in items.chunks
        if c.status is ChunkStatus.ACCEPTED
        or (c.status is ChunkStatus.REQUESTED and not _abandoned(c, session, now))
        or (c.status is ChunkStatus.ANALYZED and c.speech and c.seq not in covered)
    ]
    return chunks, [w.window_index for w in items.windows if w.status is WindowStatus.RUNNING]


def finalize_check(svc: Services, event: dict[str, Any]) -> dict[str, Any]:
    """Ready when every confirmed segment and every window is settled (or after a bounded wait).

    The check polls for up to `FINALIZE_POLL_S` itself before answering "not yet": the report is
    announced within a fraction of a second of the last window instead of at the next one-second
    Wait of the state machine, and long waits still cost few state transitions.
    """
    session = _writable_session(svc, event["session_id"])
    attempt = int(event.get("attempt") or 0) + 1
    deadline = time.monotonic() + FINALIZE_POLL_S
    while True:
        plan_and_start_windows(svc, session)
        pending_chunks, pending_windows = _pending(svc, session)
        if not (pending_chunks or pending_windows) or time.monotonic() >= deadline:
            break
        time.sleep(FINALIZE_POLL_INTERVAL_S)
    timed_out = attempt >= MAX_FINALIZE_ATTEMPTS and bool(pending_chunks or pending_windows)
    return {
        "ready": timed_out or not (pending_chunks or pending_windows),
        "attempt": attempt,
        "timed_out": timed_out,
        "pending_chunks": pending_chunks,
        "pending_windows": pending_windows,
    }
