"""FaceMesh landmark indices and conversions shared by head pose, gaze and expression.

"Left"/"right" below are image sides (the camera image as recorded, not mirrored): the image-left eye
is the subject's right eye.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = [
    "CHIN",
    "IRIS_CENTRE_IMAGE_LEFT",
    "IRIS_CENTRE_IMAGE_RIGHT",
    "LEFT_EYE_EAR",
    "MOUTH_CORNERS",
    "MOUTH_INNER",
    "NOSE_TIP",
    "RIGHT_EYE_EAR",
    "face_box",
    "inter_ocular",
    "landmarks_to_array",
]

NOSE_TIP = 1
CHIN = 152
# Eye corners (outer, inner) per image side.
EYE_CORNERS_IMAGE_LEFT = (33, 133)
EYE_CORNERS_IMAGE_RIGHT = (263, 362)
# Six points per eye for the eye aspect ratio: corner, two upper lid, corner, two lower lid.
LEFT_EYE_EAR = (33, 160, 158, 133, 153, 144)
RIGHT_EYE_EAR = (362, 385, 387, 263, 373, 380)
# refine_landmarks=True adds 10 iris points; 468 and 473 are the centres.
IRIS_CENTRE_IMAGE_LEFT = 468
IRIS_CENTRE_IMAGE_RIGHT = 473
MOUTH_CORNERS = (61, 291)
MOUTH_INNER = (13, 14)  # upper and lower inner lip, centre


# A FaceMesh landmark serialises as 17 bytes: field 1 (0x0a), length 15, then x, y, z as tagged float32s.
_RECORD = 17
_TAG_COLUMNS = np.array([0, 1, 2, 7, 12])
_TAG_VALUES = np.array([0x0A, 0x0F, 0x0D, 0x15, 0x1D], dtype=np.uint8)
_FLOAT_BYTES = np.array([c for start in (3, 8, 13) for c in range(start, start + 4)])


def _decode_serialised(landmarks: Any) -> np.ndarray | None:
    """Read x, y, z straight from the protobuf bytes: 20x faster than 478 x 3 attribute reads (~0.8 ms)."""
    raw = np.frombuffer(landmarks.SerializeToString(), dtype=np.uint8)
    if raw.size == 0 or raw.size % _RECORD:
        return None
    rows = raw.reshape(-1, _RECORD)
    if not np.array_equal(rows[:, _TAG_COLUMNS], np.broadcast_to(_TAG_VALUES, (len(rows), len(_TAG_VALUES)))):
        return None  # another layout (e.g. visibility set): use the slow, general path
    return np.ascontiguousarray(rows[:, _FLOAT_BYTES]).view("<f4").reshape(-1, 3).astype(np.float64)


def landmarks_to_array(landmarks: Any, width: int, height: int) -> np.ndarray:
    """MediaPipe NormalizedLandmarkList -> (N, 3) float array in pixels (z on the x scale)."""
    arr = _decode_serialised(landmarks)
    if arr is None:
        arr = np.array([(p.x, p.y, p.z) for p in landmarks.landmark], dtype=np.float64)
    arr *= (width, height, width)
    return arr


def inter_ocular(pts: np.ndarray) -> float:
    """Distance between the iris centres (pixels): the face's own unit of length."""
    return float(np.linalg.norm(pts[IRIS_CENTRE_IMAGE_RIGHT, :2] - pts[IRIS_CENTRE_IMAGE_LEFT, :2]))


def face_box(pts: np.ndarray) -> tuple[float, float, float, float]:
    """Landmark bounding box (x0, y0, x1, y1) in pixels; may extend beyond the frame when cut off."""
    x0, y0 = pts[:, :2].min(axis=0)
    x1, y1 = pts[:, :2].max(axis=0)
    return float(x0), float(y0), float(x1), float(y1)
