"""Attention on a real webcam clip (hysts/pytorch_mpiigaze_demo, MIT; ../shared/media/real/gaze).

The person looks at the screen below the camera, turns away twice and looks near the lens once; labels
in evaluation/data/gaze/labels.json. The clip is analysed once for the module (~15 s on 2 CPU cores).
"""

from pathlib import Path

import pytest

from interview_core.analysis.attention import calibration_from_spans, classify_track

pytestmark = pytest.mark.models
CLIP = Path(__file__).resolve().parents[3] / "shared" / "media" / "real" / "gaze" / "webcam_user_2.mp4"


@pytest.fixture(scope="module")
def summary():
    from gpu_workers.vision import VisionAnalyzer, VisionOptions

    return VisionAnalyzer.create(VisionOptions()).analyze(CLIP).summary


def _labels_in(labels, step, start, end):
    return [x for k, x in enumerate(labels) if start <= (k + 0.5) * step < end]


def test_screen_and_away_are_told_apart_on_the_real_clip(summary):
    track = summary.gaze_track
    labels = classify_track(track, None)
    # Given the spans labelled "screen" (eyes on the screen under the camera), Then nearly all read screen
    screen = _labels_in(labels, track.step_s, 8.0, 17.0)
    assert screen.count("screen") / len(screen) >= 0.9
    # Given the head turned away to image right (4.0-5.5 s), Then most of it reads away, none of it camera
    away = _labels_in(labels, track.step_s, 4.0, 5.5)
    assert away.count("away") / len(away) >= 0.5 and "camera" not in away
    # And the summary's shares and eye contact come from the same classification
    assert summary.attention.camera == summary.eye_contact.ratio
    assert summary.attention.screen > 0.6 and summary.attention.away > 0.05


def test_calibration_changes_how_the_same_real_frames_read(summary):
    track = summary.gaze_track
    # Given this person's own calibration from the clip (lens at 6.75-7.5 s, screen at 8-10 s)
    calibration = calibration_from_spans([(0.0, track)], (6.75, 7.5), (8.0, 10.0))
    plain, calibrated = classify_track(track, None), classify_track(track, calibration)
    # Then the camera direction measured is above the screen's, and some frames change class
    assert calibration.camera.pitch_deg - calibration.screen.pitch_deg > 10
    assert sum(a != b for a, b in zip(plain, calibrated, strict=True)) >= 1
    # And the calibrated screen span still reads screen
    screen = _labels_in(calibrated, track.step_s, 10.0, 17.0)
    assert screen.count("screen") / len(screen) >= 0.9


def test_a_head_tilted_towards_a_shoulder_reads_away_on_the_real_clip(summary):
    track = summary.gaze_track
    # Given the look down and aside at 2.25-2.75 s: head turned ~14 deg (inside the screen) but rolled ~17
    assert all(abs(r) > 14 for r in _labels_in(track.head_roll_deg, track.step_s, 2.25, 2.75))
    # Then it reads away, and without the tilt (a track stored before roll was kept) it read as the screen
    assert _labels_in(classify_track(track, None), track.step_s, 2.25, 2.75) == ["away", "away"]
    untilted = track.model_copy(update={"head_roll_deg": []})
    assert _labels_in(classify_track(untilted, None), track.step_s, 2.25, 2.75) == ["screen", "screen"]
