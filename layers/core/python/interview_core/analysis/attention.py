"""Attention per moment: looking at the camera, at the screen, or away. Pure python (no numpy).

Geometry of a laptop webcam on top of the screen, in gaze angles (head pose plus eye rotation, degrees
from the line of sight to the camera): the camera is one direction, the screen a box just below it.
Calibration measures two directions per person, the camera and the middle of the screen; the box is
derived from them: the camera sits on the screen's top edge, so the centre lies half a screen height
below it, and a 16:10 screen is 1.6 times as wide as it is high. When only the camera direction can be
trusted, the screen centre is placed below it by the defaults' offset. A camera cone, a screen box, and
everything else is "away"; so is a head turned further than a laptop screen reaches sideways, whatever
the eyes seem to do, and a head tilted sideways (rolled) further than people hold it while reading a
screen, unless the gaze is in the camera cone. Why the tilt: turning towards something beside the laptop
tilts the head before it turns far, and looking down and sideways the eyelids hide the iris, so its
estimate fails and can land in the screen box. Why not when the gaze is on the camera: looking into the
lens the iris is in plain view, and people do talk into a camera with the head rolled (carphone 14-27
deg). Of five candidates (no tilt rule, 14 deg, 20 deg, 14 deg unless the gaze is on the camera, 14 deg
only with a head turn over 10 deg), this one has the best engaged-vs-away accuracy pooled over the six
labelled recordings of four people (selection rule declared before scoring; evaluation/attention.py
prints every candidate per clip): 84% (142/170; tied with the head-turn variant, which needs one more
constant), against 79% for the plain 14 deg limit and 83% for none.

Without calibration the defaults describe a laptop webcam above the screen, with the screen centre
20 deg below the lens: geometry alone says ~12 deg (a 15" screen 55 cm away), but people lower the head
towards the screen and the estimate exaggerates that (tuned on one labelled clip, see
evaluation/attention.py); the camera cone is wider than a calibrated one because measured gaze angles
carry a per-person bias of up to ~20 deg in pitch (face shape, head carriage: with the head pitched down
towards a high webcam, the eyes' upward rotation barely moves the iris against the eye corners, see
gpu_workers/vision/tools/vertical_gaze_study.py), which calibration removes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from interview_core.contracts.vision import (
    AttentionCalibration,
    AttentionLabel,
    AttentionStats,
    CalibrationSpans,
    GazeDirection,
    GazeTrack,
)

__all__ = [
    "DEFAULT_CALIBRATION",
    "ScreenGeometry",
    "attention_stats",
    "calibration_from_samples",
    "calibration_from_spans",
    "classify",
    "classify_track",
    "dominant",
    "geometry",
    "resolve_calibration",
    "screen_span_seen",
]

DEFAULT_CALIBRATION = AttentionCalibration(
    camera=GazeDirection(yaw_deg=0.0, pitch_deg=0.0), screen=GazeDirection(yaw_deg=0.0, pitch_deg=-20.0)
)
SCREEN_ASPECT = 1.6  # width over height of a laptop screen (16:10)
MARGIN_DEG = 6.0  # landmark jitter and eyes resting on the screen's edge still count as the screen
CAMERA_CONE = (5.0, 0.4, 9.0)  # calibrated cone radius: at least, share of the screen's half height, at most
UNCALIBRATED_CONE_DEG = 12.0
MAX_HALF_HEIGHT_DEG = 15.0  # a measured drop beyond this is head-pose exaggeration, not a taller screen
MAX_HALF_WIDTH_DEG = 25.0
HEAD_TURNED_DEG = 20.0  # beyond the side edge of a laptop screen at a normal distance
HEAD_TILTED_DEG = 14.0  # head roll: reading a screen keeps the head nearly level
MIN_CALIBRATION_SAMPLES = 4  # per span: a second of visible face at the worker's 0.25 s track step


@dataclass(frozen=True, slots=True)
class ScreenGeometry:
    """The camera cone and the screen box, degrees of gaze yaw and pitch."""

    camera_yaw: float
    camera_pitch: float
    camera_radius: float
    left: float
    right: float
    top: float
    bottom: float
    max_head_yaw: float = HEAD_TURNED_DEG
    max_head_roll: float = HEAD_TILTED_DEG


def geometry(calibration: AttentionCalibration | None) -> ScreenGeometry:
    """Camera cone and screen box from a calibration (or the laptop defaults)."""
    cal = calibration or DEFAULT_CALIBRATION
    cam, scr = cal.camera, cal.screen
    half_height = min(cam.pitch_deg - scr.pitch_deg, MAX_HALF_HEIGHT_DEG)
    low, share, high = CAMERA_CONE
    half_width = min(SCREEN_ASPECT * half_height, MAX_HALF_WIDTH_DEG) + MARGIN_DEG
    return ScreenGeometry(
        camera_yaw=cam.yaw_deg,
        camera_pitch=cam.pitch_deg,
        camera_radius=max(low, min(high, share * half_height)) if calibration else UNCALIBRATED_CONE_DEG,
        left=scr.yaw_deg - half_width,
        right=scr.yaw_deg + half_width,
        top=cam.pitch_deg + MARGIN_DEG,
        bottom=scr.pitch_deg - half_height - MARGIN_DEG,
    )


def classify(
    yaw: float,
    pitch: float,
    geo: ScreenGeometry,
    head_yaw: float | None = None,
    head_roll: float | None = None,
) -> AttentionLabel:
    """One moment's attention from its gaze direction and, when known, the head's own yaw and roll."""
    if head_yaw is not None and abs(head_yaw - geo.camera_yaw) > geo.max_head_yaw:
        return "away"
    if math.hypot(yaw - geo.camera_yaw, pitch - geo.camera_pitch) <= geo.camera_radius:
        return "camera"  # eyes on the lens are read even from a tilted head: the iris is in plain view
    if head_roll is not None and abs(head_roll) > geo.max_head_roll:
        return "away"
    if geo.left <= yaw <= geo.right and geo.bottom <= pitch <= geo.top:
        return "screen"
    return "away"


def classify_track(
    track: GazeTrack, calibration: AttentionCalibration | None, geo: ScreenGeometry | None = None
) -> list[AttentionLabel | None]:
    """Attention per track sample; None where no face was seen. `geo` overrides the calibration's."""
    geo = geo or geometry(calibration)
    rolls = track.head_roll_deg or [None] * len(track.yaw_deg)
    return [
        None if y is None or p is None else classify(y, p, geo, h, r)
        for y, p, h, r in zip(track.yaw_deg, track.pitch_deg, track.head_yaw_deg, rolls, strict=True)
    ]


