"""The report sample in events/ validates and renders; the HTML is self-contained."""

import json
from pathlib import Path

import pytest
from interview_core.contracts.report import ProgressReport, Report
from interview_core.feedback import build_progress, build_report, render_html
from interview_core.feedback.fakes import fake_session

pytestmark = pytest.mark.unit
SAMPLE = Path(__file__).parents[2] / "events" / "report" / "report.json"


def test_report_sample_validates_and_renders():
    # Given the real-shaped sample produced from sample_interview.webm
    report = Report.model_validate(json.loads(SAMPLE.read_text()))
    # Then it has scores, recommendations and answers, and renders to HTML with inline charts
    assert report.scores.overall is not None and report.recommendations and report.answers
    html = render_html(report)
    assert "<svg" in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<script" not in html


def test_report_round_trips_and_summary_feeds_progress():
    # Given a built report
    report = build_report(fake_session())
    # When serialised, parsed and summarised
    again = Report.model_validate_json(report.model_dump_json())
    progress = build_progress([again.summary()])
    # Then nothing is lost and progress accepts the summary
    assert again == report
    assert isinstance(progress, ProgressReport) and progress.sessions[0].overall == report.scores.overall


def test_content_cues_are_found():
    report = build_report(fake_session())
    a = report.answers[0]
    assert a.star.situation or a.star.action or a.star.result
    assert "shipped" in a.keywords_used and "team" in a.keywords_used
