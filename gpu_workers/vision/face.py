"""Face detection (how many people) and framing (size and position of the subject's face)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Framing", "count_faces", "framing"]


def count_faces(detector: Any, rgb: np.ndarray) -> list[tuple[float, float, float, float, float]]:
    """Faces as (x, y, w, h, score), normalised to the frame, largest first."""
    result = detector.process(rgb)
    faces = []
    for det in result.detections or []:
        box = det.location_data.relative_bounding_box
        faces.append((box.xmin, box.ymin, box.width, box.height, float(det.score[0])))
    return sorted(faces, key=lambda f: f[2] * f[3], reverse=True)


@dataclass(frozen=True, slots=True)
class Framing:
    """Where the face sits in the frame; fractions of the frame size."""

    height: float
    cx: float
    cy: float
    too_far: bool
    off_centre: bool
    cut_off: bool


def framing(
    box: tuple[float, float, float, float],
    width: int,
    height: int,
    too_far_height: float,
    off_centre: float,
) -> Framing:
    """Judge a face box (pixels, x0 y0 x1 y1, from landmarks) against the frame.

    Landmark boxes are used rather than detector boxes because FaceMesh runs on every analysed frame and
    extrapolates points beyond the image edge, which is exactly the "cut off" signal.
    """
    x0, y0, x1, y1 = box
    h = (y1 - y0) / height
    cx = (x0 + x1) / 2 / width
    cy = (y0 + y1) / 2 / height
    margin = 0.02 * (y1 - y0)
    cut = x0 < -margin or y0 < -margin or x1 > width + margin or y1 > height + margin
    return Framing(
        height=h,
        cx=cx,
        cy=cy,
        too_far=h < too_far_height,
        off_centre=abs(cx - 0.5) > off_centre or abs(cy - 0.5) > off_centre,
        cut_off=cut,
    )
