"""Quotas and rate limits on the local platform: refusals are 429 + Retry-After on REST and a
`rate_limited` error frame with `retry_after_s` on the WebSocket; each counter is atomic in DynamoDB."""

from __future__ import annotations

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import jwt
import pytest
from platform_users import PASSWORD, new_user

from interview_core.container import get_services
from interview_core.domain import utcnow
from local_platform.client import ApiClient, LiveConnection, own_loopback_address

pytestmark = pytest.mark.integration


def _start_of_a_window(window_s: int, need_s: float = 40) -> None:
    """Counters use fixed clock windows: start with `need_s` left in one, so every call falls in it."""
    left = window_s - time.time() % window_s
    if left < need_s:
        time.sleep(left)


def _assert_429(r: Any) -> None:
    assert r.status_code == 429, r.text
    assert r.json()["error"]["code"] == "rate_limited"
    assert 0 < int(r.headers["Retry-After"]) <= 86400


def test_login_attempts_are_limited_per_account(platform: Any) -> None:
    # Given an account and someone guessing its password from many addresses
    owner = ApiClient(platform.url, source_address=own_loopback_address())
    email = f"guess-{uuid.uuid4().hex[:8]}@example.com"
    limit = get_services().settings.limit_logins_per_account
    _start_of_a_window(300)
    owner.signup(email, PASSWORD)  # its sign-in after confirming is the window's first attempt
    for _ in range(limit - 1):
        guesser = ApiClient(platform.url, source_address=own_loopback_address())
        r = guesser.request("POST", "/auth/login", json={"email": email, "password": "Wrong-guess-1"})
        assert r.status_code == 401
    # When one more attempt comes, even with the right password
    r = owner.request("POST", "/auth/login", json={"email": email, "password": PASSWORD})
    # Then it is refused until the window ends
    _assert_429(r)


def test_sign_ups_are_limited_per_source_address(platform: Any) -> None:
    api = ApiClient(platform.url, source_address=own_loopback_address())
    limit = get_services().settings.limit_signups_per_source
    for _ in range(limit):
        body = {"email": f"many-{uuid.uuid4().hex[:8]}@example.com", "password": PASSWORD}
        assert api.request("POST", "/auth/signup", json=body).status_code == 202
    body = {"email": f"many-{uuid.uuid4().hex[:8]}@example.com", "password": PASSWORD}
    _assert_429(api.request("POST", "/auth/signup", json=body))
    # And another address is not affected
    other = ApiClient(platform.url, source_address=own_loopback_address())
    assert other.request("POST", "/auth/signup", json=body).status_code == 202


def test_sessions_per_day_are_a_quota(alice: ApiClient) -> None:
    for _ in range(get_services().settings.quota_sessions_per_day):
        alice.create_session()
    r = alice.request(
        "POST",
        "/sessions",
        json={"role": "general", "consent": {"recording": True, "analysis": True, "retention_days": 7}},
    )
    _assert_429(r)


def _start(platform: Any, api: ApiClient, sid: str) -> dict[str, Any]:
    conn = LiveConnection.open(platform.ws_url, api.access_token or "")
    conn.send("session.start", session_id=sid)
    reply = conn.wait_for(lambda m: m["type"] in ("session.started", "error"))
    conn.close()
    return reply


def test_live_sessions_at_once_are_a_quota(platform: Any, alice: ApiClient) -> None:
    limit = get_services().settings.quota_live_sessions
    sessions = [alice.create_session()["session_id"] for _ in range(limit + 1)]
    for sid in sessions[:limit]:
        assert _start(platform, alice, sid)["type"] == "session.started"
    refused = _start(platform, alice, sessions[limit])
    assert refused["code"] == "rate_limited" and refused["retry_after_s"] > 0
    # Ending one frees a place
    assert alice.request("POST", f"/sessions/{sessions[0]}/end").status_code == 202
    assert _start(platform, alice, sessions[limit])["type"] == "session.started"


