"""The authorization matrix: every secured REST operation (read from the OpenAPI document, so a new
one is covered the day it lands) and every WebSocket action, tried by the owner, by another user
with the owner's ids, and by a deleted user with a token that is still unexpired. Another user
learns nothing and changes nothing; a deleted user is refused everywhere."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from platform_users import new_user
from websockets.exceptions import InvalidStatus

from interview_core.contracts.ws import ACTIONS
from local_platform.client import ApiClient, LiveConnection

pytestmark = pytest.mark.integration
EVENTS = Path(__file__).resolve().parents[2] / "events"
OPENAPI = EVENTS / "schemas" / "openapi.json"
# Operations that validate a body before they look the session up get a valid one (the samples).
BODIES = {
    ("PUT", "/v1/sessions/{session_id}/calibration"): "calibration_spans_request.json",
    ("POST", "/v1/practice/text"): "practice_text_request.json",
    ("PUT", "/v1/sessions/{session_id}/report/rating"): "rating_request.json",
    ("PUT", "/v1/sessions/{session_id}/report/recommendations/{rank}/rating"): "rating_request.json",
}
SECURED = [
    (method.upper(), path)
    for path, operations in json.loads(OPENAPI.read_text())["paths"].items()
    for method, operation in operations.items()
    if operation.get("security")
]
PER_SESSION = [(m, p) for m, p in SECURED if "{session_id}" in p]
ADMIN_ONLY = [(m, p) for m, p in SECURED if p.startswith("/v1/admin/")]
WS_FIELDS: dict[str, dict[str, Any]] = {
    "chunk.request": {"seq": 0, "content_type": "video/webm", "size_bytes": 10, "offset_s": 0},
    "chunk.uploaded": {"seq": 0},
}


def _call(api: ApiClient, method: str, path: str, sid: str) -> Any:
    sample = BODIES.get((method, path))
    body = json.loads((EVENTS / "api" / sample).read_text()) if sample else {}
    concrete = path.removeprefix("/v1").replace("{session_id}", sid).replace("{rank}", "1")
    return api.request(method, concrete, json=body)


@pytest.fixture(scope="module")
def owner_session(platform: Any) -> tuple[ApiClient, str]:
    owner = new_user(platform)
    return owner, owner.create_session()["session_id"]


@pytest.mark.parametrize(("method", "path"), PER_SESSION)
def test_another_user_gets_404_for_every_session_operation(
    platform: Any, owner_session: tuple[ApiClient, str], method: str, path: str
) -> None:
    owner, sid = owner_session
    r = _call(new_user(platform), method, path, sid)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found", r.text
    assert owner.request("GET", f"/sessions/{sid}").json()["status"] == "created"


@pytest.mark.parametrize(("method", "path"), ADMIN_ONLY)
def test_a_candidate_gets_403_for_every_admin_operation(platform: Any, method: str, path: str) -> None:
    r = new_user(platform).request(method, path.removeprefix("/v1"))
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden", r.text


def test_another_user_sees_none_of_the_owners_sessions(
    platform: Any, owner_session: tuple[ApiClient, str]
) -> None:
    _, sid = owner_session
    other = new_user(platform)
    assert sid not in {s["session_id"] for s in other.request("GET", "/sessions").json()["sessions"]}
    assert other.request("GET", "/users/me/progress").json()["sessions"] == []


@pytest.mark.parametrize("action", ACTIONS)
def test_another_user_gets_not_found_for_every_websocket_action(
    platform: Any, owner_session: tuple[ApiClient, str], action: str
) -> None:
    owner, sid = owner_session
    other = new_user(platform)
    conn = LiveConnection.open(platform.ws_url, other.access_token or "")
    conn.send(action, session_id=sid, **WS_FIELDS.get(action, {}))
    assert conn.wait_for(lambda m: m["type"] == "error")["code"] == "not_found"
    conn.close()
    assert owner.request("GET", f"/sessions/{sid}").json()["status"] == "created"


def test_a_deleted_user_is_refused_everywhere(platform: Any) -> None:
    # Given a user with a session, a live connection, and their token kept after deleting the account
    gone = new_user(platform)
    sid = gone.create_session()["session_id"]
    conn = LiveConnection.open(platform.ws_url, gone.access_token or "")
    assert gone.request("DELETE", "/users/me").status_code == 204
    # Then every secured REST operation answers 401
    for method, path in SECURED:
        r = _call(gone, method, path, sid)
        assert r.status_code == 401 and r.json()["error"]["code"] == "unauthenticated", (method, path, r.text)
    # And the open connection was closed, and no new one opens
    assert conn.closed.wait(15)
    with pytest.raises(InvalidStatus):
        LiveConnection.open(platform.ws_url, gone.access_token or "")
