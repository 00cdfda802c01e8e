"""Typed-answer practice: the text rules (contracts.text) and the content report (services.practice)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest
from pydantic import ValidationError

from interview_core.contracts.api import CreateSessionRequest, PracticeTextRequest
from interview_core.contracts.practice import PracticeReport
from interview_core.contracts.text import ANSWER_MAX_CHARS, clean_text
from interview_core.errors import ValidationFailedError
from interview_core.feedback.build import LEXICAL_NOTE
from interview_core.feedback.content import ContentAssessment, PointJudgement
from interview_core.feedback.html import render_practice_html
from interview_core.feedback.model import QuestionInfo
from interview_core.questions.bank import load_bank
from interview_core.services.practice import TYPED_NOTE, practice_text

pytestmark = pytest.mark.unit

ANSWER = (
    "My greatest strength is persistence. At my last job a payment integration kept failing, so I "
    "spent a week tracing every failed call and found a timeout bug. As a result we cut failures by "
    "90 percent and the team trusted our releases again."
)
CONSENT = {"recording": True, "analysis": True, "retention_days": 30}


def test_text_is_normalised():
    # Given text with CRLF line endings, surrounding space and a decomposed "é"
    text = clean_text("  Cafe\u0301 menu\r\nsecond line\t \r\n", "the answer", max_chars=100)
    # Then it is NFC, LF-only and trimmed
    assert text == "Caf\u00e9 menu\nsecond line"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the answer is empty"),
        ("   \n\t ", "the answer is empty"),
        ("I led it", "the answer is too short: 3 words"),
        ("x" * (ANSWER_MAX_CHARS + 1), "the answer is too long: 10,001 characters (at most 10,000)"),
        ("I led the \x00 team well", "the answer contains a control character (U+0000 at character 11)"),
        ("I led the \x1b[31m team", "the answer contains a control character (U+001B at character 11)"),
        ("I led the \ud800 team well", "the answer is not valid Unicode (a lone surrogate at character 11)"),
    ],
)
def test_bad_answer_text_is_refused_with_a_clear_reason(text: str, message: str):
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        clean_text(text, "the answer", max_chars=ANSWER_MAX_CHARS, min_words=4)


def test_practice_request_validates_its_fields():
    ok = PracticeTextRequest.model_validate({"question_id": "gen-strength", "text": f"  {ANSWER}  "})
    assert ok.text == ANSWER
    with pytest.raises(ValidationError) as e:
        PracticeTextRequest.model_validate({"question_id": "Gen Strength!", "text": "too short"})
    assert {err["loc"][0] for err in e.value.errors()} == {"question_id", "text"}
    with pytest.raises(ValidationError):  # strict: a number is not text
        PracticeTextRequest.model_validate({"question_id": "gen-strength", "text": 12345})


@pytest.mark.parametrize(
    ("description", "ok"),
    [(None, True), ("Backend engineer: Python, PostgreSQL, on-call.", True), ("too short", False),
     ("x" * 8001, False), ("Backend engineer\x00 with Python and SQL", False)],
)  # fmt: skip
def test_job_description_is_optional_and_validated(description: str | None, ok: bool):
    body = {"role": "software-engineer", "consent": CONSENT, "job_description": description}
    if ok:
        assert CreateSessionRequest.model_validate(body).job_description == description
    else:
        with pytest.raises(ValidationError) as e:
            CreateSessionRequest.model_validate(body)
        assert e.value.errors()[0]["loc"] == ("job_description",)


def test_typed_answer_gets_the_content_report():
    # When a typed answer to a bank question is analysed
    report = practice_text(load_bank(), "gen-strength", ANSWER)
    # Then the report has one answer with the question's talking points judged, with typed evidence
    assert isinstance(report, PracticeReport) and report.role == "general" and report.source == "typed"
    (a,) = report.answers
    spec = load_bank().question("gen-strength")
    assert spec is not None
    assert a.question_id == "gen-strength" and a.text == ANSWER and a.word_count == 44
    assert [p.point for p in a.talking_points] == list(spec.talking_points)
    covered = [p for p in a.talking_points if p.covered]
    assert covered and all(e.text in ANSWER and e.start_s is None for p in covered for e in p.evidence)
    assert (a.relevance is None or a.relevance.on_topic) and a.star.result
    assert set(a.keywords_used) | set(a.keywords_missed) == set(spec.keywords)
    # And without the content model it says that points were judged by word overlap only
    assert report.notes == [TYPED_NOTE, LEXICAL_NOTE]


def test_typed_answer_html_is_self_contained_and_escaped():
    text = ANSWER + " I wrote <script>alert(1)</script> in the ticket."
    html = render_practice_html(practice_text(load_bank(), "gen-strength", text))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script" not in html
    assert "name the strength" in html and "http" not in html


def test_practice_uses_the_injected_content_model():
    class SureModel:
        """Covers every point with the first sentence, always on topic, sentiment exactly 0.25."""

        def assess(self, question: QuestionInfo, sentences: Sequence[str]) -> ContentAssessment:
            points = [PointJudgement(probability=0.97, sentences=[0]) for _ in question.talking_points]
            return ContentAssessment(
                points=points, point_threshold=0.5, on_topic=0.99, on_topic_threshold=0.5
            )

        def sentiment(self, sentence: str) -> float:
            return 0.25

    report = practice_text(load_bank(), "gen-strength", ANSWER, analyzer=SureModel())
    (a,) = report.answers
    assert all(
        p.covered and p.evidence[0].text == "My greatest strength is persistence." for p in a.talking_points
    )
    assert a.relevance is not None and a.relevance.on_topic and a.sentiment == 0.25
    assert report.notes == [TYPED_NOTE]


@pytest.mark.parametrize(
    ("question_id", "text", "field"),
    [("no-such-question", ANSWER, "question_id"), ("gen-strength", "yes", "text"),
     ("gen-strength", "x\x07 bell in it", "text")],
)  # fmt: skip
def test_practice_refuses_unknown_questions_and_bad_text(question_id: str, text: str, field: str):
    with pytest.raises(ValidationFailedError) as e:
        practice_text(load_bank(), question_id, text)
    assert e.value.details["field"] == field
