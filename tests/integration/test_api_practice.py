"""Typed-answer practice and job-description sessions over REST, against the embedded AWS."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from interview_core.contracts.api import SessionOut
from interview_core.contracts.practice import PracticeReport
from local_platform.client import ApiClient

pytestmark = pytest.mark.integration
EVENTS = Path(__file__).resolve().parents[2] / "events" / "api"
ANSWER: str = json.loads((EVENTS / "practice_text_request.json").read_text())["text"]
SRE_POSTING: str = json.loads((EVENTS / "create_session_request_job.json").read_text())["job_description"]

CONSENT = {"recording": True, "analysis": True, "retention_days": 30}


def test_typed_answer_gets_the_content_report(alice: ApiClient) -> None:
    # The first typed answer of the API process loads the content model: slow on a busy machine
    body = {"question_id": "gen-conflict", "text": ANSWER}
    r = alice.request("POST", "/practice/text", json=body, timeout=120)
    assert r.status_code == 200, r.text
    report = PracticeReport.model_validate(r.json())
    (a,) = report.answers
    assert a.question_id == "gen-conflict" and a.text == ANSWER and report.role == "general"
    assert len(a.talking_points) == 4 and any(p.covered and p.evidence for p in a.talking_points)
    assert (a.relevance is None or a.relevance.on_topic) and a.star.coverage > 0


def test_practice_needs_a_signed_in_user(platform: Any) -> None:
    anonymous = ApiClient(platform.url)
    r = anonymous.request("POST", "/practice/text", json={"question_id": "gen-conflict", "text": ANSWER})
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"question_id": "no-such", "text": ANSWER}, "question_id", "unknown question 'no-such'"),
        ({"question_id": "gen-conflict", "text": ""}, "text", "the answer is empty"),
        ({"question_id": "gen-conflict", "text": "Yes."}, "text", "the answer is too short: 1 word"),
        ({"question_id": "gen-conflict", "text": "x " * 5001}, "text", "at most 10000 characters"),
        ({"question_id": "gen-conflict", "text": "I led \u0000 the team"}, "text", "(U+0000"),
        ({"question_id": "gen-conflict", "text": 42}, "text", "Input should be a valid string"),
        ({"question_id": "gen-conflict"}, "text", "Field required"),
    ],
)  # fmt: skip
def test_bad_practice_input_is_422_naming_the_field(
    alice: ApiClient, body: dict[str, Any], field: str, message: str
) -> None:
    r = alice.request("POST", "/practice/text", json=body)
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["code"] == "validation_failed"
    assert any(d["field"] == field and message in d["message"] for d in error["details"]), error


def test_lone_surrogate_in_json_is_422(alice: ApiClient) -> None:
    # A JSON string can escape half a surrogate pair, which is no character at all
    raw = b'{"question_id": "gen-conflict", "text": "I led the \\ud800 team to a result"}'
    r = alice.request("POST", "/practice/text", content=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == 422, r.text
    assert [d["field"] for d in r.json()["error"]["details"]] == ["text"]


def test_session_tailored_to_a_job_description(alice: ApiClient) -> None:
    # When a session is created with a pasted job description
    body = {"role": "software-engineer", "consent": CONSENT, "job_description": SRE_POSTING}
    r = alice.request("POST", "/sessions", json=body)
    assert r.status_code == 201, r.text
    session = SessionOut.model_validate(r.json())
    # Then its key terms are extracted and kept, and the most relevant question comes first
    assert {"monitoring", "incident response", "kubernetes"} <= set(session.job_terms)
    assert session.questions[0].id == "swe-hard-bug"
    again = SessionOut.model_validate(alice.request("GET", f"/sessions/{session.session_id}").json())
    assert again.job_terms == session.job_terms and again.questions == session.questions


def test_chosen_questions_keep_their_order_with_a_job_description(alice: ApiClient) -> None:
    chosen = ["swe-why-engineering", "swe-code-review"]
    body = {
        "role": "software-engineer",
        "consent": CONSENT,
        "question_ids": chosen,
        "job_description": SRE_POSTING,
    }
    r = alice.request("POST", "/sessions", json=body)
    assert r.status_code == 201, r.text
    assert [q["id"] for q in r.json()["questions"]] == chosen and r.json()["job_terms"]


@pytest.mark.parametrize(
    ("description", "message"),
    [("too short", "too short"), ("x" * 8001, "at most 8000 characters"), ("A job\x07 in Python", "control")],
)  # fmt: skip
def test_bad_job_description_is_422_and_creates_nothing(
    alice: ApiClient, description: str, message: str
) -> None:
    body = {"role": "software-engineer", "consent": CONSENT, "job_description": description}
    r = alice.request("POST", "/sessions", json=body)
    assert r.status_code == 422, r.text
    details = r.json()["error"]["details"]
    assert any(d["field"] == "job_description" and message in d["message"] for d in details), details
    assert alice.request("GET", "/sessions").json()["sessions"] == []


def test_session_without_job_description_has_no_terms(alice: ApiClient) -> None:
    assert alice.create_session()["job_terms"] == []