def _longest_run(labels: Sequence[AttentionLabel | None], label: AttentionLabel) -> int:
    longest = run = 0
    for x in labels:
        run = run + 1 if x == label else 0
        longest = max(longest, run)
    return longest


def attention_stats(
    labels: Sequence[AttentionLabel | None], step_s: float, calibrated: bool
) -> AttentionStats | None:
    """Shares of the face-visible samples; None when no face was seen at all."""
    seen = [x for x in labels if x is not None]
    if not seen:
        return None
    camera = round(seen.count("camera") / len(seen), 3)
    screen = round(seen.count("screen") / len(seen), 3)
    return AttentionStats(
        camera=camera,
        screen=screen,
        away=round(max(0.0, 1.0 - camera - screen), 3),
        longest_away_s=round(_longest_run(labels, "away") * step_s, 2),
        calibrated=calibrated,
    )


def dominant(labels: Sequence[AttentionLabel | None]) -> AttentionLabel | None:
    """The most frequent label (ties: away, then screen, then camera: the cautious reading)."""
    seen: list[AttentionLabel] = [x for x in labels if x is not None]
    if not seen:
        return None
    cautious_first: tuple[AttentionLabel, ...] = ("away", "screen", "camera")
    return max(cautious_first, key=seen.count)


def calibration_from_samples(
    camera: Sequence[tuple[float, float]], screen: Sequence[tuple[float, float]] | None = None
) -> AttentionCalibration:
    """A calibration from gaze samples (yaw, pitch) taken while looking at the camera and the screen.

    Medians, so a blink or a glance during the few seconds does not move the result. `screen` None: only
    the camera dot was measured; the screen is placed where the laptop defaults put it relative to the
    camera, since a measured camera direction already removes the per-person bias. Raises ValueError
    (from the contract's checks) when the two do not describe a screen below the camera.
    """
    if not camera:
        raise ValueError("calibration needs gaze samples for the camera")
    if screen is not None and not screen:
        raise ValueError("calibration needs gaze samples for the screen")

    def median_direction(samples: Sequence[tuple[float, float]]) -> GazeDirection:
        yaws = sorted(s[0] for s in samples)
        pitches = sorted(s[1] for s in samples)
        return GazeDirection(yaw_deg=round(_median(yaws), 1), pitch_deg=round(_median(pitches), 1))

    lens = median_direction(camera)
    if screen is None:
        default_camera, default_screen = DEFAULT_CALIBRATION.camera, DEFAULT_CALIBRATION.screen
        centre = GazeDirection(
            yaw_deg=lens.yaw_deg + default_screen.yaw_deg - default_camera.yaw_deg,
            pitch_deg=lens.pitch_deg + default_screen.pitch_deg - default_camera.pitch_deg,
        )
        return AttentionCalibration(camera=lens, screen=centre)
    return AttentionCalibration(camera=lens, screen=median_direction(screen))


