"""Facial expression (FER2013 mini-Xception on ONNX) and smile intensity from the mouth's shape.

Called "expression" everywhere: the model labels what a face shows, which is not how a person feels.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gpu_workers.vision.landmarks import (
    IRIS_CENTRE_IMAGE_LEFT,
    IRIS_CENTRE_IMAGE_RIGHT,
    MOUTH_CORNERS,
    MOUTH_INNER,
)
from gpu_workers.vision.models import require

__all__ = ["CROP_SCALE", "LABELS", "align_face", "classify", "smile_intensity"]

# Output order of the model (fer's `_get_labels`).
LABELS = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")
# Crop side as a multiple of the landmark box's larger side. FER2013 faces (and fer's Haar-box crops,
# squared plus a 10 px margin) show the whole face with a little hair and background; FaceMesh's box
# runs from the upper forehead to the chin and cheek to cheek, close to that framing.
CROP_SCALE = 1.0
INPUT_SIZE = 64


def _eye_line(pts: np.ndarray) -> tuple[np.ndarray, float]:
    left, right = pts[IRIS_CENTRE_IMAGE_LEFT, :2], pts[IRIS_CENTRE_IMAGE_RIGHT, :2]
    angle = math.degrees(math.atan2(right[1] - left[1], right[0] - left[0]))
    return (left + right) / 2, angle


def align_face(rgb: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """A 64x64 grey crop with the eye line level: one affine warp of the frame, no full-frame copies."""
    cv2 = require("cv2")
    eye_mid, angle = _eye_line(pts)
    theta = math.radians(angle)
    rot = np.array([[math.cos(theta), math.sin(theta)], [-math.sin(theta), math.cos(theta)]])
    levelled = (pts[:, :2] - eye_mid) @ rot.T  # landmarks in the levelled frame, origin at eye_mid
    lo, hi = levelled.min(axis=0), levelled.max(axis=0)
    centre_lv = (lo + hi) / 2
    side = CROP_SCALE * float(max(hi - lo))
    centre = eye_mid + centre_lv @ rot  # back to image coordinates
    matrix = cv2.getRotationMatrix2D((float(centre[0]), float(centre[1])), angle, INPUT_SIZE / side)
    matrix[:, 2] += (INPUT_SIZE / 2 - centre[0], INPUT_SIZE / 2 - centre[1])
    patch = cv2.warpAffine(
        rgb, matrix, (INPUT_SIZE, INPUT_SIZE), flags=cv2.INTER_AREA, borderMode=cv2.BORDER_REPLICATE
    )
    return cv2.cvtColor(patch, cv2.COLOR_RGB2GRAY)


def classify(session: Any, grey_faces: np.ndarray) -> np.ndarray:
    """(N, 64, 64) uint8 faces -> (N, 7) probabilities; the model's scaling is x / 255 mapped to [-1, 1]."""
    batch = (grey_faces.astype(np.float32)[..., None] / 255.0 - 0.5) * 2.0
    name = session.get_inputs()[0].name
    probs = np.asarray(session.run(None, {name: batch})[0], dtype=np.float64)
    return probs / probs.sum(axis=1, keepdims=True)


def smile_intensity(pts: np.ndarray) -> float:
    """0..1 from mouth width and corner lift relative to the inter-iris distance, in the levelled face.

    A relaxed mouth is about 0.8-0.9 iris distances wide with corners level with the lip centre; a broad
    smile widens it to ~1.1 and lifts the corners. Both cues are used so that a wide open "surprise" or
    talking mouth does not read as a smile.
    """
    eye_mid, angle = _eye_line(pts)
    theta = math.radians(angle)
    rot = np.array([[math.cos(theta), math.sin(theta)], [-math.sin(theta), math.cos(theta)]])
    lv = (pts[:, :2] - eye_mid) @ rot.T
    iod = float(np.linalg.norm(lv[IRIS_CENTRE_IMAGE_RIGHT] - lv[IRIS_CENTRE_IMAGE_LEFT]))
    if iod < 1e-6:
        return 0.0
    left, right = lv[MOUTH_CORNERS[0]], lv[MOUTH_CORNERS[1]]
    width = float(np.linalg.norm(right - left)) / iod
    lip_centre_y = (lv[MOUTH_INNER[0], 1] + lv[MOUTH_INNER[1], 1]) / 2
    lift = float(lip_centre_y - (left[1] + right[1]) / 2) / iod  # > 0: corners above the lip centre
    width_score = min(1.0, max(0.0, (width - WIDTH_RELAXED) / (WIDTH_SMILE - WIDTH_RELAXED)))
    lift_score = min(1.0, max(0.0, (lift - LIFT_RELAXED) / (LIFT_SMILE - LIFT_RELAXED)))
    return round(0.5 * width_score + 0.5 * lift_score, 4)


WIDTH_RELAXED, WIDTH_SMILE = 0.85, 1.15
LIFT_RELAXED, LIFT_SMILE = 0.0, 0.12
