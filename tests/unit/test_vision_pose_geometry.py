"""Head pose geometry on synthetic landmarks: signs, magnitudes, line-of-sight correction, smoothing."""

import math

import numpy as np
import pytest

from gpu_workers.vision.headpose import (
    _MESH_POINTS,
    CANONICAL_FACE,
    angles_from_rotation,
    ema_smooth,
    estimate_head_pose,
)

pytestmark = pytest.mark.unit

W, H = 640, 480


def _rot(yaw=0.0, pitch=0.0, roll=0.0):
    """Rotation whose angles_from_rotation are (yaw, pitch, roll) for single-axis turns."""
    a, b, c = (math.radians(v) for v in (-yaw, -pitch, roll))
    ry = np.array([[math.cos(a), 0, math.sin(a)], [0, 1, 0], [-math.sin(a), 0, math.cos(a)]])
    rx = np.array([[1, 0, 0], [0, math.cos(b), -math.sin(b)], [0, math.sin(b), math.cos(b)]])
    rz = np.array([[math.cos(c), -math.sin(c), 0], [math.sin(c), math.cos(c), 0], [0, 0, 1]])
    return ry @ rx @ rz


def _landmarks(rotation, t=(0.0, 0.0, 60.0)):
    """Project the canonical face through the same pinhole camera the estimator assumes."""
    cam = CANONICAL_FACE @ rotation.T + np.array(t)
    pts = np.zeros((478, 3))
    uv = cam[:, :2] / cam[:, 2:3] * W + (W / 2, H / 2)
    pts[list(_MESH_POINTS), :2] = uv
    return pts


def test_identity_rotation_is_frontal():
    # Given no rotation, Then all angles are zero
    pose = angles_from_rotation(np.eye(3))
    assert (pose.yaw, pose.pitch, pose.roll) == pytest.approx((0, 0, 0), abs=1e-9)


@pytest.mark.parametrize("yaw", [-30.0, -10.0, 10.0, 30.0])
def test_yaw_is_recovered_with_its_sign(yaw):
    # Given a face turned by `yaw` (positive: to the subject's left, nose towards image right)
    pts = _landmarks(_rot(yaw=yaw))
    # When its pose is estimated
    pose = estimate_head_pose(pts, W, H)
    # Then yaw comes back within a degree, and the nose really moved towards image right for yaw > 0
    assert pose.yaw == pytest.approx(yaw, abs=1.0)
    assert abs(pose.pitch) < 1 and abs(pose.roll) < 1
    eye_mid_x = (pts[33, 0] + pts[263, 0]) / 2
    assert (pts[1, 0] > eye_mid_x) == (yaw > 0)


@pytest.mark.parametrize("pitch", [-20.0, 20.0])
def test_pitch_up_is_positive(pitch):
    # Given a face tilted up (positive) or down
    pts = _landmarks(_rot(pitch=pitch))
    # When its pose is estimated, Then the pitch and its sign come back; looking up raises the nose tip
    pose = estimate_head_pose(pts, W, H)
    assert pose.pitch == pytest.approx(pitch, abs=1.0)
    frontal = _landmarks(_rot())
    assert (pts[1, 1] < frontal[1, 1]) == (pitch > 0)


def test_roll_towards_image_right_is_positive():
    # Given a head tilted so the eye line turns clockwise in the image (towards the subject's left shoulder)
    pts = _landmarks(_rot(roll=15.0))
    # When its pose is estimated
    pose = estimate_head_pose(pts, W, H)
    # Then roll is +15 and the image-right eye is lower than the image-left one
    assert pose.roll == pytest.approx(15.0, abs=1.0)
    assert pts[263, 1] > pts[33, 1]


def test_face_off_axis_that_faces_the_lens_reads_frontal():
    # Given a face at the left of the frame, turned so that it looks straight at the camera
    t = np.array([-20.0, 0.0, 60.0])
    yaw_to_camera = math.degrees(math.atan2(-t[0], t[2]))
    pts = _landmarks(_rot(yaw=yaw_to_camera), t=tuple(t))
    # When its pose is estimated, Then it is frontal relative to the line of sight
    pose = estimate_head_pose(pts, W, H)
    assert abs(pose.yaw) < 1.0


def test_ema_keeps_constants_and_damps_jitter():
    # Given a constant series with alternating jitter sampled at 10 fps
    t = np.arange(50) / 10
    values = (10 + np.where(np.arange(50) % 2, 2.0, -2.0))[:, None]
    # When smoothed with tau = 0.3 s
    out = ema_smooth(t, values, 0.3)
    # Then the mean is kept and the jitter shrinks
    assert out[10:].mean() == pytest.approx(10, abs=0.5)
    assert out[10:].std() < values.std() / 2
    assert np.allclose(ema_smooth(t, np.full((50, 1), 3.0), 0.3), 3.0)


def test_ema_restarts_after_a_gap():
    # Given a face at yaw 0, then no face, then the face at yaw 40
    t = np.arange(6) / 10
    values = np.array([[0.0], [0.0], [np.nan], [40.0], [40.0], [40.0]])
    # When smoothed
    out = ema_smooth(t, values, 0.3)
    # Then the missing frame stays missing and the new value is not dragged towards the old one
    assert np.isnan(out[2, 0])
    assert out[3, 0] == 40.0
