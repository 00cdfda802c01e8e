"""Recommendations: top three by impact, each citing a moment inside the recording."""

import re

import pytest

from interview_core.feedback import build_report
from interview_core.feedback.fakes import fake_session

pytestmark = pytest.mark.unit
MOMENT = re.compile(r"answer (\d+), (\d+):(\d\d)-(\d+):(\d\d)")


def _secs(m: str, s: str) -> int:
    return int(m) * 60 + int(s)


def test_recommendations_cite_moments_inside_the_recording():
    # Given a session with a burst of fillers in answer 2 and fast speech
    fillers = [("um", 41.0), ("um", 43.0), ("uh", 45.0), ("um", 47.0), ("um", 5.0)]
    report = build_report(fake_session(wpm=200, fillers=fillers, eye=0.2))
    # Then there are three, ranked by impact, each with an exercise and a moment in the recording
    recs = report.recommendations
    assert len(recs) == 3
    assert [r.rank for r in recs] == [1, 2, 3]
    assert [r.impact for r in recs] == sorted((r.impact for r in recs), reverse=True)
    for r in recs:
        found = MOMENT.search(r.detail)
        assert found, r.detail
        start, end = _secs(found[2], found[3]), _secs(found[4], found[5])
        assert 0 <= start <= end <= report.duration_s
        assert (
            r.start_s is not None and r.end_s is not None and 0 <= r.start_s <= r.end_s <= report.duration_s
        )
        assert r.exercise


def test_filler_recommendation_points_at_the_densest_burst():
    # Given a few fillers in answer 1 and a dense burst of them in answer 2 (40-49 s)
    burst = [("um", 40.0 + t) for t in range(0, 10)] + [("uh", 40.5), ("um", 5.0)]
    report = build_report(fake_session(wpm=140, fillers=burst))
    # Then the filler recommendation cites answer 2 at the burst
    filler = next(r for r in report.recommendations if r.key == "fillers_per_100_words")
    assert filler.answer_index == 1 and 40 <= (filler.start_s or 0) <= 48
    assert "'um'" in filler.detail


def test_no_time_outside_the_recording_even_for_edge_fillers():
    # Given fillers in the last second of the recording
    report = build_report(
        fake_session(answers=1, fillers=[("um", 29.5), ("um", 29.6), ("um", 29.7)], wpm=135)
    )
    # Then every cited end is within the recording
    for r in report.recommendations:
        assert (r.end_s or 0) <= report.duration_s


def test_no_recommendation_for_a_metric_in_band():
    # Given a calm session in every band
    report = build_report(fake_session(wpm=140, eye=0.9))
    # Then neither pace nor eye contact is recommended
    assert {r.key for r in report.recommendations}.isdisjoint({"pace_wpm", "eye_contact_ratio"})
