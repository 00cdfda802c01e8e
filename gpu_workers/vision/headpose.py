"""Head pose (yaw, pitch, roll in degrees) from FaceMesh landmarks, by solvePnP against a 3D face.

Sign convention (camera image as recorded, not mirrored), the same everywhere in the product:
- yaw > 0: the subject turns to their left, so the nose moves towards image right;
- pitch > 0: the subject looks up;
- roll > 0: the head tilts towards the subject's left shoulder (image right), the eye line turns clockwise.

The angles are read from the direction the nose points and from the eye line direction in camera
space, not from an Euler decomposition, which avoids the order and gimbal ambiguities of those.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gpu_workers.vision.models import require

__all__ = ["CANONICAL_FACE", "HeadPose", "angles_from_rotation", "ema_smooth", "estimate_head_pose"]

# MediaPipe's canonical face (modules/face_geometry/data/canonical_face_model.obj, Apache-2.0; its vertex i
# is FaceMesh landmark i), centimetres, converted to camera-like axes: x to image right, y down, z away
# from the camera. Using FaceMesh's own reference face, not a generic one drawn for another landmarker,
# keeps the pitch of a frontal face near zero. Points: rigid ones only (no lips, no eyelids).
_CANONICAL = {
    1: (0.0, -1.126865, 7.475604),  # nose tip
    4: (0.0, -0.463170, 7.586580),  # nose, above the tip
    10: (0.0, 8.261778, 4.481535),  # top of the forehead
    152: (0.0, -9.403378, 4.264492),  # chin
    33: (-4.445859, 2.663991, 3.173422),  # outer eye corner, image left
    263: (4.445859, 2.663991, 3.173422),  # outer eye corner, image right
    133: (-1.856432, 2.585245, 3.757904),  # inner eye corner, image left
    362: (1.856432, 2.585245, 3.757904),  # inner eye corner, image right
    61: (-2.456206, -4.342621, 4.283884),  # mouth corner, image left
    291: (2.456206, -4.342621, 4.283884),  # mouth corner, image right
}
_MESH_POINTS = tuple(_CANONICAL)
CANONICAL_FACE = np.array([(x, -y, -z) for x, y, z in _CANONICAL.values()], dtype=np.float64)


@dataclass(frozen=True, slots=True)
class HeadPose:
    yaw: float
    pitch: float
    roll: float


def angles_from_rotation(rotation: np.ndarray) -> HeadPose:
    """Yaw/pitch/roll of a face whose model axes are rotated by `rotation` into camera axes."""
    forward = -rotation[:, 2]  # the nose points along -z in the model
    right = rotation[:, 0]  # image-right direction of the face (the subject's left)
    yaw = math.degrees(math.atan2(forward[0], -forward[2]))
    pitch = math.degrees(math.atan2(-forward[1], math.hypot(forward[0], forward[2])))
    roll = math.degrees(math.atan2(right[1], right[0]))
    return HeadPose(yaw=yaw, pitch=pitch, roll=roll)


def estimate_head_pose(pts: np.ndarray, width: int, height: int) -> HeadPose | None:
    """Head pose from (N, 3) pixel landmarks relative to the line of sight to the camera; None on failure.

    The camera is modelled as a pinhole with focal length = frame width (a ~53 deg horizontal field of
    view, typical of webcams) and no distortion: good to a few degrees, which is all eye contact needs.
    """
    cv2 = require("cv2")
    image_points = np.ascontiguousarray(pts[list(_MESH_POINTS), :2], dtype=np.float64)
    focal = float(width)
    camera = np.array([[focal, 0, width / 2], [0, focal, height / 2], [0, 0, 1]], dtype=np.float64)
    ok, rvec, tvec = cv2.solvePnP(CANONICAL_FACE, image_points, camera, None, flags=cv2.SOLVEPNP_SQPNP)
    if not ok:
        return None
    rotation, _ = cv2.Rodrigues(rvec)
    pose = angles_from_rotation(rotation)
    # Relative to the line of sight: a face near the top of the frame that faces the lens points its nose
    # down in camera axes; that is still "facing the camera", so subtract the direction of the camera.
    tx, ty, tz = (float(v) for v in tvec.reshape(3))
    ray_yaw = math.degrees(math.atan2(-tx, tz))
    ray_pitch = math.degrees(math.atan2(ty, math.hypot(tx, tz)))
    return HeadPose(yaw=pose.yaw - ray_yaw, pitch=pose.pitch - ray_pitch, roll=pose.roll)


def ema_smooth(times: np.ndarray, values: np.ndarray, tau_s: float, max_gap_s: float = 0.5) -> np.ndarray:
    """Exponential smoothing over irregular time steps; NaN rows (no face) pass through and reset it.

    alpha = 1 - exp(-dt / tau) makes the smoothing independent of the sampling rate; after a gap longer
    than `max_gap_s` the filter restarts so a face reappearing elsewhere does not drag old values along.
    """
    out = np.array(values, dtype=np.float64, copy=True)
    if tau_s <= 0 or len(out) == 0:
        return out
    prev: np.ndarray | None = None
    prev_t = 0.0
    for i, t in enumerate(times):
        row = out[i]
        if np.isnan(row).any():
            prev = None
            continue
        if prev is not None and t - prev_t <= max_gap_s:
            alpha = 1.0 - math.exp(-(t - prev_t) / tau_s)
            row = prev + alpha * (row - prev)
            out[i] = row
        prev, prev_t = row, float(t)
    return out
