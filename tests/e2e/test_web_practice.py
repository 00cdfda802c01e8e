"""Typed-answer practice and job-description tailoring in the web app, in a real browser.

The typed answer goes through the real REST route and content analysis; the tailored session records
a short answer with the fake camera and microphone (the sample interview) so the report is the real one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from web_tokens import api_user

from local_platform.client import ApiClient

pytestmark = pytest.mark.e2e
EVENTS = Path(__file__).resolve().parents[2] / "events" / "api"
ANSWER: str = json.loads((EVENTS / "practice_text_request.json").read_text())["text"]
SRE_POSTING: str = json.loads((EVENTS / "create_session_request_job.json").read_text())["job_description"]


def _signed_in(browser: Any, base: str, **context_args: Any) -> tuple[Any, ApiClient]:
    """A page of a new candidate signed up over REST, the tokens handed to the web app."""
    user = api_user(base)
    return user.page(browser, base, **context_args), user.api


def test_typed_answer_practice(browser, web_platform, screenshot):
    # Given a signed-in candidate who chooses to type instead of recording
    base = web_platform.url
    page, _ = _signed_in(browser, base, viewport={"width": 1100, "height": 900})
    page.goto(f"{base}/new/")
    page.get_by_role("link", name="Type your answer instead").click()
    page.wait_for_url("**/practice/")
    page.get_by_label("Role", exact=True).select_option("general")
    page.get_by_label("Question", exact=True).select_option("gen-conflict")

    # When the answer is far too short, they are told why and nothing is shown as feedback
    page.get_by_label("Your answer", exact=True).fill("Yes.")
    page.get_by_role("button", name="Analyse my answer").click()
    page.get_by_role("alert").filter(has_text="the answer is too short: 1 word").wait_for()
    assert page.get_by_test_id("practice-result").count() == 0

    # When they type a real answer
    page.get_by_label("Your answer", exact=True).fill(ANSWER)
    assert "51 words" in page.locator("#practice-count").inner_text()
    page.get_by_role("button", name="Analyse my answer").click()

    # Then they see the question's talking points, covered ones with the sentence that covers them
    result = page.get_by_test_id("practice-result")
    result.wait_for(timeout=90000)  # the first typed answer loads the content model
    points = result.get_by_test_id("talking-points").locator("li")
    assert points.count() == 4
    covered = result.locator("[data-covered=yes]")
    assert covered.count() >= 1
    evidence = covered.first.get_by_test_id("evidence").inner_text()
    assert evidence.split(" … ")[0] in ANSWER
    # And relevance (when the content model judged it), STAR cues, keywords, repetition and hedges
    relevance = result.get_by_test_id("relevance")
    assert relevance.count() == 0 or relevance.get_attribute("data-on-topic") == "yes"
    assert result.locator("[data-star=result][data-present=yes]").count() == 1
    assert "listened" in result.get_by_test_id("keywords-used").inner_text()
    assert result.get_by_test_id("repetition").is_visible() and result.get_by_test_id("hedges").is_visible()
    assert page.get_by_role("alert").filter(has_text="too short").count() == 0
    screenshot(page, "12-typed-practice")
    page.context.close()


def test_job_description_tailors_the_session_and_the_report(media_browser, web_platform, screenshot):
    # Given a candidate preparing for a reliability job
    base = web_platform.url
    page, api = _signed_in(media_browser, base, viewport={"width": 1100, "height": 900})
    page.goto(f"{base}/new/")
    page.get_by_label("Role", exact=True).select_option("software-engineer")

    # When they paste too little, the server's reason is shown and no session is created
    page.get_by_label("Job description (optional)").fill("Engineer")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("I agree to record my camera and microphone during this interview.").check()
    page.get_by_label("I agree to have the recording analysed to produce my feedback report.").check()
    page.get_by_role("button", name="I agree, continue to camera check").click()
    page.get_by_role("alert").filter(has_text="the job description is too short").wait_for()
    assert api.request("GET", "/sessions").json()["sessions"] == []

    # When they paste the job ad and let it choose the questions
    page.get_by_role("button", name="Back").click()
    page.get_by_label("Job description (optional)").fill(SRE_POSTING)
    assert page.get_by_label("Choose the questions most relevant to this job for me").is_checked()
    assert page.get_by_test_id("questions-from-job").is_visible()
    assert page.get_by_role("alert").filter(has_text="too short").count() == 0
    screenshot(page, "13-job-description")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="I agree, continue to camera check").click()
    page.wait_for_url("**/setup/**")

    # Then the session keeps the job's key terms and asks the most relevant question first
    session_id = str(page.evaluate("() => new URLSearchParams(location.search).get('session')"))
    session = api.request("GET", f"/sessions/{session_id}").json()
    assert {"monitoring", "incident response", "kubernetes"} <= set(session["job_terms"])
    assert session["questions"][0]["id"] == "swe-hard-bug"

    # When they answer (the fake microphone plays the sample interview) and end
    page.goto(f"{base}/interview/?session={session_id}")
    page.locator("[data-testid=link-state][data-state=online]").wait_for(timeout=20000)
    assert "hardest bug" in page.get_by_test_id("question").inner_text()
    page.get_by_role("button", name="Start answering").click()
    page.get_by_test_id("recording-indicator").wait_for()
    page.wait_for_timeout(6000)
    page.get_by_role("button", name="End interview").click()

    # Then the report shows every job term, each as used or not used, overall and for the answer
    page.wait_for_url("**/report/**", timeout=60000)
    section = page.get_by_test_id("job-terms")
    section.wait_for(timeout=150000)
    report = api.report(session_id).json()
    overall = set(report["job_terms"]["used"]) | set(report["job_terms"]["missed"])
    assert overall == set(session["job_terms"])
    shown = section.locator("[data-job-term]").all_inner_texts()
    assert len(shown) == 2 * len(overall)  # all answers, then answer 1
    assert {s.removeprefix("✓ ") for s in shown} == overall
    section.scroll_into_view_if_needed()
    screenshot(page, "14-report-job-terms")
    page.context.close()
