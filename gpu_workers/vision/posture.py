"""Upper-body posture from MediaPipe Pose: shoulder tilt, head height (slouch proxy), lean, movement.

At a webcam only the head and shoulders are usually visible, so every measure needs just those, and
those that need more (torso lean needs the hips) are None rather than guessed. Pose keypoints whose
visibility is below `MIN_VISIBILITY` count as missing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["MIN_VISIBILITY", "PostureFrame", "movement_energy", "pose_to_array", "posture_frame"]

MIN_VISIBILITY = 0.5
NOSE, EAR_IMAGE_RIGHT, EAR_IMAGE_LEFT = 0, 7, 8  # pose index 7 is the subject's left ear (image right)
SHOULDER_IMAGE_RIGHT, SHOULDER_IMAGE_LEFT = 11, 12
HIP_IMAGE_RIGHT, HIP_IMAGE_LEFT = 23, 24
# Keypoints whose motion counts as fidgeting: head, shoulders, elbows, wrists.
MOVEMENT_POINTS = (0, 7, 8, 11, 12, 13, 14, 15, 16)


@dataclass(frozen=True, slots=True)
class PostureFrame:
    shoulder_tilt_deg: float
    shoulder_width: float  # pixels
    head_height: float | None
    torso_lean_deg: float | None


def pose_to_array(landmarks: Any, width: int, height: int) -> np.ndarray:
    """(33, 4) array: x, y in pixels, z on the x scale, visibility."""
    arr = np.array([(p.x, p.y, p.z, p.visibility) for p in landmarks.landmark], dtype=np.float64)
    arr[:, :3] *= (width, height, width)
    return arr


def _visible(pts: np.ndarray, *idx: int) -> bool:
    return bool(np.all(pts[list(idx), 3] >= MIN_VISIBILITY))


def posture_frame(pts: np.ndarray) -> PostureFrame | None:
    """Posture of one frame; None unless both shoulders are visible (nothing is measurable without them)."""
    if not _visible(pts, SHOULDER_IMAGE_RIGHT, SHOULDER_IMAGE_LEFT):
        return None
    right, left = pts[SHOULDER_IMAGE_RIGHT, :2], pts[SHOULDER_IMAGE_LEFT, :2]
    dx, dy = right - left
    width = math.hypot(dx, dy)
    if width < 1e-6:
        return None
    tilt = math.degrees(math.atan2(dy, dx))  # > 0: the image-right (subject's left) shoulder is lower
    mid = (left + right) / 2
    head_height = None
    if _visible(pts, EAR_IMAGE_RIGHT, EAR_IMAGE_LEFT):
        head_height = float(mid[1] - (pts[EAR_IMAGE_RIGHT, 1] + pts[EAR_IMAGE_LEFT, 1]) / 2) / width
    elif _visible(pts, NOSE):
        head_height = float(mid[1] - pts[NOSE, 1]) / width
    lean = None
    if _visible(pts, HIP_IMAGE_RIGHT, HIP_IMAGE_LEFT):
        hip_mid = (pts[HIP_IMAGE_RIGHT, :2] + pts[HIP_IMAGE_LEFT, :2]) / 2
        up = mid - hip_mid
        lean = math.degrees(math.atan2(up[0], -up[1]))  # > 0: shoulders lean towards image right
    return PostureFrame(
        shoulder_tilt_deg=tilt, shoulder_width=width, head_height=head_height, torso_lean_deg=lean
    )


def movement_energy(times: list[float], frames: list[np.ndarray | None]) -> float:
    """Mean speed of visible upper-body keypoints between consecutive pose frames, in shoulder widths/s.

    Normalising by shoulder width makes it independent of distance to the camera and resolution. Pairs
    more than 1.5 s apart (pose missing in between) are skipped: a jump there is not fidgeting.
    """
    speeds: list[float] = []
    prev_t: float | None = None
    prev: np.ndarray | None = None
    for t, pts in zip(times, frames, strict=True):
        if pts is None:
            prev = None
            continue
        if prev is not None and prev_t is not None and 0 < t - prev_t <= 1.5:
            idx = [i for i in MOVEMENT_POINTS if pts[i, 3] >= MIN_VISIBILITY and prev[i, 3] >= MIN_VISIBILITY]
            width = float(np.linalg.norm(pts[SHOULDER_IMAGE_RIGHT, :2] - pts[SHOULDER_IMAGE_LEFT, :2]))
            if idx and width > 1e-6:
                step = np.linalg.norm(pts[idx, :2] - prev[idx, :2], axis=1).mean() / width
                speeds.append(float(step) / (t - prev_t))
        prev, prev_t = pts, t
    return float(np.mean(speeds)) if speeds else 0.0
