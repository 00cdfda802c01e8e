"""A turn away starts where the head starts turning, not where it passes the turn or tilt limit."""

import pytest

from interview_core.analysis.attention import classify, classify_track, geometry
from interview_core.contracts.vision import GazeTrack

pytestmark = pytest.mark.unit

DEFAULTS = geometry(None)


def _track(head_yaw, head_roll=None, gaze_yaw=None, step_s=0.25):
    """Eyes on the middle of the screen (unless `gaze_yaw` says otherwise; None: no face), the head as
    given."""
    n = len(head_yaw)
    gaze_yaw = gaze_yaw or [0.0] * n
    return GazeTrack(
        step_s=step_s,
        yaw_deg=gaze_yaw,
        pitch_deg=[None if g is None else -20.0 for g in gaze_yaw],
        head_yaw_deg=head_yaw,
        head_roll_deg=head_roll or [0.0] * n,
    )


def _per_sample(track):
    """What `classify` reads one sample at a time, before any onset is moved."""
    return [
        None if y is None or p is None else classify(y, p, DEFAULTS, h, r)
        for y, p, h, r in zip(
            track.yaw_deg, track.pitch_deg, track.head_yaw_deg, track.head_roll_deg, strict=True
        )
    ]


def test_a_steady_turn_reads_away_from_its_first_moving_sample():
    # Given a head at rest, then turning 5-6 deg per 0.25 s (about 22 deg/s) past the 20 deg limit
    track = _track([0, 0, 0, 0, 6, 12, 17, 22, 25, 25])
    # Then per sample "away" comes only at 22 deg, and the track reads it from the turn's first sample
    assert _per_sample(track).index("away") == 7
    assert classify_track(track, None) == ["screen"] * 4 + ["away"] * 6


def test_a_tilt_towards_either_shoulder_is_backdated_like_a_turn():
    # Given the head rolling towards the left shoulder past the 14 deg tilt limit, eyes in the screen box
    track = _track([0.0] * 8, head_roll=[0, 0, 0, -6, -9, -12, -16, -17])
    assert _per_sample(track).index("away") == 6
    assert classify_track(track, None) == ["screen"] * 3 + ["away"] * 5


def test_a_slow_drift_moves_the_start_back_at_most_three_quarters_of_a_second():
    # Given a turn of 3 deg per 0.25 s (12 deg/s) all the way from 0 deg: the limit is passed at index 7
    track = _track([3.0 * k for k in range(10)])
    labels = classify_track(track, None)
    # Then "away" starts 0.75 s (3 samples) earlier, not at the drift's start 1.75 s before
    assert labels.index("away") == 4
    assert labels[4:] == ["away"] * 6


def test_landmark_jitter_around_the_limit_does_not_backdate():
    # Given a head resting near the limit, its estimate alternating +/- 1.5 deg (19 +/- 1.5)
    track = _track([17.5, 20.5] * 5)
    # Then each sample reads as it is: jitter is no turn, so no sample before an "away" one joins it
    assert classify_track(track, None) == _per_sample(track) == ["screen", "away"] * 5


def test_a_turn_that_stops_short_of_the_limit_reads_no_away_at_all():
    # Given a quick turn (up to 24 deg/s) that settles at 18 deg, inside the screen's reach
    track = _track([0, 0, 6, 12, 16, 18, 18, 18])
    assert classify_track(track, None) == ["screen"] * 8


def test_a_run_the_eyes_begin_is_not_moved():
    # Given the head turning but still within its limit when the gaze leaves the screen box sideways
    track = _track([0, 0, 6, 12, 17, 19], gaze_yaw=[0, 0, 0, 0, 0, 45])
    # Then "away" starts where the eyes left: the gaze moves at once, the head's turn is no later cue
    assert classify_track(track, None) == ["screen"] * 5 + ["away"]


def test_a_head_moving_the_other_way_before_the_limit_does_not_join_the_run():
    # Given a head moving one way (12 to 0 deg), then past the limit on the other side in one step
    track = _track([12, 8, 4, 0, 22, 25])
    # Then no sample before the limit was turning towards that side: "away" starts where it is read
    assert classify_track(track, None) == ["screen"] * 4 + ["away"] * 2


def test_a_missing_face_or_head_angle_stops_the_backdating():
    # Given a steady turn with the face lost one sample before the limit is passed
    track = _track([0, 0, 6, 12, 17, 22, 25], gaze_yaw=[0, 0, 0, 0, None, 0, 0])
    assert classify_track(track, None) == ["screen"] * 4 + [None, "away", "away"]
    # Given a gap in the head angle only (the eyes still seen), Then the turn's rate is unknown there
    headless = _track([0, 0, 6, None, 17, 22, 25])
    assert classify_track(headless, None) == ["screen"] * 4 + ["away"] * 3


def test_the_rate_is_in_degrees_per_second_whatever_the_track_step():
    # Given the same steady turn (about 22 deg/s) sampled every 0.1 s
    yaws = [0.0] * 10 + [2.2 * k for k in range(1, 14)]
    labels = classify_track(_track(yaws, step_s=0.1), None)
    # Then "away" is moved back 0.7 s (7 samples: the 0.75 s limit), and not over the rest before it
    first = _per_sample(_track(yaws, step_s=0.1)).index("away")
    assert first - labels.index("away") == 7
    assert labels[:10] == ["screen"] * 10
