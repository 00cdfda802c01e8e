"""`interview demo`: streams a recording through the real WebSocket and S3 path of a running platform."""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from local_platform.client import ApiClient, LiveConnection, admin_confirmation, send_segment
from local_platform.segments import cut_segments

SAMPLE = Path(__file__).resolve().parents[1] / "tests" / "media" / "sample_interview.webm"


@dataclass
class DemoResult:
    session_id: str
    report: dict[str, Any]
    analyzed_latency_s: dict[int, float] = field(default_factory=dict)
    analyzed_status: dict[int, str] = field(default_factory=dict)  # seq -> "analyzed" | "failed"
    end_to_report_s: float = 0.0
    segments: int = 0
    media_s: float = 0.0

    def percentile(self, q: float) -> float:
        values = sorted(self.analyzed_latency_s.values())
        if not values:
            return float("nan")
        if len(values) == 1:
            return values[0]
        return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def _ack_of(seq: int) -> Callable[[dict[str, Any]], bool]:
    return lambda m: m.get("seq") == seq and m["type"] in ("chunk.accepted", "error")


def stream_recording(
    base_url: str,
    source: Path = SAMPLE,
    segment_s: float = 4.0,
    realtime: bool = False,
    role: str = "general",
    answer_breaks_s: tuple[float, ...] = (),
    timeout_s: float = 300.0,
    ws_url: str | None = None,
    user_pool_id: str | None = None,
) -> DemoResult:
    """Sign up, create a session, stream every segment, end, and wait for the report.

    `ws_url`: the WebSocket API when it is not the gateway's `/ws` (a deployed stack has its own);
    `user_pool_id`: a deployed stack's pool, where the new user is confirmed by AdminConfirmSignUp.
    """
    api = ApiClient(base_url)
    confirm = admin_confirmation(user_pool_id) if user_pool_id else None
    api.signup(f"demo-{uuid.uuid4().hex[:8]}@example.com", "Practice-Makes-1", confirm)
    questions = None
    if answer_breaks_s:  # one question per answer
        roles = {r["id"]: r for r in api.request("GET", "/roles").json()["roles"]}
        questions = [q["id"] for q in roles[role]["questions"]][: len(answer_breaks_s) + 1]
    session = api.create_session(role=role, question_ids=questions)
    sid = session["session_id"]
    ws_url = ws_url or base_url.replace("http", "ws", 1) + "/ws"
    assert api.access_token
    conn = LiveConnection.open(ws_url, api.access_token)
    conn.send("session.start", session_id=sid)
    conn.wait_for(lambda m: m["type"] in ("session.started", "error"))
    sent_at: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="demo-") as tmp:
        segments = cut_segments(source, Path(tmp), segment_s)
        breaks = list(answer_breaks_s)
        answer = 0
        started = time.perf_counter()
        for seq, seg in enumerate(segments):
            while breaks and seg.offset_s >= breaks[0] - 1e-6:
                breaks.pop(0)
                conn.send("question.next", session_id=sid)
                conn.wait_for(lambda m: m["type"] in ("question.started", "error"))
                answer += 1
            if realtime:  # a segment can only be sent once it has been recorded
                time.sleep(max(0.0, seg.offset_s + seg.duration_s - (time.perf_counter() - started)))
            sent_at[seq] = send_segment(
                conn, sid, seq, seg.path.read_bytes(), "video/webm", seg.offset_s, answer
            )
            conn.wait_for(_ack_of(seq))
    result = DemoResult(
        session_id=sid,
        report={},
        segments=len(segments),
        media_s=sum(seg.duration_s for seg in segments),
    )
    deadline = time.time() + timeout_s
    while len(result.analyzed_latency_s) < len(segments) and time.time() < deadline:
        for at, msg in list(conn.seen):
            if msg["type"] == "chunk.analyzed" and msg["seq"] in sent_at:
                result.analyzed_latency_s[msg["seq"]] = at - sent_at[msg["seq"]]
                result.analyzed_status[msg["seq"]] = msg["status"]
        time.sleep(0.1)
    end_at = conn.send("session.end", session_id=sid)
    conn.wait_for(lambda m: m["type"] == "report.ready", timeout=timeout_s)
    result.end_to_report_s = time.perf_counter() - end_at
    conn.close()
    r = api.report(sid)
    r.raise_for_status()
    result.report = r.json()
    return result