def test_sessions_starting_at_the_same_moment_never_pass_the_live_quota(
    platform: Any, alice: ApiClient
) -> None:
    # Given more sessions than may be live, each on a connection of its own
    limit = get_services().settings.quota_live_sessions
    sessions = [alice.create_session()["session_id"] for _ in range(limit + 3)]
    conns = [LiveConnection.open(platform.ws_url, alice.access_token or "") for _ in sessions]
    # When all of them start at once
    barrier = threading.Barrier(len(sessions))

    def start(conn: LiveConnection, sid: str) -> str:
        barrier.wait()
        conn.send("session.start", session_id=sid)
        return str(conn.wait_for(lambda m: m["type"] in ("session.started", "error"))["type"])

    with ThreadPoolExecutor(len(sessions)) as pool:
        replies = list(pool.map(start, conns, sessions))
    for conn in conns:
        conn.close()
    # Then exactly the quota went live
    assert replies.count("session.started") == limit, replies
    live = [sid for sid, reply in zip(sessions, replies, strict=True) if reply == "session.started"]
    waiting = [sid for sid in sessions if sid not in live]
    # And deleting a live session frees its place
    assert alice.request("DELETE", f"/sessions/{live[0]}").status_code == 204
    assert _start(platform, alice, waiting[0])["type"] == "session.started"
    assert _start(platform, alice, waiting[1])["type"] == "error"


def test_a_live_slot_is_held_until_released_by_its_holder_or_expired(platform: Any) -> None:
    limits = get_services().repos.limits
    slot, later = f"live#test-{uuid.uuid4().hex[:8]}#0", utcnow() + timedelta(hours=1)
    assert limits.claim(slot, "session-a", later)
    assert limits.claim(slot, "session-a", later)  # a reconnecting holder keeps it
    assert not limits.claim(slot, "session-b", later)
    limits.release(slot, "session-b")  # not the holder: nothing freed
    assert not limits.claim(slot, "session-b", later)
    limits.release(slot, "session-a")
    assert limits.claim(slot, "session-b", utcnow() - timedelta(seconds=1))  # abandoned at once
    assert limits.claim(slot, "session-c", later)


def test_segments_per_minute_are_a_quota(platform: Any, alice: ApiClient) -> None:
    sid = alice.create_session()["session_id"]
    conn = LiveConnection.open(platform.ws_url, alice.access_token or "")
    conn.send("session.start", session_id=sid)
    conn.wait_for(lambda m: m["type"] == "session.started")
    limit = get_services().settings.quota_segments_per_minute
    _start_of_a_window(60)
    replies = []
    for seq in range(limit + 1):
        conn.send(
            "chunk.request", session_id=sid, seq=seq, content_type="video/webm", size_bytes=100, offset_s=0
        )
        replies.append(conn.wait_for(lambda m, s=seq: m.get("seq") == s))
    conn.close()
    assert all(r["type"] == "chunk.upload_url" for r in replies[:limit])
    assert replies[limit]["type"] == "error" and replies[limit]["code"] == "rate_limited"
    assert replies[limit]["retry_after_s"] <= 60


def test_interview_minutes_per_month_are_a_quota(platform: Any) -> None:
    # Given a candidate whose analysed minutes this month reach the quota
    api = new_user(platform)
    user_id = jwt.decode(api.access_token or "", options={"verify_signature": False})["sub"]
    svc = get_services()
    month = utcnow().strftime("%Y-%m")
    svc.repos.limits.hit(
        f"minutes-month#{user_id}#{month}",
        svc.settings.quota_minutes_per_month,
        None,
        utcnow() + timedelta(days=40),
    )
    # Then a new session cannot go live
    refused = _start(platform, api, api.create_session()["session_id"])
    assert refused["type"] == "error" and refused["code"] == "rate_limited"
    assert refused["retry_after_s"] <= 31 * 86400
