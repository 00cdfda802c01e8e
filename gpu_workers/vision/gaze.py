"""Gaze direction from head pose plus iris position, and blinks from the eye aspect ratio.

Head pose alone is not eye contact (a common shortcut in open-source tools): people keep eye contact
with their head slightly turned, and look away by moving only their eyes. Here the eye's own rotation
is estimated from where the iris sits between the eye corners and added to the head pose. Where the
gaze lands (camera, screen, away) is decided by `interview_core.analysis.attention`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gpu_workers.vision.landmarks import (
    IRIS_CENTRE_IMAGE_LEFT,
    IRIS_CENTRE_IMAGE_RIGHT,
    LEFT_EYE_EAR,
    RIGHT_EYE_EAR,
)

__all__ = [
    "EYE_WIDTH_OVER_RADIUS",
    "Gaze",
    "count_blinks",
    "eye_aspect_ratio",
    "gaze_direction",
    "iris_offset",
    "longest_run_s",
]

# Eye width (corner to corner, ~30 mm) over eyeball radius (~12 mm): converts an iris shift measured in
# eye widths into the sine of the eye's rotation.
EYE_WIDTH_OVER_RADIUS = 2.5
# Eye corners per eye, ordered image-left to image-right.
_EYES = ((33, 133, IRIS_CENTRE_IMAGE_LEFT), (362, 263, IRIS_CENTRE_IMAGE_RIGHT))


@dataclass(frozen=True, slots=True)
class Gaze:
    yaw: float
    pitch: float


def iris_offset(pts: np.ndarray) -> tuple[float, float]:
    """Mean iris offset from the eye-corner midpoint, in eye widths: (towards image right, downwards)."""
    hs, vs = [], []
    for a, b, iris in _EYES:
        left, right = pts[a, :2], pts[b, :2]
        axis = right - left
        width = float(np.linalg.norm(axis))
        if width < 1e-6:
            continue
        u = axis / width
        n = np.array([-u[1], u[0]])  # image "down" for a level eye
        d = pts[iris, :2] - (left + right) / 2
        hs.append(float(d @ u) / width)
        vs.append(float(d @ n) / width)
    if not hs:
        return 0.0, 0.0
    return float(np.mean(hs)), float(np.mean(vs))


def _eye_angle(offset: float) -> float:
    return math.degrees(math.asin(max(-1.0, min(1.0, offset * EYE_WIDTH_OVER_RADIUS))))


def gaze_direction(
    head_yaw: float,
    head_pitch: float,
    iris_h: float,
    iris_v: float,
    iris_v_neutral: float = 0.0,
) -> Gaze:
    """Gaze angles, same signs as head pose, from the line of sight to the camera.

    `iris_v_neutral` is where the iris sits vertically when looking straight ahead: the corners' midpoint
    is not the pupil's rest position, and eyelids move with vertical gaze, so vertical eye angles are the
    least reliable part and the head's pitch carries most of the vertical decision.
    """
    yaw = head_yaw + _eye_angle(iris_h)
    pitch = head_pitch - _eye_angle(iris_v - iris_v_neutral)
    return Gaze(yaw=yaw, pitch=pitch)


def eye_aspect_ratio(pts: np.ndarray) -> float:
    """Mean eye aspect ratio (Soukupova and Cech 2016) of both eyes: ~0.3 open, < ~0.15 closed."""
    ears = []
    for p1, p2, p3, p4, p5, p6 in (LEFT_EYE_EAR, RIGHT_EYE_EAR):
        vertical = np.linalg.norm(pts[p2, :2] - pts[p6, :2]) + np.linalg.norm(pts[p3, :2] - pts[p5, :2])
        horizontal = np.linalg.norm(pts[p1, :2] - pts[p4, :2])
        if horizontal > 1e-6:
            ears.append(vertical / (2.0 * horizontal))
    return float(np.mean(ears)) if ears else float("nan")


def count_blinks(
    times: np.ndarray, ear: np.ndarray, closed_fraction: float = 0.7, max_blink_s: float = 0.5
) -> int:
    """Count blinks: short runs of frames whose EAR drops below a fraction of the open-eye level.

    The open-eye level is the segment's median EAR (eyes are open most of the time), which adapts to eye
    shape and camera angle better than one absolute threshold. Closures longer than `max_blink_s` are
    eyes kept shut, not blinks. NaN (no face) ends a run without counting it.
    """
    valid = ~np.isnan(ear)
    if valid.sum() < 3:
        return 0
    threshold = closed_fraction * float(np.median(ear[valid]))
    blinks = 0
    start: float | None = None
    for t, e in zip(times, ear, strict=True):
        if np.isnan(e):
            start = None
        elif e < threshold:
            start = float(t) if start is None else start
        elif start is not None:
            if float(t) - start <= max_blink_s + 1e-9:
                blinks += 1
            start = None
    return blinks


def longest_run_s(times: np.ndarray, flags: np.ndarray, end_s: float) -> float:
    """Longest span of consecutive True flags; a run lasts until the next False frame (or `end_s`)."""
    longest = 0.0
    start: float | None = None
    for t, flag in zip(times, flags, strict=True):
        if flag and start is None:
            start = float(t)
        elif not flag and start is not None:
            longest = max(longest, float(t) - start)
            start = None
    if start is not None:
        longest = max(longest, end_s - start)
    return longest
