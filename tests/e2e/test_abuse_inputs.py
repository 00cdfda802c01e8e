"""Abuse of the public surfaces on the running platform: every malformed frame is answered, one
flooding connection cannot stall the REST API, error texts never echo the input, accepted segments
cannot be replaced, and the web app and the report carry their security headers."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from streaming_session import Live

from local_platform.client import upload
from local_platform.segments import Segment, cut_segments

pytestmark = pytest.mark.e2e
SAMPLE = Path(__file__).resolve().parents[1] / "media" / "sample_interview.webm"


@pytest.fixture
def live(platform: Any) -> Iterator[Live]:
    session = Live(platform)
    yield session
    session.conn.close()


def _frames(sid: str) -> list[str]:
    request = {
        "action": "chunk.request",
        "session_id": sid,
        "seq": 0,
        "content_type": "video/webm",
        "size_bytes": 9,
    }
    return [
        "[" * 60_000 + "]" * 60_000,  # nested deeper than any parser allows (within 128 KB)
        json.dumps({"action": "chunk.uploaded", "session_id": sid}).replace(
            "}", ', "seq": ' + "9" * 5000 + "}"
        ),
        json.dumps({**request, "offset_s": 1e300}),
        json.dumps({**request, "offset_s": float("inf")}),  # json.dumps writes Infinity
        json.dumps({**request, "offset_s": 3 * 3600.0}),  # beyond the longest session
        json.dumps({**request, "seq": -1}),
        json.dumps({**request, "content_type": "x" * 20_000}),
        "not json at all",
        "42",
        json.dumps({"action": "no.such.action", "session_id": sid}),
    ]


def test_every_malformed_frame_gets_an_error_frame(live: Live) -> None:
    for frame in _frames(live.sid):
        live.conn.ws.send(frame)
        error = live.conn.wait_for(lambda m: m["type"] == "error", timeout=20)
        assert error["code"] == "validation_failed", (frame[:80], error)
        assert len(error["message"]) <= 200
    live.conn.ws.send(b"\x00\x01binary")
    assert live.conn.wait_for(lambda m: m["type"] == "error", timeout=20)["code"] == "validation_failed"


def test_a_flooding_connection_is_bounded_and_rest_stays_fast(platform: Any, live: Live) -> None:
    # Given one connection sending 1,000 frames at once, and a record of what the gateway sends
    refusals: list[tuple[str, dict[str, Any]]] = []

    def record_refusals(connection_id: str, data: str) -> None:
        if '"rate_limited"' in data:
            refusals.append((connection_id, json.loads(data)))

    platform.gateway.listeners.append(record_refusals)
    frame = json.dumps(
        {
            "action": "chunk.request",
            "session_id": live.sid,
            "seq": 1,
            "content_type": "video/webm",
            "size_bytes": 9,
        }
    )
    try:
        for _ in range(1000):
            try:
                live.conn.ws.send(frame)
            except Exception:  # closed by the gateway mid-flood
                break
        # When REST is asked meanwhile
        started = time.perf_counter()
        r = httpx.get(f"{platform.url}/v1/healthz", timeout=10)
        health_s = time.perf_counter() - started
        # Then REST answers at once, the excess was refused and the flooding connection closed (1008)
        assert r.status_code == 200 and health_s < 2.0, health_s
        assert live.conn.closed.wait(30)
    finally:
        platform.gateway.listeners.remove(record_refusals)
    # The gateway closes with 1008; a client still flooding when the socket goes may see the TCP reset
    # before the close frame (1006) and lose the refusals still in its receive buffer, a race of the
    # transport, not of the gateway: what the gateway sent is read from the gateway itself.
    assert live.conn.ws.close_code in (1008, 1006)
    assert refusals and len({cid for cid, _ in refusals}) == 1
    assert all(m["retry_after_s"] >= 1 for _, m in refusals)
    received = [m for _, m in live.conn.seen if m.get("code") == "rate_limited"]
    assert len(received) <= len(refusals)


def test_rest_errors_never_echo_the_input(live: Live) -> None:
    huge = "q" * 2_000_000
    body = {
        "role": "general",
        "question_ids": [huge],
        "consent": {"recording": True, "analysis": True, "retention_days": 7},
    }
    r = live.api.request("POST", "/sessions", json=body)
    assert r.status_code == 422 and len(r.content) < 4000
    r = live.api.request("POST", "/sessions", json={**body, "role": huge})
    assert r.status_code == 422 and len(r.content) < 4000


def test_undecodable_bodies_get_the_documented_422(live: Live) -> None:
    r = live.api.request(
        "POST", "/sessions", content=b"\xff\xfe{", headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "validation_failed"


def test_repeated_question_ids_count_once(live: Live) -> None:
    first = live.api.request("GET", "/roles").json()["roles"][0]
    qid = first["questions"][0]["id"]
    body = {
        "role": first["id"],
        "question_ids": [qid] * 20,
        "consent": {"recording": True, "analysis": True, "retention_days": 7},
    }
    r = live.api.request("POST", "/sessions", json=body)
    assert r.status_code == 201, r.text
    assert [q["id"] for q in r.json()["questions"]] == [qid]


@pytest.fixture(scope="module")
def segment(tmp_path_factory: pytest.TempPathFactory) -> Segment:
    return cut_segments(SAMPLE, tmp_path_factory.mktemp("segments"), 4.0)[0]


def test_an_accepted_segment_cannot_be_replaced(live: Live, segment: Segment) -> None:
    # Given an accepted segment and the upload URL it came with
    data = segment.path.read_bytes()
    live.conn.send(
        "chunk.request",
        session_id=live.sid,
        seq=0,
        content_type="video/webm",
        size_bytes=len(data),
        offset_s=0,
    )
    grant = live.conn.wait_for(lambda m: m["type"] == "chunk.upload_url")
    upload(grant["url"], grant["headers"], data)
    live.conn.send("chunk.uploaded", session_id=live.sid, seq=0)
    assert live.conn.wait_for(lambda m: m["type"] in ("chunk.accepted", "error"))["type"] == "chunk.accepted"
    # When the same URL is used again with other bytes and the upload is confirmed again
    upload(grant["url"], grant["headers"], bytes(reversed(data)))
    live.conn.send("chunk.uploaded", session_id=live.sid, seq=0)
    # Then the replacement is refused (and analysis only ever reads the accepted version)
    refused = live.conn.wait_for(lambda m: m["type"] == "error")
    assert refused["code"] == "chunk_rejected" and refused["seq"] == 0
    assert grant["expires_in"] <= 60


def test_the_web_app_is_served_with_security_headers(platform: Any) -> None:
    r = httpx.get(f"{platform.url}/", timeout=10)
    if r.status_code == 404:
        pytest.skip("this platform serves no built web app")
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
