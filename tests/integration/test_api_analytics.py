"""Report ratings and admin analytics over REST against the embedded AWS: the aggregate follows
sessions, built reports and (changed) ratings; only the admin group reads it."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from platform_users import PASSWORD, eventually, finished_session, new_admin, new_user

from interview_core.container import get_services
from interview_core.domain import utcnow
from interview_core.services import reports
from local_platform import cli
from local_platform.client import ApiClient, own_loopback_address
from local_platform.commands.admin import record_running_platform

pytestmark = pytest.mark.integration
SAMPLE_REPORT = json.loads(
    (Path(__file__).resolve().parents[2] / "events" / "report" / "report.json").read_text()
)
RATING = json.loads(
    (Path(__file__).resolve().parents[2] / "events" / "api" / "rating_request.json").read_text()
)


def _today() -> dict[str, float]:
    today = utcnow().date()
    return get_services().analytics.days([today]).get(today, {})


def _delta(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    return {
        k: after.get(k, 0) - before.get(k, 0)
        for k in set(before) | set(after)
        if after.get(k, 0) != before.get(k, 0)
    }


def test_building_a_report_counts_the_session_and_the_report(platform: Any) -> None:
    # Given the day's aggregate
    before = _today()
    # When a candidate starts a session and its report is built
    _, report = finished_session(new_user(platform))
    # Then the day counts one more session started and one more report, and holds no id of either
    # (the report is readable a moment before the step that stored it has counted it)
    delta = eventually(lambda: _delta(before, _today()), lambda d: "reports_built" in d)
    assert delta["sessions_started"] == 1 and delta["reports_built"] == 1
    assert not any(report["session_id"] in k for k in _today())


def test_the_owner_rates_the_report_and_a_change_of_mind_is_counted_once(platform: Any) -> None:
    # Given a candidate's built report
    alice = new_user(platform)
    sid, _ = finished_session(alice)
    before = _today()
    # When she rates it useful, then changes her mind with a comment
    assert alice.request("PUT", f"/sessions/{sid}/report/rating", json={"useful": True}).status_code == 200
    r = alice.request("PUT", f"/sessions/{sid}/report/rating", json=RATING)
    # Then the report carries her latest rating, and the aggregate counts one "not useful" vote only
    assert r.status_code == 200 and r.json()["report"]["useful"] is False
    ratings = alice.report(sid).json()["ratings"]
    assert ratings["report"]["comment"] == RATING["comment"] and ratings["recommendations"] == {}
    assert _delta(before, _today()) == {"report_not_useful": 1}


def test_a_retried_report_step_counts_once_and_keeps_the_ratings(platform: Any) -> None:
    # Given a rated report
    alice = new_user(platform)
    sid, _ = finished_session(alice)
    assert alice.request("PUT", f"/sessions/{sid}/report/rating", json=RATING).status_code == 200
    svc = get_services()
    built = svc.repos.reports.get(sid)
    before = _today()
    # When the finalize state machine's report step runs again (a retry)
    reports.build_and_store(svc, {"session_id": sid})
    # Then nothing is counted again, and the rating and its day are kept
    rebuilt = svc.repos.reports.get(sid)
    assert built is not None and rebuilt is not None
    assert rebuilt.created_at == built.created_at and rebuilt.ratings == built.ratings
    assert alice.report(sid).json()["ratings"]["report"]["comment"] == RATING["comment"]
    assert _delta(before, _today()) == {}


def test_recommendation_ratings_count_by_the_key_they_address(platform: Any) -> None:
    # Given a built report whose stored JSON holds the sample report's recommendations
    alice = new_user(platform)
    sid, _ = finished_session(alice)
    svc = get_services()
    record = svc.repos.reports.get(sid)
    assert record is not None
    svc.store.put_json(record.report_key, {**SAMPLE_REPORT, "session_id": sid}, retention_days=1)
    first, second = (r["key"] for r in SAMPLE_REPORT["recommendations"][:2])
    before = _today()
    # When she rates the first one not useful, then useful, and the second one useful
    for rank, useful in ((1, False), (1, True), (2, True)):
        r = alice.request(
            "PUT", f"/sessions/{sid}/report/recommendations/{rank}/rating", json={"useful": useful}
        )
        assert r.status_code == 200, r.text
    # Then the report keeps her latest vote per rank, and the aggregate one useful vote per key
    ratings = alice.report(sid).json()["ratings"]
    assert {k: v["useful"] for k, v in ratings["recommendations"].items()} == {"1": True, "2": True}
    assert _delta(before, _today()) == {f"rec_{first}:useful": 1, f"rec_{second}:useful": 1}


def test_ratings_are_validated_and_owner_only(platform: Any) -> None:
    alice = new_user(platform)
    sid, report = finished_session(alice)
    too_long = {"useful": True, "comment": "x" * 1001}
    assert alice.request("PUT", f"/sessions/{sid}/report/rating", json=too_long).status_code == 422
    assert (
        alice.request("PUT", f"/sessions/{sid}/report/rating", json={"comment": "no vote"}).status_code == 422
    )
    missing_rank = len(report["recommendations"]) + 1
    r = alice.request("PUT", f"/sessions/{sid}/report/recommendations/{missing_rank}/rating", json=RATING)
    assert r.status_code in (404, 422)  # no such recommendation (404) or beyond the three a report has (422)
    r = new_user(platform).request("PUT", f"/sessions/{sid}/report/rating", json=RATING)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert alice.report(sid).json()["ratings"] == {"report": None, "recommendations": {}}


def test_a_candidate_gets_403_for_admin_analytics(platform: Any) -> None:
    r = new_user(platform).request("GET", "/admin/analytics")
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"


def test_an_admin_reads_the_days_with_small_ones_suppressed(platform: Any) -> None:
    # Given an admin (granted by the CLI's function) and today's aggregate
    admin = new_admin(platform)
    today = utcnow().date().isoformat()
    # When they ask for today
    r = admin.request("GET", "/admin/analytics", params={"from": today, "to": today})
    # Then today is published only with at least five sessions started and five reports built
    assert r.status_code == 200, r.text
    body, counters = r.json(), _today()
    published = min(counters.get("sessions_started", 0), counters.get("reports_built", 0)) >= 5
    assert body["days"][0]["suppressed"] is not published
    assert body["totals"]["reports_built"] == (int(counters["reports_built"]) if published else 0)
    assert "@" not in r.text


def test_an_admin_range_is_validated(platform: Any) -> None:
    admin = new_admin(platform)
    too_long = admin.request("GET", "/admin/analytics", params={"from": "2026-01-01", "to": "2026-12-31"})
    backwards = admin.request("GET", "/admin/analytics", params={"from": "2026-02-02", "to": "2026-02-01"})
    not_a_day = admin.request("GET", "/admin/analytics", params={"from": "yesterday"})
    assert [r.status_code for r in (too_long, backwards, not_a_day)] == [422] * 3
    assert too_long.json()["error"]["details"][0]["field"] == "to"


def test_interview_admin_grant_reaches_the_running_platform(
    platform: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given the file `interview run` writes, and a registered candidate
    state = tmp_path / "local-platform.json"
    record_running_platform(platform.aws.env, state)
    email = f"cli-{uuid.uuid4().hex[:10]}@example.com"
    api = ApiClient(platform.url, source_address=own_loopback_address())
    api.signup(email, PASSWORD)
    # When `interview admin grant EMAIL` runs, they are an admin from their next sign-in
    cli.main(["admin", "grant", email, "--platform", str(state)])
    assert f"{email} is an admin" in capsys.readouterr().out
    api.login(email, PASSWORD)
    assert api.request("GET", "/admin/analytics").status_code == 200
    # And an unknown email or a missing file fail with a message, not a trace
    for argv, code, message in (
        (["admin", "grant", "nobody@example.com", "--platform", str(state)], 1, "no user with this email"),
        (["admin", "grant", email, "--platform", str(tmp_path / "absent.json")], 2, "no running platform"),
    ):
        with pytest.raises(SystemExit) as exited:
            cli.main(argv)
        assert exited.value.code == code and message in capsys.readouterr().out
