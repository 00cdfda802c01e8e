"""Sessions over REST: consent, ownership, validation, deletion, report readiness."""

from __future__ import annotations

from typing import Any

import pytest

from local_platform.client import ApiClient

pytestmark = pytest.mark.integration

CONSENT = {"recording": True, "analysis": True, "retention_days": 30}


def test_create_session_with_consent(alice: ApiClient) -> None:
    r = alice.request("POST", "/sessions", json={"role": "general", "consent": CONSENT})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "created" and body["questions"] and body["consent"] == CONSENT


@pytest.mark.parametrize("withheld", ["recording", "analysis"])
def test_no_consent_no_session(alice: ApiClient, withheld: str) -> None:
    r = alice.request("POST", "/sessions", json={"role": "general", "consent": {**CONSENT, withheld: False}})
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "validation_failed"
    assert any(d["field"] == f"consent.{withheld}" for d in error["details"])
    assert alice.request("GET", "/sessions").json()["sessions"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"role": "general", "consent": {**CONSENT, "recording": "yes"}}, "consent.recording"),
        ({"role": "general", "consent": {**CONSENT, "retention_days": 12}}, "consent.retention_days"),
        ({"role": 7, "consent": CONSENT}, "role"),
        ({"consent": CONSENT}, "role"),
        ({"role": "astronaut", "consent": CONSENT}, "role"),
    ],
)
def test_wrong_types_are_422_naming_the_field(alice: ApiClient, body: dict[str, Any], field: str) -> None:
    r = alice.request("POST", "/sessions", json=body)
    assert r.status_code == 422, r.text
    assert field in [d["field"] for d in r.json()["error"]["details"]]


def test_malformed_json_is_422(alice: ApiClient) -> None:
    r = alice.request(
        "POST", "/sessions", content=b'{"role": "general", ', headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 422
    assert r.json()["error"]["message"] == "request body is not valid JSON"


def test_another_users_session_is_404_and_untouched(alice: ApiClient, bob: ApiClient) -> None:
    # Given Alice's session
    sid = alice.create_session()["session_id"]
    # When Bob reads, ends, deletes or asks for its report
    responses = [
        bob.request("GET", f"/sessions/{sid}"),
        bob.request("POST", f"/sessions/{sid}/end"),
        bob.request("DELETE", f"/sessions/{sid}"),
        bob.request("GET", f"/sessions/{sid}/report"),
        bob.request("GET", f"/sessions/{sid}/media"),
    ]
    # Then every answer is a 404, and Alice's session is unchanged and not listed for Bob
    assert [r.status_code for r in responses] == [404] * 5
    assert all(r.json()["error"]["code"] == "not_found" for r in responses)
    assert alice.request("GET", f"/sessions/{sid}").json()["status"] == "created"
    assert bob.request("GET", "/sessions").json()["sessions"] == []


def test_list_shows_own_sessions_newest_first(alice: ApiClient) -> None:
    first = alice.create_session()["session_id"]
    second = alice.create_session(role="software-engineer")["session_id"]
    ids = [s["session_id"] for s in alice.request("GET", "/sessions").json()["sessions"]]
    assert ids[:2] == [second, first]


def test_report_is_409_until_ready(alice: ApiClient) -> None:
    sid = alice.create_session()["session_id"]
    r = alice.request("GET", f"/sessions/{sid}/report")
    assert r.status_code == 409 and r.json()["error"]["code"] == "report_not_ready"


def test_deleting_twice_is_204_then_404(alice: ApiClient) -> None:
    sid = alice.create_session()["session_id"]
    assert alice.request("DELETE", f"/sessions/{sid}").status_code == 204
    second = alice.request("DELETE", f"/sessions/{sid}")
    assert second.status_code == 404
    assert alice.request("GET", f"/sessions/{sid}").status_code == 404


def test_roles_list_the_question_bank(platform: Any) -> None:
    roles = ApiClient(platform.url).request("GET", "/roles").json()["roles"]
    ids = {r["id"] for r in roles}
    assert {"general", "software-engineer", "product-manager", "data-scientist", "sales"} <= ids
    assert all(q["talking_points"] and q["keywords"] for r in roles for q in r["questions"])
