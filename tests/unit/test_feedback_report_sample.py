"""The report sample in events/ validates and renders; the HTML is self-contained."""

import json
from pathlib import Path

import pytest

from interview_core.contracts.report import ProgressReport, Report
from interview_core.feedback import build_progress, build_report, render_html
from interview_core.feedback.fakes import fake_session
from interview_core.feedback.recommend import fmt_time

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


def test_session_data_from_domain_objects():
    # Given stored domain objects: a session with one answer mark, analysed chunks and a window
    from datetime import UTC, datetime

    from interview_core.domain import (
        AnswerMark,
        Chunk,
        ChunkStatus,
        Consent,
        Question,
        Session,
        SessionStatus,
        Window,
        WindowStatus,
    )  # fmt: skip
    from interview_core.feedback import SessionData

    now = datetime(2025, 1, 1, tzinfo=UTC)
    fake = fake_session(answers=1)
    session = Session(
        session_id="s1", owner_id="u1", role="general", questions=(Question(id="gen-conflict", text="Q?"),),
        consent=Consent(recording=True, analysis=True, retention_days=30), status=SessionStatus.COMPLETE,
        created_at=now, answers=(AnswerMark(index=0, question_id="gen-conflict", started_at=now),),
    )  # fmt: skip
    chunks = [
        Chunk(session_id="s1", seq=c.seq, key=f"k{c.seq}", content_type="video/webm", size_bytes=1,
              status=ChunkStatus.ANALYZED, answer_index=0, offset_s=c.offset_s, duration_s=c.duration_s,
              vision=c.vision.model_dump(mode="json") if c.vision else None,
              speech=c.speech.model_dump(mode="json") if c.speech else None, requested_at=now)
        for c in fake.chunks
    ] + [Chunk(session_id="s1", seq=99, key="k99", content_type="video/webm", size_bytes=1,
               status=ChunkStatus.FAILED, offset_s=30, duration_s=5, errors={"vision": "MediaDecodeError"},
               requested_at=now)]  # fmt: skip
    # and the answer's second segment requested but never uploaded
    lost = chunks[1]
    chunks[1] = Chunk(session_id="s1", seq=lost.seq, key="k", content_type="video/webm", size_bytes=1,
                      status=ChunkStatus.REQUESTED, answer_index=0, offset_s=lost.offset_s,
                      requested_at=now)  # fmt: skip
    windows = [Window(session_id="s1", window_index=0, answer_index=0, seqs=(0,), status=WindowStatus.DONE,
                      transcript=fake.windows[0].model_dump(mode="json"), created_at=now)]  # fmt: skip
    # When converted and reported
    data = SessionData.from_domain(session, chunks, windows)
    report = build_report(data)
    # Then the bank supplies the question's talking points and the failed chunk becomes a note
    assert data.answers[0].question.talking_points
    assert any("could not be analysed" in n and "MediaDecodeError" in n for n in report.analysis_notes)
    assert report.answers[0].talking_points
    # and the lost upload is named with where it was, and adds nothing to the analysed time
    gap = f"({fmt_time(lost.offset_s)}-{fmt_time(chunks[2].offset_s)})"
    assert (
        f"Segment {lost.seq} of answer 1 {gap} could not be analysed (its upload never arrived)"
        in " ".join(report.analysis_notes)
    )
    assert [c.seq for c in data.chunks] == [c.seq for c in chunks if c.seq != lost.seq]
