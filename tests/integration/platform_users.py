"""Users of the running local platform and the sessions they make, shared by the integration tests
(imported by name: a test module cannot import `conftest`, whose name every tier's conftest shares)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import httpx

from local_platform.client import ApiClient, LiveConnection, own_loopback_address, send_segment
from local_platform.commands.admin import grant_admin
from local_platform.segments import cut_segments

PASSWORD = "Practice-Makes-1"
SAMPLE = Path(__file__).resolve().parents[1] / "media" / "sample_interview.webm"
T = TypeVar("T")


def new_user(platform: Any) -> ApiClient:
    """A signed-up, confirmed and signed-in user (the code read from the local mailbox)."""
    api = ApiClient(platform.url, source_address=own_loopback_address())
    api.signup(f"user-{uuid.uuid4().hex[:10]}@example.com", PASSWORD)
    return api


def new_admin(platform: Any) -> ApiClient:
    """A user in the admin group (granted by the `interview admin grant` function)."""
    email = f"admin-{uuid.uuid4().hex[:10]}@example.com"
    api = ApiClient(platform.url, source_address=own_loopback_address())
    api.signup(email, PASSWORD)
    grant_admin(platform.aws.env, email)
    api.login(email, PASSWORD)  # the group arrives in the tokens of the next sign-in
    return api


def email_of(api: ApiClient) -> str:
    """The signed-in user's email, as the API reports it."""
    email: str = api.request("GET", "/users/me").json()["email"]
    return email


def default_name(email: str) -> str:
    """The display name a user has until they choose one: their email's local part."""
    return email.split("@")[0]


def share_session(owner: ApiClient, sid: str, email: str, include_future: bool = False) -> httpx.Response:
    return owner.request(
        "POST", f"/sessions/{sid}/shares", json={"email": email, "include_future": include_future}
    )


def post_comment(author: ApiClient, sid: str, t_s: float, text: str) -> httpx.Response:
    return author.request("POST", f"/sessions/{sid}/comments", json={"t_s": t_s, "text": text})


def eventually(
    read: Callable[[], T], done: Callable[[T], bool], timeout_s: float = 10.0, every_s: float = 0.2
) -> T:
    """`read()` again every `every_s` until `done` accepts its value or `timeout_s` has passed; the last
    value read either way (the test's assertion on it says what was wrong)."""
    deadline = time.monotonic() + timeout_s
    while not done(value := read()) and time.monotonic() < deadline:
        time.sleep(every_s)
    return value


def finished_session(api: ApiClient, timeout_s: float = 120.0) -> tuple[str, dict[str, Any]]:
    """A session ended at once: the finalize state machine builds its (empty) report."""
    sid = api.create_session()["session_id"]
    assert api.request("POST", f"/sessions/{sid}/end").status_code == 202
    r = eventually(lambda: api.report(sid), lambda r: r.status_code == 200, timeout_s, every_s=0.5)
    assert r.status_code == 200, f"no report for {sid} within {timeout_s} s"
    return sid, r.json()


def _answers(seq: int, message: dict[str, Any]) -> bool:
    return message.get("seq") == seq and message["type"] in ("chunk.accepted", "error")


def streamed_session(platform: Any, api: ApiClient, tmp: Path, count: int, corrupt_last: bool = False) -> str:
    """A session that streamed the sample's first `count` 4-second segments and ended with its report."""
    sid: str = api.create_session(role="general")["session_id"]
    conn = LiveConnection.open(platform.ws_url, api.access_token or "")
    conn.send("session.start", session_id=sid)
    conn.wait_for(lambda m: m["type"] in ("session.started", "error"))
    segments = cut_segments(SAMPLE, tmp, 4.0)[:count]
    for seq, seg in enumerate(segments):
        data = seg.path.read_bytes()
        if corrupt_last and seq == len(segments) - 1:
            data = b"not a recording " * 4096  # accepted (size and type are right), but not media
        send_segment(conn, sid, seq, data, "video/webm", seg.offset_s)
        conn.wait_for(partial(_answers, seq))
    conn.send("session.end", session_id=sid)
    conn.wait_for(lambda m: m["type"] == "report.ready", timeout=240)
    conn.close()
    return sid
