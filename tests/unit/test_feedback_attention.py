"""Attention in the report: camera / screen / away shares, timeline labels, calibration, advice."""

import pytest

from interview_core.analysis.attention import calibration_from_samples
from interview_core.feedback import build_report
from interview_core.feedback.fakes import fake_session

pytestmark = pytest.mark.unit


def test_report_carries_attention_shares_per_answer_and_overall():
    # Given answers with 20% of face time at the camera, 20% away, the rest on the screen
    report = build_report(fake_session(eye=0.2, away=0.2))
    # Then shares are reported per answer and overall, and eye contact is the camera share
    assert report.attention is not None and not report.attention.calibrated
    assert (report.attention.camera, report.attention.screen, report.attention.away) == (0.2, 0.6, 0.2)
    assert report.eye_contact_ratio == report.attention.camera
    for answer in report.answers:
        assert answer.attention == report.attention and answer.eye_contact_ratio == 0.2
    # And each timeline point carries the second's attention
    assert {p.attention for p in report.timeline.points} == {"camera", "screen", "away"}


def test_the_session_calibration_reclassifies_the_same_frames():
    # Given the same frames, and a person whose lens direction measures 20 deg below the defaults
    data = fake_session(eye=0.2, away=0.0)
    calibration = calibration_from_samples([(0.0, -20.0)], [(0.0, -35.0)])
    calibrated = build_report(data.model_copy(update={"attention_calibration": calibration}))
    plain = build_report(data)
    # Then what the defaults call the screen is that person's camera, and what the defaults call the
    # camera lies 20 deg above their lens: away
    assert (plain.attention.camera, plain.attention.screen) == (0.2, 0.8)
    assert calibrated.attention.calibrated
    assert (calibrated.attention.camera, calibrated.attention.away) == (0.8, 0.2)
    assert calibrated.eye_contact_ratio == 0.8


def test_reading_the_screen_is_fine_and_looking_away_is_what_to_reduce():
    # Given a candidate who never looks at the lens but keeps their eyes on the screen
    screen = build_report(fake_session(eye=0.0, away=0.0))
    metrics = {m.key: m for m in screen.scores.presence.metrics}
    # Then being on the screen scores fully and only the lens is a skill to practise
    assert metrics["attention_away_ratio"].value == 0 and metrics["attention_away_ratio"].score == 100
    assert "attention_away_ratio" not in {r.key for r in screen.recommendations}
    # Given one who looks away half of the time
    away = build_report(fake_session(eye=0.3, away=0.5))
    away_metrics = {m.key: m for m in away.scores.presence.metrics}
    # Then looking away costs presence, and the advice says so
    assert away_metrics["attention_away_ratio"].score < 10
    assert away.scores.presence.value < screen.scores.presence.value
