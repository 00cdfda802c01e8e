"""Attention geometry: camera cone, screen box below it, away; calibration moves both per person."""

import pytest
from pydantic import ValidationError

from interview_core.analysis.attention import (
    attention_stats,
    calibration_from_samples,
    calibration_from_spans,
    classify,
    classify_track,
    dominant,
    geometry,
)
from interview_core.contracts.vision import AttentionCalibration, AttentionLabel, GazeTrack

pytestmark = pytest.mark.unit

DEFAULTS = geometry(None)


def test_camera_screen_and_away_on_known_geometry():
    # Given the laptop defaults (camera at the line of sight, screen centre 20 deg below it)
    # Then the lens is camera, the screen's middle and its lower part are screen
    assert classify(0, 0, DEFAULTS) == "camera"
    assert classify(0, -20, DEFAULTS) == "screen"
    assert classify(15, -30, DEFAULTS) == "screen"
    # And below the screen (a desk, a phone), beside it or above the camera is away
    assert classify(0, -50, DEFAULTS) == "away"
    assert classify(40, -15, DEFAULTS) == "away"
    assert classify(0, 25, DEFAULTS) == "away"


def test_a_head_turned_past_the_screen_is_away_whatever_the_eyes_seem_to_do():
    # Given a gaze estimate in the screen box but the head turned 30 deg (iris hidden by the lids)
    assert classify(0, -20, DEFAULTS, head_yaw=30) == "away"
    assert classify(0, -20, DEFAULTS, head_yaw=10) == "screen"


def test_a_head_tilted_sideways_is_away_while_a_level_head_reads_the_screen():
    # Given a gaze in the screen box: a head rolled towards either shoulder is looking beside the laptop
    assert classify(0, -20, DEFAULTS, head_yaw=5, head_roll=18) == "away"
    assert classify(0, -20, DEFAULTS, head_yaw=5, head_roll=-18) == "away"
    # And the small tilt of someone reading the screen stays screen
    assert classify(0, -20, DEFAULTS, head_yaw=5, head_roll=6) == "screen"


def test_eyes_on_the_lens_read_camera_even_from_a_tilted_head():
    # Given a gaze in the camera cone (the iris in plain view) and the head rolled 20 deg
    assert classify(2, -3, DEFAULTS, head_yaw=3, head_roll=20) == "camera"
    # But a head turned past the screen is away even with the gaze estimate on the lens
    assert classify(2, -3, DEFAULTS, head_yaw=30, head_roll=20) == "away"


def test_the_track_carries_head_tilt_and_older_tracks_without_it_still_classify():
    tilted = GazeTrack(
        step_s=0.25, yaw_deg=[0, 0], pitch_deg=[-20, -20], head_yaw_deg=[0, 0], head_roll_deg=[2, 20]
    )
    assert classify_track(tilted, None) == ["screen", "away"]
    # Given a track stored before the tilt was kept, Then only the tilt cue is missing
    older = GazeTrack(step_s=0.25, yaw_deg=[0, 0], pitch_deg=[-20, -20], head_yaw_deg=[0, 0])
    assert classify_track(older, None) == ["screen", "screen"]
    with pytest.raises(ValidationError, match="head_roll_deg"):
        GazeTrack(step_s=0.25, yaw_deg=[0, 0], pitch_deg=[0, 0], head_yaw_deg=[0, 0], head_roll_deg=[0])


def test_calibration_changes_the_classification_of_the_same_frames():
    # Given one person's frames: at the lens their gaze measures (-5, -18), at the screen (-5, -35)
    track = GazeTrack(step_s=0.25, yaw_deg=[-5, -5, -5], pitch_deg=[-18, -35, -48], head_yaw_deg=[0, 0, 0])
    calibration = calibration_from_samples([(-5, -18)] * 3, [(-5, -35)] * 3)
    # When classified with the defaults, Then the lens reads as the screen and the screen's bottom as away
    assert classify_track(track, None) == ["screen", "screen", "away"]
    # When classified with their calibration, Then the same frames read camera, screen, screen
    assert classify_track(track, calibration) == ["camera", "screen", "screen"]


