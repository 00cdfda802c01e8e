"""Live nudges: sparse, gentle, rule-based hints during an answer (Chollet et al. 2022: a dense live
dashboard did worst; the lesson belongs in the report, live feedback should be rare and kind).

Rules read only what is known live: the last few segment summaries (face, attention, loudness,
syllable-rate pace) and, when a transcription window has finished, its filler rate. At most one
nudge per `NudgeSettings.min_gap_s` (20 s), none in the first `quiet_start_s` (10 s) of an answer,
and only evidence from the current answer counts. The camera nudge fires only for a sustained look
away: eyes on the screen (reading, listening) never trigger it. Pure python: the nudge Lambda calls it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field

from interview_core.analysis.attention import classify_track
from interview_core.contracts.base import Contract
from interview_core.contracts.speech import SpeechSegmentSummary, WindowTranscript
from interview_core.contracts.vision import AttentionCalibration, VisionSummary

__all__ = ["LiveSegment", "Nudge", "NudgeKind", "NudgeSettings", "evaluate_nudge"]

NudgeKind = Literal["face_not_visible", "speak_up", "slow_down", "look_at_camera", "fewer_fillers"]


class Nudge(Contract):
    kind: NudgeKind
    message: str
    answer_index: int = Field(ge=0)
    at_s: float = Field(ge=0)

    def to_message(self) -> dict[str, Any]:
        """The WebSocket frame: `{type: "nudge", kind, message, answer_index, at_s}`."""
        return {"type": "nudge", **self.model_dump(mode="json")}


class LiveSegment(Contract):
    """One analysed segment as the live path sees it (times on the session timeline)."""

    offset_s: float = Field(ge=0)
    duration_s: float = Field(ge=0)
    vision: VisionSummary | None = None
    speech: SpeechSegmentSummary | None = None


@dataclass(frozen=True, slots=True)
class NudgeSettings:
    """Args:
    min_gap_s: At most one nudge per this many seconds.
    quiet_start_s: No nudge this early in an answer.
    lookback_s: Only segments ending within this many seconds before `now_s` count.
    face_min: Face visible below this share of frames -> face nudge.
    away_min_s: Looking away (neither screen nor camera) for this long without a break -> camera
        nudge. 4 s: a glance aside to think is normal; a longer one loses the interviewer.
    fast_wpm: Syllable-rate pace estimate above this -> slow down (the band's top is 160; the
        estimate is rough, so the threshold leaves a margin).
    quiet_db: Mean speech loudness below this (dBFS) -> speak up.
    fillers_per_100: Latest window's fillers per 100 words above this -> fillers nudge.
    """

    min_gap_s: float = 20.0
    quiet_start_s: float = 10.0
    lookback_s: float = 12.0
    face_min: float = 0.5
    away_min_s: float = 4.0
    fast_wpm: float = 185.0
    quiet_db: float = -35.0
    fillers_per_100: float = 8.0


MESSAGES: dict[NudgeKind, str] = {
    "face_not_visible": "We can't quite see your face. Try moving back into the frame.",
    "speak_up": "Your voice is a little quiet. Try speaking up a touch.",
    "slow_down": "You're moving quickly. Take a breath and slow down a little.",
    "look_at_camera": "Bring your eyes back to the screen, or to the camera for a key point.",
    "fewer_fillers": "Nice work so far. A short silent pause can replace 'um'.",
}


def _mean(pairs: Sequence[tuple[float, float]]) -> float | None:
    den = sum(w for _, w in pairs)
    return sum(v * w for v, w in pairs) / den if den > 0 else None


def _face(segs: Sequence[LiveSegment], cfg: NudgeSettings) -> bool:
    vals = [(s.vision.face.present_ratio if s.vision.face else 0.0, float(s.vision.frames_analysed))
            for s in segs if s.vision and s.vision.has_video and s.vision.frames_analysed]  # fmt: skip
    m = _mean(vals)
    return m is not None and m < cfg.face_min


def _away(segs: Sequence[LiveSegment], cfg: NudgeSettings, calibration: AttentionCalibration | None) -> bool:
    """A run of `away` samples lasting `away_min_s`, across consecutive segments."""
    run_s = 0.0
    for s in sorted(segs, key=lambda s: s.offset_s):
        track = s.vision.gaze_track if s.vision else None
        for label in classify_track(track, calibration) if track else ():
            run_s = run_s + track.step_s if label == "away" and track else 0.0
            if run_s >= cfg.away_min_s - 1e-9:
                return True
    return False


def _quiet(segs: Sequence[LiveSegment], cfg: NudgeSettings) -> bool:
    vals = [(s.speech.loudness.mean_db, s.speech.speech_s) for s in segs
            if s.speech and s.speech.loudness and s.speech.loudness.mean_db is not None]  # fmt: skip
    m = _mean(vals)
    return m is not None and m < cfg.quiet_db


def _fast(segs: Sequence[LiveSegment], cfg: NudgeSettings) -> bool:
    vals = [(s.speech.rate.estimated_wpm, s.speech.speech_s) for s in segs
            if s.speech and s.speech.rate and s.speech.speech_ratio >= 0.5]  # fmt: skip
    m = _mean(vals)
    return m is not None and len(vals) >= 2 and m > cfg.fast_wpm


def evaluate_nudge(
    recent: Sequence[LiveSegment],
    *,
    answer_started_at_s: float,
    now_s: float,
    last_nudge_at_s: float | None,
    answer_index: int = 0,
    latest_window: WindowTranscript | None = None,
    settings: NudgeSettings | None = None,
    calibration: AttentionCalibration | None = None,
) -> Nudge | None:
    """The one nudge to send now, or None. Rules in priority order: face, loudness, pace, camera, fillers.

    `recent`: the latest segment summaries (any order); `last_nudge_at_s`: when the last nudge of this
    session was sent (the caller stores it), None if never. All times on the session timeline.
    """
    cfg = settings or NudgeSettings()
    if now_s - answer_started_at_s < cfg.quiet_start_s:
        return None
    if last_nudge_at_s is not None and now_s - last_nudge_at_s < cfg.min_gap_s:
        return None
    since = now_s - cfg.lookback_s
    segs = [
        s for s in recent if s.offset_s >= answer_started_at_s - 0.5 and s.offset_s + s.duration_s >= since
    ]
    rules: list[tuple[NudgeKind, Callable[[], bool]]] = [
        ("face_not_visible", lambda: _face(segs, cfg)),
        ("speak_up", lambda: _quiet(segs, cfg)),
        ("slow_down", lambda: _fast(segs, cfg)),
        ("look_at_camera", lambda: _away(segs, cfg, calibration)),
        ("fewer_fillers", lambda: latest_window is not None and latest_window.answer_index == answer_index
         and latest_window.end_s >= now_s - 2 * cfg.lookback_s
         and latest_window.filler_stats.per_100_words > cfg.fillers_per_100),
    ]  # fmt: skip
    for kind, fires in rules:
        if (segs or kind == "fewer_fillers") and fires():
            return Nudge(kind=kind, message=MESSAGES[kind], answer_index=answer_index, at_s=round(now_s, 2))
    return None
