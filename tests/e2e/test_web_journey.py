"""The candidate web app in a real browser: the whole journey with its seamless replay, permission denied,
a dropped WebSocket, and a reload mid-answer.

Chromium plays tests/media/sample_interview.webm as its camera and microphone (the audio says um, uh
and "you know"); the platform analyses the uploaded segments with the real models.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest
from web_interview import joined_recording, page_token, rest_client, signed_up_with_session, stored_chunks
from web_signup import sign_up_in_page
from web_tokens import PASSWORD

pytestmark = pytest.mark.e2e
FILLERS_IN_AUDIO = {"um", "uh", "you know", "you", "know"}


def _stored_seqs(platform: Any, session_id: str) -> list[int]:
    return [int(c["seq"]) for c in stored_chunks(platform, session_id)]


def _session_id(page: Any) -> str:
    return str(page.evaluate("() => new URLSearchParams(location.search).get('session')"))


def _record(page: Any, seconds: float) -> None:
    page.wait_for_timeout(int(seconds * 1000))


def test_journey_signup_to_report_with_fillers(media_browser, web_platform, screenshot):
    # Given a new candidate on a desktop-sized screen
    base = web_platform.url
    context = media_browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    sign_up_in_page(page, base, f"web-{uuid.uuid4().hex[:10]}@example.com", PASSWORD, screenshot, "01-signup")
    screenshot(page, "02-dashboard-empty")

    # When they choose questions and give consent
    page.get_by_role("link", name="Start a new interview").click()
    page.wait_for_url("**/new/")
    page.get_by_label("Role", exact=True).wait_for()
    screenshot(page, "03-questions")
    page.get_by_role("button", name="Continue").click()
    agree = page.get_by_role("button", name="I agree, continue to camera check")
    assert agree.is_disabled(), "nothing may start before consent"
    page.get_by_label("I agree to record my camera and microphone during this interview.").check()
    page.get_by_label("I agree to have the recording analysed to produce my feedback report.").check()
    page.get_by_label("Keep my recording and report for").select_option("7")
    screenshot(page, "04-consent")
    agree.click()

    # And check the camera and microphone
    page.wait_for_url("**/setup/**")
    page.get_by_test_id("lighting").filter(has_not_text="Checking").wait_for(timeout=15000)
    page.wait_for_function("() => document.querySelector('video')?.readyState >= 2")
    screenshot(page, "05-setup")
    session_id = _session_id(page)
    # (the calibration before the first question has a test of its own: test_web_calibration.py)
    page.get_by_label("Calibrate where I look (about 7 seconds at the start)").uncheck()
    page.get_by_role("button", name="Continue to interview").click()

    # And answer two questions
    page.wait_for_url("**/interview/**")
    page.locator("[data-testid=link-state][data-state=online]").wait_for(timeout=20000)
    first_question = page.get_by_test_id("question").inner_text()
    page.get_by_role("button", name="Start answering").click()
    page.get_by_test_id("recording-indicator").wait_for()
    _record(page, 9)
    screenshot(page, "06-interview")
    page.get_by_role("button", name="Next question").click()
    page.wait_for_function(
        "(q) => document.querySelector('[data-testid=question]').innerText !== q", arg=first_question
    )
    _record(page, 6)
    recorded = page.evaluate("() => window.__interview.nextSeq")
    page.get_by_role("button", name="End interview").click()

    # Then the report shows scores, charts and the transcript with fillers the audio really contains
    page.wait_for_url("**/report/**", timeout=60000)
    page.get_by_test_id("report").wait_for(timeout=150000)
    overall = page.get_by_test_id("score-overall").inner_text()
    assert "Overall" in overall
    for component in ("delivery", "presence", "content"):
        assert page.get_by_test_id(f"score-{component}").is_visible()
    for chart in ("attention", "presence", "expression", "pace", "fillers"):
        assert page.get_by_test_id(f"chart-{chart}").locator("svg.recharts-surface").count() >= 1, chart
    fillers = page.locator("[data-testid=transcript] mark[data-filler]")
    words = {f.strip() for f in fillers.evaluate_all("els => els.map(e => e.dataset.filler)")}
    assert words & FILLERS_IN_AUDIO, f"no filler from the audio highlighted: {words}"
    page.get_by_test_id("replay").locator("video").wait_for()
    page.locator("[data-marker]").first.wait_for()
    screenshot(page, "07-report")

    # And every recorded segment arrived once, in order
    seqs = _stored_seqs(web_platform, session_id)
    assert seqs == list(range(recorded + 1)) or seqs == list(range(recorded)), seqs
    assert len(seqs) == int(page.evaluate(f"() => localStorage.getItem('interview.nextSeq.{session_id}')"))

    # And once joined, the open page switches to one video over the whole interview by itself (no
    # reload): playing across a former segment boundary and jumping to a marker keep the same source
    media = joined_recording(rest_client(base, page_token(page)), session_id)
    assert media["segments"] == []
    video = page.get_by_test_id("replay-video")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=replay-video]')?.src.includes('/recording/recording.')",
        timeout=30000,
    )
    src = video.get_attribute("src")
    assert src and "/recording/recording.webm" in src, src
    page.wait_for_function("() => document.querySelector('[data-testid=replay-video]').readyState >= 1")
    duration = page.evaluate("() => document.querySelector('[data-testid=replay-video]').duration")
    assert duration == pytest.approx(media["recording"]["duration_s"], abs=0.5)
    video.evaluate(
        "v => { window.__loads = 0; v.addEventListener('loadstart', () => window.__loads++);"
        " v.currentTime = 3; void v.play(); }"
    )
    page.wait_for_function(
        "() => document.querySelector('[data-testid=replay-video]').currentTime > 5", timeout=20000
    )
    marker = page.locator("[data-marker][data-t]").last
    t = float(marker.get_attribute("data-t") or "nan")
    marker.click()
    page.wait_for_function(
        "(t) => Math.abs(document.querySelector('[data-testid=replay-video]').currentTime - t) < 1", arg=t
    )
    assert page.evaluate("() => window.__loads") == 0
    assert video.get_attribute("src") == src
    screenshot(page, "07b-replay-recording")

    # And the history lists the session with its progress
    page.goto(f"{base}/dashboard/")
    page.get_by_test_id("history").get_by_role("link", name="View report").wait_for()
    page.get_by_test_id("progress-chart").wait_for()
    screenshot(page, "08-history")

    # And on a phone-sized screen the report stays usable
    phone = media_browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    mobile = phone.new_page()
    mobile.goto(f"{base}/signin/")
    mobile.evaluate(
        "(a) => localStorage.setItem('interview.auth', a)",
        page.evaluate("() => localStorage.getItem('interview.auth')"),
    )
    mobile.goto(f"{base}/report/?session={session_id}")
    mobile.get_by_test_id("report").wait_for(timeout=30000)
    width = mobile.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 400, f"horizontal scrolling on a phone: {width}px"
    screenshot(mobile, "09-report-phone")
    phone.close()
    context.close()


def test_permission_denied_shows_help_and_uploads_nothing(denied_browser, web_platform, screenshot):
    # Given a candidate who blocks the camera and microphone
    base = web_platform.url
    context = denied_browser.new_context(viewport={"width": 1000, "height": 800})
    page = context.new_page()
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: frames.append(str(payload))))
    rest, session_id = signed_up_with_session(page, base)

    # When the camera check and the interview page ask for the devices
    page.goto(f"{base}/setup/?session={session_id}")
    help_box = page.get_by_test_id("media-help")
    help_box.wait_for(timeout=15000)
    assert "blocked" in help_box.inner_text().lower()
    screenshot(page, "10-permission-denied")
    page.goto(f"{base}/interview/?session={session_id}")
    page.get_by_test_id("media-help").wait_for(timeout=15000)
    page.wait_for_timeout(1500)

    # Then nothing was requested or uploaded
    assert not [f for f in frames if "chunk.request" in f], frames
    media = rest.get(f"/sessions/{session_id}/media").raise_for_status().json()
    assert media == {"recording": None, "segments": []}
    context.close()


def test_dropped_websocket_reconnects_and_every_segment_arrives_once(media_browser, web_platform, screenshot):
    # Given an interview in progress
    base = web_platform.url
    context = media_browser.new_context(viewport={"width": 1000, "height": 800})
    page = context.new_page()
    _, session_id = signed_up_with_session(page, base)
    before = set(web_platform.gateway.connections)
    page.goto(f"{base}/interview/?session={session_id}")
    page.locator("[data-testid=link-state][data-state=online]").wait_for(timeout=20000)
    mine = set(web_platform.gateway.connections) - before
    assert len(mine) == 1
    page.get_by_role("button", name="Start answering").click()
    page.wait_for_function("() => window.__interview.acceptedCount >= 1", timeout=20000)

    # When the gateway drops the connection mid-interview
    (connection_id,) = mine
    r = httpx.delete(f"{base}/live/@connections/{connection_id}")
    assert r.status_code in (200, 204), r.text
    page.locator("[data-testid=link-state][data-state=reconnecting]").wait_for(timeout=10000)
    screenshot(page, "11-reconnecting")
    page.locator("[data-testid=link-state][data-state=online]").wait_for(timeout=30000)
    assert page.evaluate("() => window.__interview.connectionCount") >= 2
    _record(page, 5)
    page.get_by_role("button", name="End interview").click()
    page.wait_for_url("**/report/**", timeout=60000)

    # Then every segment the client recorded is stored exactly once, contiguous from 0
    recorded = int(page.evaluate(f"() => localStorage.getItem('interview.nextSeq.{session_id}')"))
    seqs = _stored_seqs(web_platform, session_id)
    assert recorded >= 2
    assert seqs == list(range(recorded)), f"stored {seqs}, recorded {recorded}"
    context.close()


def test_reload_mid_answer_resumes_and_uploads_every_segment_once(media_browser, web_platform, screenshot):
    # Given an interview in progress, with every upload the page reports counted across page loads
    base = web_platform.url
    context = media_browser.new_context(viewport={"width": 1000, "height": 800})
    page = context.new_page()
    uploaded: list[int] = []

    def count_upload(payload: Any) -> None:
        message = json.loads(payload) if isinstance(payload, str) else {}
        if message.get("action") == "chunk.uploaded":
            uploaded.append(int(message["seq"]))

    page.on("websocket", lambda ws: ws.on("framesent", count_upload))
    _, session_id = signed_up_with_session(page, base)
    page.goto(f"{base}/interview/?session={session_id}")
    page.locator("[data-testid=link-state][data-state=online]").wait_for(timeout=20000)
    page.get_by_role("button", name="Start answering").click()
    page.wait_for_function("() => window.__interview.acceptedCount >= 1", timeout=20000)
    _record(page, 3)

    # When the page is reloaded mid-answer
    before_reload = page.evaluate("() => window.__interview.nextSeq")
    page.reload()

    # Then it reconnects to the same session and the candidate carries on
    page.locator("[data-testid=link-state][data-state=online]").wait_for(timeout=20000)
    page.get_by_role("button", name="Start answering").click()
    page.wait_for_function(f"() => window.__interview.nextSeq >= {before_reload + 2}", timeout=30000)
    screenshot(page, "12-resumed-after-reload")
    page.get_by_role("button", name="End interview").click()
    page.wait_for_url("**/report/**", timeout=60000)

    # And every recorded segment was uploaded exactly once and stored, contiguous from 0
    recorded = int(page.evaluate(f"() => localStorage.getItem('interview.nextSeq.{session_id}')"))
    assert recorded >= before_reload + 2
    assert _stored_seqs(web_platform, session_id) == list(range(recorded))
    assert sorted(uploaded) == list(range(recorded)), f"uploads {sorted(uploaded)}, recorded {recorded}"
    context.close()
