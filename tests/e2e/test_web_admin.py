"""The admin page and report ratings in the web app, in a real browser.

The admin test fills the aggregate for yesterday through the service the report step calls (six
reports of the sample report: enough to publish the day), rather than streaming six interviews.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from web_tokens import PASSWORD, api_user, page_signed_in

from interview_core.container import get_services
from interview_core.contracts.report import Report
from interview_core.domain import utcnow
from interview_core.services import analytics
from local_platform.client import ApiClient
from local_platform.commands.admin import grant_admin

pytestmark = pytest.mark.e2e
SAMPLE = (Path(__file__).resolve().parents[2] / "events" / "report" / "report.json").read_text()
PUBLISHED = 6


def _page(browser: Any, base: str, tokens: dict[str, Any], email: str) -> Any:
    return page_signed_in(browser, base, tokens, email, viewport={"width": 1200, "height": 1000})


def _user(base: str, *, admin_env: dict[str, str] | None = None) -> tuple[ApiClient, dict[str, Any], str]:
    user = api_user(base)
    tokens = user.tokens
    if admin_env is not None:
        grant_admin(admin_env, user.email)
        tokens = user.api.login(user.email, PASSWORD)
    return user.api, tokens, user.email


def test_admin_page_shows_the_published_days_in_charts(browser, web_platform, screenshot):
    # Given yesterday's aggregate with six sessions and six built reports
    yesterday = utcnow().date() - timedelta(days=1)
    svc, report = get_services(), Report.model_validate_json(SAMPLE)
    for _ in range(PUBLISHED):
        svc.analytics.add(yesterday, {"sessions_started": 1})
        analytics.count(svc, yesterday, analytics.report_counters(report, [], []))
    base = web_platform.url
    # When a candidate opens the admin page, they are refused and see no admin link
    _, tokens, email = _user(base)
    page = _page(browser, base, tokens, email)
    page.goto(f"{base}/admin/")
    page.get_by_role("alert").filter(has_text="administrators only").wait_for()
    assert page.get_by_role("link", name="Admin").count() == 0
    # When an admin (granted like `interview admin grant`) follows the header's link
    _, tokens, email = _user(base, admin_env=web_platform.aws.env)
    page = _page(browser, base, tokens, email)
    page.goto(f"{base}/dashboard/")
    page.get_by_role("link", name="Admin").click()
    page.wait_for_url("**/admin/")
    # Then yesterday's figures are in the totals and the charts draw bars
    totals = page.get_by_test_id("admin-totals")
    totals.get_by_text("Reports built").wait_for()
    assert int(totals.locator("dd").nth(1).inner_text()) >= PUBLISHED
    for chart in ("admin-days", "admin-scores", "admin-metric", "admin-recommendations"):
        bars = page.get_by_test_id(f"chart-{chart}").locator("path.recharts-rectangle")
        bars.first.wait_for()
        assert bars.count() > 0, chart
    recs = page.get_by_test_id("chart-admin-recommendations")
    assert all(r.key in recs.inner_text() for r in report.recommendations)
    assert "@" not in page.get_by_test_id("admin").inner_text()
    screenshot(page, "admin-analytics")


def test_the_candidate_rates_the_report_and_a_recommendation(browser, web_platform, screenshot):
    # Given a built report (the sample report's content stored for a session that was ended)
    base = web_platform.url
    api, tokens, email = _user(base)
    sid = api.create_session()["session_id"]
    assert api.request("POST", f"/sessions/{sid}/end").status_code == 202
    deadline = time.monotonic() + 120
    while api.report(sid).status_code != 200:
        assert time.monotonic() < deadline, "no report"
        time.sleep(0.5)
    svc = get_services()
    record = svc.repos.reports.get(sid)
    assert record is not None
    svc.store.put_json(record.report_key, {**json.loads(SAMPLE), "session_id": sid}, retention_days=1)
    page = _page(browser, base, tokens, email)
    page.goto(f"{base}/report/?session={sid}")
    # When they rate the report useful, and the second recommendation not useful with a comment
    rate_report = page.get_by_test_id("rate-report")
    rate_report.get_by_role("button", name="Useful", exact=True).click()
    rate_report.get_by_role("status").filter(has_text="saved").wait_for()
    second = page.get_by_test_id("rate-recommendation-2")
    second.get_by_label("Comment on recommendation 2 (optional)").fill("I already pause on purpose.")
    second.get_by_role("button", name="Not useful", exact=True).click()
    second.get_by_role("status").filter(has_text="saved").wait_for()
    screenshot(page, "report-rated")
    # Then after a reload the page shows their votes, and the report JSON carries them
    page.reload()
    page.get_by_test_id("rate-report").get_by_role("button", name="Useful", exact=True).wait_for()
    assert (
        page.get_by_test_id("rate-report")
        .get_by_role("button", name="Useful", exact=True)
        .get_attribute("aria-pressed")
        == "true"
    )
    assert second.get_by_role("button", name="Not useful", exact=True).get_attribute("aria-pressed") == "true"
    assert (
        second.get_by_label("Comment on recommendation 2 (optional)").input_value()
        == "I already pause on purpose."
    )
    ratings = api.report(sid).json()["ratings"]
    assert ratings["report"]["useful"] is True
    assert ratings["recommendations"]["2"] == {
        **ratings["recommendations"]["2"],
        "useful": False,
        "comment": "I already pause on purpose.",
    }
