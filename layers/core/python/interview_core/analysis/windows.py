"""Window planning: when to send an answer's segments to the (expensive) transcription worker.

Whisper's encoder always processes 30 s of audio, so transcribing a 3 s segment costs as much as a
30 s window. The planner therefore groups consecutive segments into windows of about 25-30 s of media,
closing a window only at a segment boundary where the speaker was silent (no word is cut in half),
and flushes whatever is left when the answer or the session ends. Windows are whole segments because
a window task names segments (S3 keys and offsets); the worker reads them and stays stateless.

Pure and numpy-free: the Lambda behind the state machine runs it on `SpeechSegmentSummary` objects
(any object with the attributes of `SegmentSpeech` works).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

__all__ = [
    "CloseReason",
    "PlannedWindow",
    "SegmentSpeech",
    "WindowPlan",
    "WindowSettings",
    "plan_windows",
]

CloseReason = Literal["silence", "max_length", "answer_ended", "session_ended"]


class SegmentSpeech(Protocol):
    """What the planner reads from a segment's speech summary."""

    @property
    def seq(self) -> int: ...
    @property
    def offset_s(self) -> float: ...
    @property
    def duration_s(self) -> float: ...
    @property
    def speech_s(self) -> float: ...
    @property
    def trailing_silence_s(self) -> float: ...


@dataclass(frozen=True, slots=True)
class WindowSettings:
    """Args:
    target_s: Media length from which a window closes at the next silent boundary.
    max_s: Whisper's window. Adding a segment that would pass this closes the window before it,
        at the best silent boundary seen (see `min_cut_s`), else at the last boundary.
    min_cut_s: A window cut early at a silence must hold at least this much media.
    min_silence_s: Trailing silence that makes a segment boundary a safe cut (no word in half).
    """

    target_s: float = 25.0
    max_s: float = 30.0
    min_cut_s: float = 15.0
    min_silence_s: float = 0.3


@dataclass(frozen=True, slots=True)
class PlannedWindow:
    """Segments (by `seq`) to transcribe together; `has_speech` False lets the caller skip ASR."""

    seqs: tuple[int, ...]
    start_s: float
    end_s: float
    reason: CloseReason
    has_speech: bool


@dataclass(frozen=True, slots=True)
class WindowPlan:
    """Windows to start now, and the segments still waiting (the next call passes them again)."""

    windows: tuple[PlannedWindow, ...] = ()
    pending: tuple[int, ...] = field(default_factory=tuple)


def _window(segs: Sequence[SegmentSpeech], reason: CloseReason) -> PlannedWindow:
    return PlannedWindow(
        seqs=tuple(s.seq for s in segs),
        start_s=segs[0].offset_s,
        end_s=segs[-1].offset_s + segs[-1].duration_s,
        reason=reason,
        has_speech=any(s.speech_s > 0 for s in segs),
    )


def _media(segs: Sequence[SegmentSpeech]) -> float:
    return sum(s.duration_s for s in segs)


def _cut_index(current: Sequence[SegmentSpeech], settings: WindowSettings) -> int:
    """Where to cut a window that cannot grow: after the silent boundary with the most media
    (at least `min_cut_s`), else after the last segment (a forced cut)."""
    best = len(current)
    media = 0.0
    for i, seg in enumerate(current, start=1):
        media += seg.duration_s
        if media >= settings.min_cut_s and seg.trailing_silence_s >= settings.min_silence_s:
            best = i
    return best


def plan_windows(
    segments: Sequence[SegmentSpeech],
    *,
    answer_ended: bool = False,
    session_ended: bool = False,
    settings: WindowSettings | None = None,
) -> WindowPlan:
    """Group the pending segments of one answer (in order, not yet transcribed) into windows.

    Call it each time a segment summary arrives and once more when the answer or session ends. It
    is idempotent: the same input gives the same plan, so a retried state machine step is safe.
    """
    cfg = settings or WindowSettings()
    ordered = sorted(segments, key=lambda s: (s.offset_s, s.seq))  # media order, even if seqs repeat
    windows: list[PlannedWindow] = []
    current: list[SegmentSpeech] = []
    for seg in ordered:
        if current and _media(current) + seg.duration_s > cfg.max_s:
            cut = _cut_index(current, cfg)
            windows.append(_window(current[:cut], "silence" if cut < len(current) else "max_length"))
            current = current[cut:]
        current.append(seg)
        media = _media(current)
        if media >= cfg.target_s and seg.trailing_silence_s >= cfg.min_silence_s:
            windows.append(_window(current, "silence"))
            current = []
        elif media >= cfg.max_s:
            cut = _cut_index(current, cfg)
            windows.append(_window(current[:cut], "silence" if cut < len(current) else "max_length"))
            current = current[cut:]
    if current and (answer_ended or session_ended):
        windows.append(_window(current, "session_ended" if session_ended else "answer_ended"))
        current = []
    return WindowPlan(windows=tuple(windows), pending=tuple(s.seq for s in current))
