"""A cold start: the first chunks of a session are queued long before any worker runs.

Workers start on demand (`OnDemandWorkers`) only when the session goes live, 65 s later: longer
than the 60 s HeartbeatSeconds that used to fail such chunks, and than every worker-side clock here
(heartbeat 1 s, visibility 5 s, scaled down through the workers' settings). Every segment must still
be analysed exactly once: one task per worker kind, no retry, nothing lost.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from interview_core.capacity import FixedCapacity
from interview_core.data.live_sessions import any_session_in_progress
from local_platform.capacity import OnDemandWorkers
from local_platform.client import ApiClient, LiveConnection, own_loopback_address, send_segment
from local_platform.platform import WORKER_KINDS
from local_platform.segments import cut_segments

pytestmark = pytest.mark.e2e
SAMPLE = Path(__file__).resolve().parents[1] / "media" / "sample_interview.webm"
BOOT_S = 65.0
SEGMENTS = 3


@pytest.fixture
def cold_platform(platform: Any) -> Iterator[Any]:
    """The shared platform with no worker running and capacity on demand; restored afterwards."""
    for kind in WORKER_KINDS:
        platform.stop_worker(kind)
    scaled = {"WORKER_HEARTBEAT_S": "1", "WORKER_VISIBILITY_S": "5"}
    os.environ.update(scaled)
    platform.use_capacity(OnDemandWorkers(platform, WORKER_KINDS, BOOT_S))
    try:
        yield platform
    finally:
        for name in scaled:
            os.environ.pop(name, None)
        for kind in WORKER_KINDS:
            platform.stop_worker(kind)
        platform.use_capacity(FixedCapacity())
        for kind in WORKER_KINDS:
            platform.start_worker(kind)


def _reply_to(seq: int) -> Callable[[dict[str, Any]], bool]:
    return lambda m: m.get("seq") == seq and m["type"] in ("chunk.accepted", "error")


def _worker_events(log_dir: Path, kind: str, session_id: str) -> list[dict[str, Any]]:
    events = []
    for line in (log_dir / f"worker-{kind}.log").read_text(errors="replace").splitlines():
        if line.startswith("{") and session_id in line:
            event = json.loads(line)
            if event.get("session_id") == session_id:
                events.append(event)
    return events


def test_chunks_queued_before_any_worker_runs_are_each_analysed_once(
    cold_platform: Any, tmp_path: Path
) -> None:
    # Given a live session and no worker running (segments cut first: ffmpeg is slow on a busy machine)
    segments = cut_segments(SAMPLE, tmp_path, 4.0)[:SEGMENTS]
    api = ApiClient(cold_platform.url, source_address=own_loopback_address())
    api.signup(f"cold-{uuid.uuid4().hex[:10]}@example.com", "Practice-Makes-1")
    sid = api.create_session()["session_id"]
    conn = LiveConnection.open(cold_platform.ws_url, api.access_token or "")
    conn.send("session.start", session_id=sid)
    assert conn.wait_for(lambda m: m["type"] in ("session.started", "error"))["type"] == "session.started"
    assert not cold_platform.workers
    # When its first segments are queued right away
    queued_at = time.time()
    for seq, seg in enumerate(segments):
        send_segment(conn, sid, seq, seg.path.read_bytes(), "video/webm", seg.offset_s, 0)
        assert conn.wait_for(_reply_to(seq))["type"] == "chunk.accepted"
    # Then the workers start only after the boot delay, and every segment is analysed without errors
    analyzed: dict[int, dict[str, Any]] = {}
    while len(analyzed) < SEGMENTS:
        msg = conn.wait_for(lambda m: m["type"] == "chunk.analyzed", timeout=BOOT_S + 180)
        assert msg["seq"] not in analyzed, f"segment {msg['seq']} analysed twice"
        analyzed[msg["seq"]] = msg
    assert time.time() - queued_at > BOOT_S
    for msg in analyzed.values():
        assert msg["status"] == "analyzed" and not msg.get("errors"), msg
    # And each worker kind picked up each segment's task exactly once, after waiting the whole boot
    for kind in ("vision", "speech"):
        events = _worker_events(cold_platform.log_dir, kind, sid)
        done = sorted(e["seq"] for e in events if e["message"] == "task done")
        assert done == list(range(SEGMENTS)), (kind, events)
        picked = [e for e in events if e["message"] == "task picked up"]
        assert len(picked) == SEGMENTS and min(e["queued_s"] for e in picked) > BOOT_S * 0.9
    # And Step Functions scheduled each worker task once: no timeout, no retry
    sfn = boto3.client("stepfunctions")
    machine = os.environ["CHUNK_STATE_MACHINE_ARN"]
    executions = [
        e for e in sfn.list_executions(stateMachineArn=machine)["executions"] if e["name"].startswith(sid)
    ]
    assert len(executions) == SEGMENTS
    for execution in executions:
        arn = execution["executionArn"]
        deadline = time.time() + 60  # `chunk.analyzed` is pushed by the execution's last step
        while sfn.describe_execution(executionArn=arn)["status"] == "RUNNING" and time.time() < deadline:
            time.sleep(0.2)
        assert sfn.describe_execution(executionArn=arn)["status"] == "SUCCEEDED"
        history = sfn.get_execution_history(executionArn=arn, maxResults=1000)
        types = [event["type"] for event in history["events"]]
        queued = [
            e
            for e in history["events"]
            if e.get("taskScheduledEventDetails", {}).get("resourceType") == "sqs"
        ]
        assert len(queued) == 2  # one vision and one speech task
        assert "TaskTimedOut" not in types and "TaskFailed" not in types
    # When the session ends, its report is built and, unless another session (of another test on this
    # shared platform) is still in progress, the idle workers are handed back
    conn.send("session.end", session_id=sid)
    conn.wait_for(lambda m: m["type"] == "report.ready", timeout=240)
    conn.close()
    if not any_session_in_progress():
        deadline = time.time() + 30
        while cold_platform.workers and time.time() < deadline:
            time.sleep(0.5)
        assert not cold_platform.workers
