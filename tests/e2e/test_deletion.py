"""Deletion is final: whatever is in flight when a session or an account is deleted, nothing of it
stays (no object under the session's prefix, no item in any table, not listed anywhere), and a
deleted account's tokens and connections stop working at once."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import boto3
import jwt
import pytest
from streaming_session import Live, leftovers, wait_until_settled
from websockets.exceptions import InvalidStatus

from local_platform.client import LiveConnection
from local_platform.segments import Segment, cut_segments

pytestmark = pytest.mark.e2e
SAMPLE = Path(__file__).resolve().parents[1] / "media" / "sample_interview.webm"
NOTHING: dict[str, list[Any]] = {
    "objects": [],
    "SESSIONS_TABLE": [],
    "CHUNKS_TABLE": [],
    "REPORTS_TABLE": [],
    "CONNECTIONS_TABLE": [],
}


@pytest.fixture(scope="module")
def segments(tmp_path_factory: pytest.TempPathFactory) -> list[Segment]:
    return cut_segments(SAMPLE, tmp_path_factory.mktemp("segments"), 4.0)[:3]


def _listed(live: Live) -> bool:
    sessions = live.api.request("GET", "/sessions").json()["sessions"]
    progress = live.api.request("GET", "/users/me/progress").json()["sessions"]
    return live.sid in {s["session_id"] for s in sessions} | {p["session_id"] for p in progress}


def test_a_session_deleted_right_after_chunk_uploaded_leaves_nothing(
    platform: Any, segments: list[Segment]
) -> None:
    # Given segments confirmed a moment ago, still being analysed
    live = Live(platform)
    for seq, seg in enumerate(segments):
        assert live.send(seq, seg)["type"] == "chunk.accepted"
    # When the session is deleted at once
    assert live.api.request("DELETE", f"/sessions/{live.sid}").status_code == 204
    # Then once every in-flight step has finished, nothing of the session is stored or listed
    wait_until_settled(live.sid)
    assert leftovers(live.sid) == NOTHING
    assert not _listed(live)
    live.conn.close()


def test_a_session_deleted_right_after_session_end_leaves_nothing(
    platform: Any, segments: list[Segment]
) -> None:
    # Given a session that has just ended (windows and the report are being built)
    live = Live(platform)
    for seq, seg in enumerate(segments):
        live.send(seq, seg)
    live.analyzed(set(range(len(segments))))
    live.conn.send("session.end", session_id=live.sid)
    live.conn.wait_for(lambda m: m["type"] == "session.ending")
    # When it is deleted
    assert live.api.request("DELETE", f"/sessions/{live.sid}").status_code == 204
    # Then no window, report or object survives the steps still running, and it is listed nowhere
    wait_until_settled(live.sid)
    assert leftovers(live.sid) == NOTHING
    assert not _listed(live)
    assert live.api.report(live.sid).status_code == 404
    live.conn.close()


def test_deleting_an_account_with_an_open_websocket_ends_all_access(
    platform: Any, segments: list[Segment]
) -> None:
    # Given a candidate streaming, with a second connection open
    live = Live(platform)
    live.send(0, segments[0])
    other = live.connect()
    token, refresh = live.api.access_token, live.api.refresh_token
    user_id = jwt.decode(token or "", options={"verify_signature": False})["sub"]
    # When the account is deleted
    assert live.api.request("DELETE", "/users/me").status_code == 204
    # Then both live connections are closed by the server
    assert live.conn.closed.wait(15) and other.closed.wait(15)
    # And the old access token opens neither the REST API nor a WebSocket
    r = live.api.request("GET", "/sessions")
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthenticated"
    with pytest.raises(InvalidStatus):
        LiveConnection.open(platform.ws_url, token or "")
    # And the refresh token is dead too
    assert live.api.request("POST", "/auth/refresh", json={"refresh_token": refresh}).status_code == 401
    # And nothing of the session or the profile is left (a tombstone without the email refuses the tokens)
    wait_until_settled(live.sid)
    assert leftovers(live.sid) == NOTHING
    profile = boto3.client("dynamodb").get_item(
        TableName=os.environ["USERS_TABLE"], Key={"user_id": {"S": user_id}}
    )["Item"]
    assert "email" not in profile and "deleted_at" in profile and "expires_at" in profile
