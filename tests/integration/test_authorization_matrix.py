"""The authorization matrix: every secured REST operation on a session (read from the OpenAPI document)
and every WebSocket action, tried by the owner, a coach holding a share of the session, a coach whose
share was revoked, another candidate, an admin, and a deleted user whose token is still unexpired.

The expected answer of each is written down in one table (`EXPECTED`); a new operation fails
`test_the_table_decides_every_operation` until someone decides who may call it. Everyone who may not
read a session gets the answer an unknown id gets (404 `not_found`) and changes nothing; a deleted
user is refused everywhere (401)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from platform_users import (
    default_name,
    email_of,
    finished_session,
    new_admin,
    new_user,
    post_comment,
    share_session,
)
from websockets.exceptions import InvalidStatus

from interview_core.contracts.ws import ACTIONS
from local_platform.client import ApiClient, LiveConnection

pytestmark = pytest.mark.integration
EVENTS = Path(__file__).resolve().parents[2] / "events"
OPENAPI = EVENTS / "schemas" / "openapi.json"
# Operations that validate a body before they look the session up get a valid one.
BODIES: dict[tuple[str, str], Any] = {
    ("PUT", "/v1/sessions/{session_id}/calibration"): "calibration_spans_request.json",
    ("POST", "/v1/practice/text"): "practice_text_request.json",
    ("PUT", "/v1/sessions/{session_id}/report/rating"): "rating_request.json",
    ("PUT", "/v1/sessions/{session_id}/report/recommendations/{rank}/rating"): "rating_request.json",
    ("POST", "/v1/sessions/{session_id}/shares"): "share_request.json",
    # within the (empty) report's recording, which lasts 0 s
    ("POST", "/v1/sessions/{session_id}/comments"): {"t_s": 0, "text": "A comment from the matrix."},
    ("PATCH", "/v1/users/me"): "display_name_request.json",
}
SECURED = [
    (method.upper(), path)
    for path, operations in json.loads(OPENAPI.read_text())["paths"].items()
    for method, operation in operations.items()
    if operation.get("security")
]
PER_SESSION = [(m, p) for m, p in SECURED if "{session_id}" in p]
ADMIN_ONLY = [(m, p) for m, p in SECURED if p.startswith("/v1/admin/")]
S = "/v1/sessions/{session_id}"
READS = {("GET", S), ("GET", f"{S}/report"), ("GET", f"{S}/report.html"), ("GET", f"{S}/media")}
# The session of the matrix has ended and has its (empty) report, one share (the coach's) and one
# comment (the owner's). Statuses not listed are 404 `not_found`; a deleted user gets 401 everywhere.
EXPECTED: dict[str, dict[tuple[str, str], int]] = {
    "owner": {
        **dict.fromkeys(READS, 200),
        ("PUT", f"{S}/calibration"): 409,  # invalid_session_state: calibration ends with the session
        ("POST", f"{S}/end"): 202,  # ending an ended session changes nothing
        ("DELETE", S): 204,  # on a session of its own (the matrix's stays)
        ("PUT", f"{S}/report/rating"): 200,
        ("PUT", f"{S}/report/recommendations/{{rank}}/rating"): 404,  # the empty report has none (field rank)
        ("GET", f"{S}/shares"): 200,
        ("POST", f"{S}/shares"): 201,
        ("DELETE", f"{S}/shares/{{share_id}}"): 204,  # a share made for the call
        ("GET", f"{S}/comments"): 200,
        ("POST", f"{S}/comments"): 201,
        ("DELETE", f"{S}/comments/{{comment_id}}"): 204,  # a comment of its own made for the call
    },
    "coach": {
        **dict.fromkeys(READS, 200),
        ("GET", f"{S}/comments"): 200,
        ("POST", f"{S}/comments"): 201,
        ("DELETE", f"{S}/comments/{{comment_id}}"): 403,  # the owner's comment: only its author deletes it
    },
    "revoked": {},
    "other": {},
    "admin": {},
}
PRINCIPALS = [*EXPECTED, "deleted"]
WS_FIELDS: dict[str, dict[str, Any]] = {
    "chunk.request": {"seq": 0, "content_type": "video/webm", "size_bytes": 10, "offset_s": 0},
    "chunk.uploaded": {"seq": 0},
}


@dataclass
class World:
    owner: ApiClient
    sid: str
    share_id: str  # the coach's share
    comment_id: str  # the owner's comment
    users: dict[str, ApiClient]

    def state(self) -> tuple[str, set[str], set[str]]:
        """What another caller must not change: the session's status, shares and comments."""
        session = self.owner.request("GET", f"/sessions/{self.sid}").json()
        shares = self.owner.request("GET", f"/sessions/{self.sid}/shares").json()["shares"]
        comments = self.owner.request("GET", f"/sessions/{self.sid}/comments").json()["comments"]
        return session["status"], {s["share_id"] for s in shares}, {c["comment_id"] for c in comments}


def _share(owner: ApiClient, sid: str, email: str) -> str:
    return _created(share_session(owner, sid, email), "share_id")


def _comment(author: ApiClient, sid: str) -> str:
    return _created(post_comment(author, sid, 0, "Look here."), "comment_id")


def _created(r: Any, id_field: str) -> str:
    assert r.status_code == 201, r.text
    created: str = r.json()[id_field]
    return created


def _concrete(path: str, sid: str, share_id: str, comment_id: str) -> str:
    """The operation's path template (less the /v1 prefix) with the ids filled in."""
    return (
        path.removeprefix("/v1")
        .replace("{session_id}", sid)
        .replace("{share_id}", share_id)
        .replace("{comment_id}", comment_id)
        .replace("{rank}", "1")
    )