def _span_samples(
    tracks: Iterable[tuple[float, GazeTrack]], spans: Sequence[tuple[float, float]]
) -> list[list[tuple[float, float]]]:
    """Face samples (yaw, pitch) per span; a sample counts when its centre lies in the span."""
    found: list[list[tuple[float, float]]] = [[] for _ in spans]
    for offset, track in tracks:
        for k, (yaw, pitch) in enumerate(zip(track.yaw_deg, track.pitch_deg, strict=True)):
            t = offset + (k + 0.5) * track.step_s
            for (start, end), samples in zip(spans, found, strict=True):
                if start <= t < end and yaw is not None and pitch is not None:
                    samples.append((yaw, pitch))
    return found


def calibration_from_spans(
    tracks: Iterable[tuple[float, GazeTrack]],
    camera_s: tuple[float, float],
    screen_s: tuple[float, float] | None = None,
) -> AttentionCalibration:
    """A calibration from the spans of a recording (seconds) spent looking at the camera and the screen
    (`screen_s` None: the camera dot alone, see `calibration_from_samples`).

    `tracks`: (segment offset, gaze track) pairs.
    """
    return calibration_from_samples(
        *_span_samples(tracks, (camera_s,) if screen_s is None else (camera_s, screen_s))
    )


def screen_span_seen(tracks: Iterable[tuple[float, GazeTrack]], spans: CalibrationSpans) -> bool:
    """Whether the screen span holds enough face samples to calibrate; without them a calibration that
    `resolve_calibration` returns is the camera dot's alone."""
    (screen,) = _span_samples(tracks, (spans.screen_span_s,))
    return len(screen) >= MIN_CALIBRATION_SAMPLES


def resolve_calibration(
    tracks: Iterable[tuple[float, GazeTrack]], spans: CalibrationSpans
) -> AttentionCalibration | None:
    """The calibration the browser's spans describe, as far as they can be trusted. A span with too few
    face samples (face out of view, a dark room) can not be: without the screen's, the camera dot alone
    calibrates (it is the one that removes the per-person bias). Two usable spans whose directions are
    no screen below a camera mean the candidate did not follow the dots (looking at the screen
    throughout would put the "camera" on the screen), so neither is trusted. None means: read attention
    with the laptop defaults."""
    camera, screen = _span_samples(tracks, (spans.camera_span_s, spans.screen_span_s))
    if len(camera) < MIN_CALIBRATION_SAMPLES:
        return None
    try:
        if len(screen) < MIN_CALIBRATION_SAMPLES:
            return calibration_from_samples(camera)
        return calibration_from_samples(camera, screen)
    except ValueError:  # no screen below that camera (or, alone, a lens so low no screen fits below)
        return None


def _median(sorted_values: Sequence[float]) -> float:
    n = len(sorted_values)
    mid = n // 2
    return sorted_values[mid] if n % 2 else (sorted_values[mid - 1] + sorted_values[mid]) / 2
