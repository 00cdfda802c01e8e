"""Eye contact, iris offsets, blinks and look-away runs on synthetic data."""

import numpy as np
import pytest

from gpu_workers.vision.gaze import (
    Gaze,
    count_blinks,
    eye_aspect_ratio,
    gaze_direction,
    iris_offset,
    longest_run_s,
)

pytestmark = pytest.mark.unit


def _eyes(shift_x=0.0, shift_y=0.0, open_height=6.0):
    """Two level eyes 30 px wide with irises shifted by (shift_x, shift_y) eye widths."""
    pts = np.zeros((478, 3))
    for (outer, inner, iris, up1, up2, lo1, lo2), x0 in (
        ((33, 133, 468, 160, 158, 144, 153), 100.0),
        ((263, 362, 473, 385, 387, 380, 373), 200.0),
    ):
        left, right = (outer, inner) if x0 == 100.0 else (inner, outer)
        pts[left, :2] = (x0, 100)
        pts[right, :2] = (x0 + 30, 100)
        pts[iris, :2] = (x0 + 15 + 30 * shift_x, 100 + 30 * shift_y)
        for a, b, x in ((up1, lo1, x0 + 10), (up2, lo2, x0 + 20)):
            pts[a, :2] = (x, 100 - open_height / 2)
            pts[b, :2] = (x, 100 + open_height / 2)
    return pts


def test_iris_offset_signs():
    # Given irises moved towards image right and down, Then both offsets are positive, in eye widths
    h, v = iris_offset(_eyes(0.1, 0.05))
    assert h == pytest.approx(0.1) and v == pytest.approx(0.05)
    assert iris_offset(_eyes(-0.1, 0.0))[0] == pytest.approx(-0.1)


def test_eye_aspect_ratio_open_and_closed():
    # Given open (6 px of 30) and nearly closed (1 px) eyes, Then EAR is 0.2 and ~0.03
    assert eye_aspect_ratio(_eyes(open_height=6)) == pytest.approx(0.2)
    assert eye_aspect_ratio(_eyes(open_height=1)) < 0.05


def test_eye_rotation_adds_to_the_head_pose():
    # Given a frontal head and centred irises, Then the gaze is the camera axis
    assert gaze_direction(0, 0, 0, 0) == Gaze(0.0, 0.0)
    # Given irises 0.2 eye widths towards image right, Then the eyes are turned 30 deg
    assert gaze_direction(0, 0, 0.2, 0).yaw == pytest.approx(30, abs=0.1)


def test_eyes_compensating_a_head_turn_point_back_at_the_camera():
    # Given the head turned 20 deg to image right while the irises sit towards image left
    gaze = gaze_direction(20, 0, -0.14, 0)
    # Then the gaze still points at the camera (head pose alone would say "away")
    assert abs(gaze.yaw) < 2


def test_vertical_gaze_uses_the_neutral_iris_height():
    # Given irises at the neutral height, Then no vertical eye rotation is added to the head pitch
    assert gaze_direction(0, -5, 0, -0.07, iris_v_neutral=-0.07).pitch == pytest.approx(-5)
    # Given irises well below it (looking down at notes), Then the gaze points further down
    assert gaze_direction(0, -5, 0, 0.1, iris_v_neutral=-0.07).pitch < -30


def test_blinks_are_short_dips_only():
    # Given 6 s at 10 fps of open eyes (EAR 0.3) with two 0.2 s blinks and one 1 s closure
    t = np.arange(60) / 10
    ear = np.full(60, 0.3)
    ear[10:12] = 0.08
    ear[30:32] = 0.1
    ear[45:55] = 0.05
    # When blinks are counted, Then the long closure is not a blink
    assert count_blinks(t, ear) == 2


def test_blink_interrupted_by_missing_face_is_not_counted():
    t = np.arange(20) / 10
    ear = np.full(20, 0.3)
    ear[5] = 0.05
    ear[6] = np.nan
    assert count_blinks(t, ear) == 0


def test_longest_run_counts_until_the_next_frame_or_the_end():
    t = np.arange(10) / 10
    flags = np.array([0, 1, 1, 1, 0, 0, 1, 1, 1, 1], dtype=bool)
    # The first run lasts 0.1 -> 0.4 s; the last runs from 0.6 s to the end (1.0 s)
    assert longest_run_s(t, flags, end_s=1.0) == pytest.approx(0.4)
    assert longest_run_s(t, np.zeros(10, bool), 1.0) == 0.0
