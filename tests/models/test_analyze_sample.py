"""`analyze_file` end to end on a real recording (models, decoding, windows, report, HTML).

The analysis runs once for the module (about 30 s on 2 CPU cores, model loading included).
"""

import os
import re
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.models
SAMPLE = Path(__file__).resolve().parents[1] / "media" / "sample_interview.webm"
MOMENT = re.compile(r"answer (\d+), (\d+):(\d\d)-(\d+):(\d\d)")


@pytest.fixture(scope="module")
def analysed():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from local_platform.analyze import analyze_file

    steps: list[tuple[str, int, int]] = []
    t0 = time.perf_counter()
    report, html = analyze_file(SAMPLE, progress=lambda s, d, t: steps.append((s, d, t)))
    return report, html, steps, time.perf_counter() - t0


def test_face_is_present_in_nearly_every_frame(analysed):
    # Given the sample (a webcam talking-head video in every frame)
    report = analysed[0]
    # Then the face is seen almost all the time
    assert report.face_present_ratio is not None and report.face_present_ratio > 0.9


def test_filler_counts_match_the_manifest(analysed):
    # Given the MANIFEST's ground truth: um 2, uh 2, "you know" 1
    counts = analysed[0].fillers.counts
    # Then the report counts exactly those
    assert counts.get("um") == 2 and counts.get("uh") == 2 and counts.get("you know") == 1


def test_pace_is_in_the_expected_range(analysed):
    # Given 58 spoken words over about 21 s of speech (espeak at 160 wpm setting, read audiobook)
    report = analysed[0]
    # Then the pace (first to last word, pauses included) is in a plausible range
    assert report.pace_wpm is not None and 130 <= report.pace_wpm <= 190
    assert report.pace.source == "transcript" and 50 <= report.pace.word_count <= 66


def test_every_score_has_an_explanation_and_recommendations_cite_the_recording(analysed):
    report = analysed[0]
    s = report.scores
    assert s.overall is not None and s.overall_explanation
    for c in (s.delivery, s.presence, s.content):
        assert c.explanation
        assert all(m.target and m.source and (m.measured or m.note) for m in c.metrics)
    assert report.recommendations
    for r in report.recommendations:
        found = MOMENT.search(r.detail)
        assert found, r.detail
        end = int(found[4]) * 60 + int(found[5])
        assert end <= report.duration_s and r.end_s is not None and r.end_s <= report.duration_s


def test_progress_is_reported_and_the_html_is_rendered(analysed):
    report, html, steps, took = analysed
    assert steps and steps[-1][0] == "report"
    assert "<svg" in html and report.session_id in html
    assert took < 90