def test_calibration_is_the_median_of_its_samples():
    # Given a blink-like outlier among the camera samples, Then the median ignores it
    cal = calibration_from_samples([(1, -2), (2, -3), (40, -40)], [(0, -20), (0, -22)])
    assert (cal.camera.yaw_deg, cal.camera.pitch_deg) == (2, -3)
    assert cal.screen.pitch_deg == -21
    with pytest.raises(ValueError, match="for the camera"):
        calibration_from_samples([], [(0, -20)])
    with pytest.raises(ValueError, match="for the screen"):
        calibration_from_samples([(0, 0)], [])


def test_the_camera_dot_alone_places_the_screen_by_the_default_offset():
    # Given someone whose gaze at the lens measures (3, -17) (looking up at a high webcam, head down)
    track = GazeTrack(step_s=0.25, yaw_deg=[3, 3, 3], pitch_deg=[-17, -38, -70], head_yaw_deg=[0, 0, 0])
    cal = calibration_from_samples([(3, -16), (3, -17), (3, -18)])
    # Then the camera is measured and the screen centre lies the defaults' 20 deg below it
    assert (cal.camera.yaw_deg, cal.camera.pitch_deg) == (3, -17)
    assert (cal.screen.yaw_deg, cal.screen.pitch_deg) == (3, -37)
    # And the lens reads camera where the defaults read it as the screen
    assert classify_track(track, None)[0] == "screen"
    assert classify_track(track, cal) == ["camera", "screen", "away"]
    # Given a lens measured so low that no screen fits below it, Then it is refused
    with pytest.raises(ValidationError):
        calibration_from_samples([(0, -50)])


@pytest.mark.parametrize(
    ("camera", "screen", "message"),
    [
        ((0, -20), (0, 0), "below the camera"),  # screen above the camera
        ((0, 0), (0, -1), "below the camera"),  # the two looks were not different
        ((0, 0), (40, -15), "sideways"),
    ],
)
def test_implausible_calibrations_are_rejected(camera, screen, message):
    with pytest.raises(ValidationError, match=message):
        AttentionCalibration.model_validate(
            {"camera": {"yaw_deg": camera[0], "pitch_deg": camera[1]},
             "screen": {"yaw_deg": screen[0], "pitch_deg": screen[1]}}
        )  # fmt: skip


def test_stats_are_shares_of_face_time_and_the_longest_away_run():
    labels: list[AttentionLabel | None] = ["camera", "screen", None, "away", "away", "screen"]
    stats = attention_stats(labels, 0.25, calibrated=True)
    assert stats is not None
    assert (stats.camera, stats.screen, stats.away) == (0.2, 0.4, 0.4)
    assert stats.longest_away_s == 0.5 and stats.calibrated
    assert attention_stats([None, None], 0.25, calibrated=False) is None
    assert dominant(["camera", "away", "away", None]) == "away"
    assert dominant([None]) is None


def test_calibration_from_spans_of_a_recording():
    # Given two 1 s segments (at 0 s and 1 s): the lens in the first, the screen in the second
    lens = GazeTrack(step_s=0.25, yaw_deg=[1.0] * 4, pitch_deg=[-3.0] * 4, head_yaw_deg=[0.0] * 4)
    screen = GazeTrack(step_s=0.25, yaw_deg=[0.0] * 4, pitch_deg=[-20.0] * 4, head_yaw_deg=[0.0] * 4)
    cal = calibration_from_spans([(0.0, lens), (1.0, screen)], (0.0, 1.0), (1.0, 2.0))
    assert (cal.camera.pitch_deg, cal.screen.pitch_deg) == (-3.0, -20.0)
    # Given only the camera's span, Then the screen is placed below the measured camera
    assert calibration_from_spans([(0.0, lens), (1.0, screen)], (0.0, 1.0)).screen.pitch_deg == -23.0
    # Given spans with no face in them, Then the error says what is missing
    with pytest.raises(ValueError, match="for the screen"):
        calibration_from_spans([(0.0, lens)], (0.0, 1.0), (5.0, 6.0))