@pytest.fixture(scope="module")
def world(platform: Any) -> World:
    owner = new_user(platform)
    sid, _ = finished_session(owner)
    coach, revoked, other, deleted = (new_user(platform) for _ in range(4))
    admin = new_admin(platform)
    share_id = _share(owner, sid, email_of(coach))
    revoked_share = _share(owner, sid, email_of(revoked))
    assert owner.request("DELETE", f"/sessions/{sid}/shares/{revoked_share}").status_code == 204
    _share(owner, sid, email_of(deleted))
    assert deleted.request("DELETE", "/users/me").status_code == 204
    users = {"owner": owner, "coach": coach, "revoked": revoked, "other": other, "admin": admin}
    return World(owner, sid, share_id, _comment(owner, sid), {**users, "deleted": deleted})


def _call(world: World, who: str, method: str, path: str) -> Any:
    """Call as `who`; the owner's destructive calls get targets of their own, so the matrix's stay."""
    sample = BODIES.get((method, path))
    body = json.loads((EVENTS / "api" / sample).read_text()) if isinstance(sample, str) else sample or {}
    sid, share_id, comment_id = world.sid, world.share_id, world.comment_id
    if who == "owner" and method == "DELETE":
        if path == S:
            sid = world.owner.create_session()["session_id"]
        share_id = _share(world.owner, world.sid, f"matrix-{uuid.uuid4().hex[:8]}@example.com")
        comment_id = _comment(world.owner, world.sid)
    return world.users[who].request(method, _concrete(path, sid, share_id, comment_id), json=body)


def test_the_table_decides_every_operation() -> None:
    assert set(EXPECTED["owner"]) == set(PER_SESSION)


@pytest.mark.parametrize("who", PRINCIPALS)
@pytest.mark.parametrize(("method", "path"), PER_SESSION)
def test_every_session_operation_for_every_principal(world: World, who: str, method: str, path: str) -> None:
    # Given the session, its share and comment as they are
    before = world.state()
    # When `who` calls the operation
    r = _call(world, who, method, path)
    # Then the answer is the table's, in the one error shape
    expected = 401 if who == "deleted" else EXPECTED[who].get((method, path), 404)
    assert r.status_code == expected, (who, method, path, r.text)
    if expected >= 400:
        code = {401: "unauthenticated", 403: "forbidden", 404: "not_found", 409: "invalid_session_state"}
        assert r.json()["error"]["code"] == code[expected], r.text
    # And no one but the owner changed anything (a coach's new comment aside)
    if who not in ("owner", "coach"):
        assert world.state() == before


def test_a_coach_reads_the_session_read_only(world: World) -> None:
    session = world.users["coach"].request("GET", f"/sessions/{world.sid}").json()
    assert session["access"] == "coach" and session["owner_name"] == default_name(email_of(world.owner))
    assert world.owner.request("GET", f"/sessions/{world.sid}").json()["access"] == "owner"


@pytest.mark.parametrize("who", ["coach", "revoked", "other", "admin"])
def test_only_the_coach_lists_the_shared_session(world: World, who: str) -> None:
    listed = world.users[who].request("GET", "/coach/sessions").json()["sessions"]
    assert ({s["session_id"] for s in listed} == {world.sid}) is (who == "coach")
    own = world.users[who].request("GET", "/sessions").json()["sessions"]
    assert world.sid not in {s["session_id"] for s in own}
    assert world.users[who].request("GET", "/users/me/progress").json()["sessions"] == []


@pytest.mark.parametrize(("method", "path"), ADMIN_ONLY)
@pytest.mark.parametrize("who", ["owner", "coach"])
def test_a_candidate_or_coach_gets_403_for_every_admin_operation(
    world: World, who: str, method: str, path: str
) -> None:
    r = world.users[who].request(method, path.removeprefix("/v1"))
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden", r.text
    assert world.users["admin"].request(method, path.removeprefix("/v1")).status_code == 200


@pytest.mark.parametrize("who", ["owner", "coach", "revoked", "other", "admin"])
@pytest.mark.parametrize("action", ACTIONS)
def test_every_websocket_action_is_the_owners_alone(
    world: World, platform: Any, who: str, action: str
) -> None:
    # Given a connection of `who`
    conn = LiveConnection.open(platform.ws_url, world.users[who].access_token or "")
    before = world.state()
    # When they send the action for the session
    conn.send(action, session_id=world.sid, **WS_FIELDS.get(action, {}))
    reply = conn.wait_for(lambda m: True)
    conn.close()
    # Then only the owner gets past "not found" (the ended session then refuses by its state)
    if who == "owner":
        assert reply.get("code") != "not_found", reply
    else:
        assert reply["type"] == "error" and reply["code"] == "not_found", reply
    assert world.state() == before


def test_a_deleted_user_is_refused_everywhere(world: World, platform: Any) -> None:
    # Given a user deleted with a session of their own and a live connection, their token kept
    gone = new_user(platform)
    sid = gone.create_session()["session_id"]
    conn = LiveConnection.open(platform.ws_url, gone.access_token or "")
    assert gone.request("DELETE", "/users/me").status_code == 204
    # Then every secured REST operation answers 401, on their session and on the one shared with them
    for method, path in SECURED:
        for target in (sid, world.sid):
            r = gone.request(method, _concrete(path, target, share_id="x", comment_id="x"))
            assert r.status_code == 401 and r.json()["error"]["code"] == "unauthenticated", (method, path)
    # And the open connection was closed, and no new one opens (theirs, nor the deleted coach's)
    assert conn.closed.wait(15)
    for token in (gone.access_token, world.users["deleted"].access_token):
        with pytest.raises(InvalidStatus):
            LiveConnection.open(platform.ws_url, token or "")
