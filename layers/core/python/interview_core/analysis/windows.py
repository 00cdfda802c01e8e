"""Window planning: when to send an answer's segments to the (expensive) transcription worker.

Whisper's encoder always processes 30 s of audio, so transcribing a 3 s segment costs as much as a
30 s window. The planner therefore groups consecutive segments into windows of about 25-30 s of media
that end at a silence (no word cut in half), and flushes whatever is left when the answer or the
session ends. Windows are stateless work items: they name segments (S3 keys and offsets), and the
worker reads them.

Two cut modes (`WindowSettings.cut_inside_segments`):
- False (default): windows are whole segments, cut at a segment boundary where the speaker was
  silent (`trailing_silence_s`). Simple to wire: a window task is just its segments.
- True: cuts fall in the middle of any silence, inside segments too (from `speech_spans`). Browser
  segments are cut on a timer, so boundaries often fall mid-word; with this mode only a window that
  found no silence at all is cut mid-speech. The worker then clips the joined audio to the window's
  `start_s`/`end_s` (`transcribe_window(..., clip_s=(start_s, end_s))`), and the caller passes the
  plan's `next_start_s` back as `start_s` on the next call, since a segment can be shared.

Pure and numpy-free: the Lambda behind the state machine runs it on `SpeechSegmentSummary` objects
(any object with the attributes of `SegmentSpeech` works). Same input, same plan: retries are safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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
_EPS = 1e-6


class SegmentSpeech(Protocol):
    """What the planner reads from a segment's speech summary (`speech_spans` optional, with
    `start_s`/`end_s` on the session timeline; only used when cutting inside segments)."""

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
    target_s: Media length from which a window closes at the next silence.
    max_s: Whisper's window. A window never grows past it: it is cut at the latest silence after
        `min_cut_s`, else (no silence at all) at the last boundary before `max_s`.
    min_cut_s: A window cut early at a silence must hold at least this much media.
    min_silence_s: Silence long enough to cut at without cutting a word.
    cut_inside_segments: Cut at silences inside segments too (see module docstring).
    """

    target_s: float = 25.0
    max_s: float = 30.0
    min_cut_s: float = 15.0
    min_silence_s: float = 0.3
    cut_inside_segments: bool = False


@dataclass(frozen=True, slots=True)
class PlannedWindow:
    """Segments (by `seq`) to transcribe together over [start_s, end_s] of session time;
    `has_speech` False lets the caller skip ASR."""

    seqs: tuple[int, ...]
    start_s: float
    end_s: float
    reason: CloseReason
    has_speech: bool


@dataclass(frozen=True, slots=True)
class WindowPlan:
    """Windows to start now; segments still waiting (pass them again with the next one), and where
    the next window starts (inside the first pending segment when cutting inside segments)."""

    windows: tuple[PlannedWindow, ...] = ()
    pending: tuple[int, ...] = ()
    next_start_s: float | None = None


def _end(seg: SegmentSpeech) -> float:
    return seg.offset_s + seg.duration_s


def _spans(seg: SegmentSpeech) -> list[tuple[float, float]]:
    raw = getattr(seg, "speech_spans", None) or []
    out = []
    for span in raw:
        start, end = (span.start_s, span.end_s) if hasattr(span, "start_s") else (span[0], span[1])
        out.append((float(start), float(end)))
    return out


def _boundary_cuts(ordered: Sequence[SegmentSpeech], cfg: WindowSettings) -> list[float]:
    return [_end(s) for s in ordered if s.trailing_silence_s >= cfg.min_silence_s]


def _inside_cuts(ordered: Sequence[SegmentSpeech], cfg: WindowSettings) -> list[float]:
    """Midpoints of every silence >= min_silence_s, across segment boundaries too."""
    spans = sorted(span for seg in ordered for span in _spans(seg))
    merged: list[tuple[float, float]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + _EPS:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    t, media_end = ordered[0].offset_s, _end(ordered[-1])
    cuts = []
    for start, end in [*merged, (media_end, media_end)]:
        if start - t >= cfg.min_silence_s:
            cuts.append(
                round((t + start) / 2, 3) if start < media_end else round(t + cfg.min_silence_s / 2, 3)
            )
        t = max(t, end)
    return cuts


def _has_speech(ordered: Sequence[SegmentSpeech], start: float, end: float, cfg: WindowSettings) -> bool:
    if cfg.cut_inside_segments:
        return any(min(end, b) - max(start, a) > _EPS for s in ordered for a, b in _spans(s))
    return any(s.speech_s > 0 for s in ordered if min(end, _end(s)) - max(start, s.offset_s) > _EPS)


def _window(
    ordered: Sequence[SegmentSpeech], start: float, end: float, reason: CloseReason, cfg: WindowSettings
) -> PlannedWindow:
    seqs = tuple(s.seq for s in ordered if min(end, _end(s)) - max(start, s.offset_s) > _EPS)
    return PlannedWindow(
        seqs=seqs,
        start_s=round(start, 3),
        end_s=round(end, 3),
        reason=reason,
        has_speech=_has_speech(ordered, start, end, cfg),
    )


def _forced_cut(ordered: Sequence[SegmentSpeech], start: float, cfg: WindowSettings) -> float:
    """No silence anywhere: cut at max_s (inside mode) or the last boundary before it."""
    if cfg.cut_inside_segments:
        return start + cfg.max_s
    ends = [_end(s) for s in ordered if start + _EPS < _end(s)]
    fitting = [e for e in ends if e <= start + cfg.max_s + _EPS]
    return fitting[-1] if fitting else ends[0]


def plan_windows(
    segments: Sequence[SegmentSpeech],
    *,
    answer_ended: bool = False,
    session_ended: bool = False,
    settings: WindowSettings | None = None,
    start_s: float | None = None,
) -> WindowPlan:
    """Group the pending segments of one answer (not yet fully transcribed) into windows.

    Call it each time a segment summary arrives and once more when the answer or session ends.
    `start_s`: where the next window starts (the previous plan's `next_start_s`); defaults to the
    first segment's offset.
    """
    cfg = settings or WindowSettings()
    ordered = sorted(segments, key=lambda s: (s.offset_s, s.seq))  # media order, even if seqs repeat
    if not ordered:
        return WindowPlan(next_start_s=start_s)
    ws = ordered[0].offset_s if start_s is None else max(start_s, ordered[0].offset_s)
    media_end = _end(ordered[-1])
    cuts = _inside_cuts(ordered, cfg) if cfg.cut_inside_segments else _boundary_cuts(ordered, cfg)
    windows: list[PlannedWindow] = []
    we: float
    reason: CloseReason
    while True:
        ready = [c for c in cuts if ws + cfg.target_s - _EPS <= c <= ws + cfg.max_s + _EPS]
        if ready:
            we, reason = ready[0], "silence"
        elif media_end - ws >= cfg.max_s - _EPS:
            early = [c for c in cuts if ws + cfg.min_cut_s - _EPS <= c <= ws + cfg.max_s + _EPS]
            we, reason = (early[-1], "silence") if early else (_forced_cut(ordered, ws, cfg), "max_length")
        else:
            break
        windows.append(_window(ordered, ws, we, reason, cfg))
        ws = we
    if (answer_ended or session_ended) and media_end - ws > _EPS:
        final: CloseReason = "session_ended" if session_ended else "answer_ended"
        windows.append(_window(ordered, ws, media_end, final, cfg))
        ws = media_end
    pending = tuple(s.seq for s in ordered if _end(s) > ws + _EPS)
    return WindowPlan(windows=tuple(windows), pending=pending, next_start_s=round(ws, 3))
