"""Sharing an interview with a coach and the coach's comments on its moments, in a real browser.

One interview streamed through the real pipeline (streaming_session.Live: the sample's first three
segments, analysed, reported and joined into one recording) serves both tests. The owner and the coaches
are users made over REST (web_tokens.api_user) and signed in to the web app with their tokens; what is
under test (sharing, revoking, the coach's list and read-only report, comments, the display name) is
done in the browser.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from streaming_session import Live
from web_tokens import WebUser, api_user

from local_platform.segments import cut_segments

pytestmark = pytest.mark.e2e
SAMPLE = Path(__file__).resolve().parents[1] / "media" / "sample_interview.webm"
VIEWPORT = {"width": 1280, "height": 900}
VIDEO = "[data-testid=replay-video]"


def _shared_message(email: str) -> str:
    return f"Shared with {email}. They can see it after signing in with that email."


def _default_name(user: WebUser) -> str:
    return user.email.split("@")[0]


def _fits_a_phone(user: WebUser, browser: Any, base: str, path: str, test_id: str) -> None:
    """`path` opened by `user` on a phone-sized screen shows `test_id` without scrolling sideways."""
    page = user.page(browser, base, viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(f"{base}{path}")
    page.get_by_test_id(test_id).first.wait_for()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 400, f"horizontal scrolling on a phone at {path}: {width}px"
    page.context.close()


@pytest.fixture(scope="module")
def finished(web_platform: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[WebUser, str]:
    """An owner and their interview with its report and joined recording."""
    owner = api_user(web_platform.url)
    live = Live(web_platform, api=owner.api)
    for seq, seg in enumerate(cut_segments(SAMPLE, tmp_path_factory.mktemp("segments"), 4.0)[:3]):
        assert live.send(seq, seg)["type"] == "chunk.accepted"
    live.end()
    live.recording()
    live.conn.close()
    return owner, live.sid


def test_the_owner_shares_with_a_coach_and_revokes(browser, web_platform, finished, screenshot):
    # Given a coach with nothing shared with them yet
    base, (owner, sid) = web_platform.url, finished
    coach = api_user(base)
    coach_page = coach.page(browser, base, viewport=VIEWPORT)
    coach_page.goto(f"{base}/dashboard/")
    coach_page.get_by_role("link", name="Shared with me").click()
    coach_page.wait_for_url("**/shared/")
    coach_page.get_by_text("Nothing has been shared with you yet").wait_for()

    # When the owner shares the interview with the coach's email on its report page
    page = owner.page(browser, base, viewport=VIEWPORT)
    page.goto(f"{base}/report/?session={sid}")
    panel = page.get_by_test_id("share-panel")
    email, status = panel.get_by_label("Coach's email"), panel.get_by_role("status")
    email.fill(coach.email.upper())
    panel.get_by_role("button", name="Share", exact=True).click()
    # Then they are told so in words that do not say whether the email has an account...
    expect(status).to_have_text(_shared_message(coach.email))
    expect(panel.get_by_test_id("share-list")).to_contain_text(coach.email)
    # ...the same words as for an address nobody signed up with (shared with their future sessions too)
    nobody = f"nobody-{uuid.uuid4().hex[:8]}@example.com"
    email.fill(nobody)
    panel.get_by_label("Also share my future sessions").check()
    panel.get_by_role("button", name="Share", exact=True).click()
    expect(status).to_have_text(_shared_message(nobody))
    expect(panel.get_by_test_id("share-list").locator("li").filter(has_text=nobody)).to_contain_text(
        "also your future sessions"
    )
    # And an address that is not one, or their own, is refused with the reason, and shares nothing
    email.fill("not-an-email")
    panel.get_by_role("button", name="Share", exact=True).click()
    expect(panel.get_by_role("alert")).to_have_text("The email is not valid")
    email.fill(owner.email)
    panel.get_by_role("button", name="Share", exact=True).click()
    expect(panel.get_by_role("alert")).to_contain_text("yourself")
    expect(panel.get_by_test_id("share-list")).not_to_contain_text(owner.email)
    screenshot(page, "share-panel")

    # And the coach finds it under "Shared with me" and opens it read-only
    coach_page.reload()
    listed = coach_page.get_by_test_id("shared-session").filter(has_text=_default_name(owner))
    expect(listed).to_contain_text("Report ready")
    screenshot(coach_page, "shared-with-me")
    _fits_a_phone(coach, browser, base, "/shared/", "shared-session")
    _fits_a_phone(owner, browser, base, f"/report/?session={sid}", "share-list")
    listed.get_by_role("link", name=re.compile("^Open")).click()
    coach_page.wait_for_url("**/report/**")
    expect(coach_page.get_by_test_id("coach-view")).to_be_visible()
    expect(coach_page.get_by_test_id("replay-video")).to_be_visible()
    assert coach_page.locator("[data-testid^=rate-]").count() == 0, "a coach cannot rate"
    assert coach_page.get_by_test_id("share-panel").count() == 0, "a coach cannot share"
    screenshot(coach_page, "coach-report")

    # When the owner revokes the coach's share
    panel.get_by_role("button", name=f"Revoke access for {coach.email}").click()
    expect(status).to_have_text(f"Access for {coach.email} to this session ended.")
    expect(panel.get_by_test_id("share-list")).not_to_contain_text(coach.email)
    panel.get_by_role("button", name=f"Revoke access for {nobody}").click()
    expect(status).to_have_text(f"Access for {nobody} ended, to this session and to your future sessions.")
    expect(panel.get_by_text("Only you.")).to_be_visible()

    # Then the coach's list no longer has it, and its report is as unknown to them as any other id
    coach_page.goto(f"{base}/shared/")
    coach_page.get_by_text("Nothing has been shared with you yet").wait_for()
    coach_page.goto(f"{base}/report/?session={sid}")
    expect(coach_page.get_by_role("alert")).to_be_visible()
    assert coach_page.get_by_test_id("report").count() == 0


def test_a_coach_comments_on_a_moment_and_the_owner_sees_it(browser, web_platform, finished, screenshot):
    # Given the interview shared with a coach (prepared over REST), who names themselves in their profile
    base, (owner, sid) = web_platform.url, finished
    coach = api_user(base)
    shared = owner.api.request("POST", f"/sessions/{sid}/shares", json={"email": coach.email})
    assert shared.status_code == 201, shared.text
    coach_page = coach.page(browser, base, viewport=VIEWPORT)
    coach_page.goto(f"{base}/dashboard/")
    name = coach_page.get_by_label("Display name")
    expect(name).to_have_value(_default_name(coach))
    name.fill("Coach Casey")
    coach_page.get_by_role("button", name="Save name").click()
    expect(coach_page.get_by_test_id("profile").get_by_role("status")).to_have_text("Saved.")

    # When the coach stops the replay at 0:05 and comments on that moment
    coach_page.goto(f"{base}/report/?session={sid}")
    video = coach_page.get_by_test_id("replay-video")
    video.wait_for()
    coach_page.wait_for_function(f"() => document.querySelector('{VIDEO}').readyState >= 1")
    video.evaluate("v => { v.pause(); v.currentTime = 5.2; }")
    coach_page.get_by_role("button", name="Comment at 0:05").click()
    expect(coach_page.get_by_test_id("comments").get_by_role("alert")).to_have_text("The comment is empty")
    text = "Good eye contact here.\nSlow down a little before the example."
    coach_page.get_by_label("Comment on this moment").fill(text)
    coach_page.get_by_role("button", name="Comment at 0:05").click()

    # Then it is listed under the player with their name, and its marker sits at that moment
    comment = coach_page.get_by_test_id("comment")
    expect(comment).to_have_count(1)
    expect(comment).to_contain_text("Coach Casey")
    expect(comment).to_contain_text("0:05")
    marker = coach_page.locator("[data-marker=comment]")
    expect(marker).to_have_count(1)
    assert float(marker.get_attribute("data-t") or "nan") == pytest.approx(5.2, abs=0.1)
    # And the marker seeks the video there
    video.evaluate("v => { v.currentTime = 0; }")
    marker.click()
    coach_page.wait_for_function(f"() => Math.abs(document.querySelector('{VIDEO}').currentTime - 5.2) < 1")
    screenshot(coach_page, "coach-comment")

    # And the owner sees the comment on their replay (not theirs to delete) and in the printable report
    page = owner.page(browser, base, viewport=VIEWPORT)
    page.goto(f"{base}/report/?session={sid}")
    owners_view = page.get_by_test_id("comment")
    expect(owners_view).to_have_count(1)
    expect(owners_view).to_contain_text("Coach Casey")
    expect(owners_view).to_contain_text("Slow down a little before the example.")
    expect(page.locator("[data-marker=comment]")).to_have_count(1)
    assert owners_view.get_by_role("button", name=re.compile("^Delete")).count() == 0
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Printable report").click()
    printable = opened.value
    printable.wait_for_load_state()
    body = printable.locator("body").inner_text()
    assert "Comments" in body and "Coach Casey" in body and "Good eye contact here." in body, body[-2000:]
    assert "0:05" in body
    screenshot(page, "owner-sees-comment")

    # And the coach can delete their own comment, marker and all
    coach_page.get_by_role("button", name="Delete your comment at 0:05").click()
    expect(coach_page.get_by_test_id("comment")).to_have_count(0)
    expect(coach_page.locator("[data-marker=comment]")).to_have_count(0)
    # and the owner's open report follows within its refresh (15 s), without a reload
    expect(page.get_by_test_id("comment")).to_have_count(0, timeout=25000)
    expect(page.locator("[data-marker=comment]")).to_have_count(0)
