"""The "where you look" calibration in a real browser: chosen on the camera check, run before the first
question, sent as spans of the recording, read from the analysed segments, and reported.

The fake camera is a real webcam user (webcam_user_2, ../shared/media/real/gaze; labels in
evaluation/data/gaze/labels.json): their look at the lens (6.75-7.5 s) looped for 8.8 s, then their eyes
on the screen below the camera (8-17 s). Chromium plays it from the start when the interview page opens
the camera, so the test starts recording at a known point of it: the dot by the camera then falls on the
lens part and the middle of the screen on the screen part.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from web_interview import signed_up_with_session

pytestmark = pytest.mark.e2e
CLIP = Path(__file__).resolve().parents[3] / "shared" / "media" / "real" / "gaze" / "webcam_user_2.mp4"
LENS_UNTIL_S = 8.8  # 11 loops of the 12 frames (15 fps) looking at the lens
START_AT_S = 4.6  # camera dot 1-3.5 s after the start, screen dot 4.5-7 s: both inside their part


@pytest.fixture(scope="module")
def lens_then_screen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not shutil.which("ffmpeg"):
        pytest.fail("ffmpeg is required for the browser tests (make system-deps)")
    y4m = tmp_path_factory.mktemp("calibration-camera") / "lens_then_screen.y4m"
    graph = (
        "[0:v]fps=15,scale=640:-2,split=2[a][b];"
        "[a]trim=start=6.75:end=7.55,setpts=PTS-STARTPTS,loop=loop=10:size=12:start=0,setpts=N/15/TB[lens];"
        "[b]trim=start=8:end=17,setpts=PTS-STARTPTS[screen];"
        "[lens][screen]concat=n=2:v=1:a=0,format=yuv420p"
    )
    cmd = ["ffmpeg", "-v", "error", "-y", "-i", str(CLIP), "-filter_complex", graph, "-an", str(y4m)]
    subprocess.run(cmd, check=True, timeout=120)
    return y4m


def test_calibration_runs_before_the_first_question_and_calibrates_the_report(
    playing_browser, web_platform, lens_then_screen, screenshot
):
    # Given a candidate with a consented session on the camera check, calibration left on (the default)
    base = web_platform.url
    context = playing_browser(camera=lens_then_screen).new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    rest, session_id = signed_up_with_session(page, base, "calibration")
    page.goto(f"{base}/setup/?session={session_id}")
    choice = page.get_by_label("Calibrate where I look (about 7 seconds at the start)")
    assert choice.is_checked()
    page.wait_for_function("() => document.querySelector('video')?.readyState >= 2")
    screenshot(page, "calibration-01-setup")
    page.get_by_role("button", name="Continue to interview").click()

    # When they start the interview at a known point of the camera's video
    page.wait_for_url("**/interview/**")
    puts: list[Any] = []
    page.on(
        "request", lambda req: puts.append(req) if req.method == "PUT" and "/calibration" in req.url else None
    )
    page.locator("[data-testid=link-state][data-state=online]").wait_for(timeout=20000)
    assert page.get_by_test_id("question").count() == 0, "no question before the calibration"
    page.wait_for_function(
        f"() => document.querySelector('video').currentTime >= {START_AT_S}", timeout=15000
    )
    page.get_by_role("button", name="Start answering").click()

    # Then the dot by the camera shows, then the middle of the screen, while recording
    dialog = page.get_by_role("dialog", name="Where you look")
    page.locator("[data-testid=calibration][data-target=camera]").wait_for(timeout=3000)
    assert page.get_by_test_id("recording-indicator").is_visible()
    assert page.get_by_role("button", name="Skip calibration").evaluate("b => b === document.activeElement")
    screenshot(page, "calibration-02-camera-dot")
    page.locator("[data-testid=calibration][data-target=screen]").wait_for(timeout=5000)
    screenshot(page, "calibration-03-screen-dot")

    # And only after it the first question is asked, its spans already sent
    question = page.get_by_test_id("question")
    question.wait_for(timeout=8000)
    assert dialog.count() == 0
    assert len(puts) == 1, [p.url for p in puts]
    spans = puts[0].post_data_json
    (c0, c1), (s0, s1) = spans["camera_span_s"], spans["screen_span_s"]
    assert 0.9 <= c0 < c1 < s0 < s1 <= 8.5 and 2.0 <= c1 - c0 <= 3.0 and 2.0 <= s1 - s0 <= 3.0, spans
    page.wait_for_timeout(6000)
    page.get_by_role("button", name="End interview").click()

    # And the report is read with the person's calibration, answer 1 starting after it
    page.wait_for_url("**/report/**", timeout=60000)
    page.get_by_test_id("report").wait_for(timeout=150000)
    assert "calibrated to your eyes at the start" in page.get_by_test_id("chart-attention").inner_text()
    screenshot(page, "calibration-04-report")
    report = rest.get(f"/sessions/{session_id}/report").raise_for_status().json()
    assert report["attention"]["calibrated"], report["analysis_notes"]
    assert report["answers"][0]["start_s"] >= s1
    session = rest.get(f"/sessions/{session_id}").raise_for_status().json()
    assert session["calibration_spans"] == spans
    # And the pipeline read it once from the segments: the lens above the screen, as on the clip
    calibration = session["attention_calibration"]
    assert calibration["camera"]["pitch_deg"] - calibration["screen"]["pitch_deg"] > 5, calibration
    context.close()


def test_skipping_the_calibration_asks_the_first_question_and_sends_nothing(
    media_browser, web_platform, screenshot
):
    # Given a candidate who keeps calibration on at the camera check
    base = web_platform.url
    context = media_browser.new_context(viewport={"width": 1000, "height": 800})
    page = context.new_page()
    rest, session_id = signed_up_with_session(page, base, "calibration")
    page.goto(f"{base}/setup/?session={session_id}")
    page.get_by_role("button", name="Continue to interview").click()
    page.wait_for_url("**/interview/**")
    page.locator("[data-testid=link-state][data-state=online]").wait_for(timeout=20000)

    # When they start and skip the calibration with the keyboard
    page.get_by_role("button", name="Start answering").click()
    page.get_by_role("dialog", name="Where you look").wait_for(timeout=3000)
    started = time.monotonic()
    page.keyboard.press("Enter")

    # Then the first question is asked at once and the session keeps no calibration
    page.get_by_test_id("question").wait_for(timeout=3000)
    assert time.monotonic() - started < 3
    session = rest.get(f"/sessions/{session_id}").raise_for_status().json()
    assert session["calibration_spans"] is None and session["attention_calibration"] is None
    context.close()
