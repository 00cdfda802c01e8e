"""The streaming path end to end: a real WebSocket client, presigned uploads into KMS-encrypted S3,
Step Functions fan-out to the worker processes, and the report."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from streaming_session import Live, executions, new_user

from local_platform.client import LiveConnection
from local_platform.segments import Segment, cut_segments

pytestmark = pytest.mark.e2e
SAMPLE = Path(__file__).resolve().parents[1] / "media" / "sample_interview.webm"


@pytest.fixture(scope="module")
def segments(tmp_path_factory: pytest.TempPathFactory) -> list[Segment]:
    return cut_segments(SAMPLE, tmp_path_factory.mktemp("segments"), 4.0)


@pytest.fixture
def live(platform: Any) -> Iterator[Live]:
    session = Live(platform)
    yield session
    session.conn.close()


def _report_ready_listener() -> tuple[Any, str]:
    """An SQS queue subscribed to ReportReady on the platform's event bus."""
    sqs, events = boto3.client("sqs"), boto3.client("events")
    url = sqs.create_queue(QueueName=f"report-ready-{uuid.uuid4().hex[:8]}")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    bus, rule = os.environ["EVENT_BUS_NAME"], f"report-ready-{uuid.uuid4().hex[:8]}"
    events.put_rule(Name=rule, EventBusName=bus, EventPattern='{"detail-type": ["ReportReady"]}')
    events.put_targets(Rule=rule, EventBusName=bus, Targets=[{"Id": "q", "Arn": arn}])
    return sqs, url


def test_a_session_streams_and_is_reported(platform: Any, live: Live, segments: list[Segment]) -> None:
    sqs, listener = _report_ready_listener()
    # Given every segment of the sample interview, streamed through the real path
    for seq, seg in enumerate(segments):
        assert live.send(seq, seg)["type"] == "chunk.accepted"
    # When they are analysed and the session ends
    analyzed = live.analyzed(set(range(len(segments))))
    report = live.end()
    # Then each segment was analysed by both workers and the report covers the recording
    assert all(m["status"] == "analyzed" for m in analyzed.values())
    assert all(m["vision"]["face_present_ratio"] > 0.9 for m in analyzed.values())
    assert report["duration_s"] == pytest.approx(sum(s.duration_s for s in segments), abs=1.0)
    assert report["face_present_ratio"] > 0.9
    assert report["fillers"]["counts"].get("um", 0) >= 1
    # And EventBridge announced the report
    deadline, announced = time.time() + 30, []
    while not announced and time.time() < deadline:
        announced = sqs.receive_message(QueueUrl=listener, WaitTimeSeconds=2).get("Messages", [])
    detail = json.loads(announced[0]["Body"])["detail"]
    assert detail["session_id"] == live.sid and detail["report_key"].endswith("report.json")
    # And the stored media (joined into one recording once finalized) is encrypted with the platform's key
    live.recording()
    s3 = boto3.client("s3")
    head = s3.head_object(
        Bucket=os.environ["MEDIA_BUCKET"], Key=f"sessions/{live.sid}/recording/recording.webm"
    )
    assert (
        head["ServerSideEncryption"] == "aws:kms" and head["SSEKMSKeyId"] == os.environ["MEDIA_KMS_KEY_ARN"]
    )


def test_the_same_upload_confirmed_twice_is_analysed_once(live: Live, segments: list[Segment]) -> None:
    first = live.send(0, segments[0])
    live.conn.send("chunk.uploaded", session_id=live.sid, seq=0)
    second = live.conn.wait_for(lambda m: m.get("seq") == 0 and m["type"] == "chunk.accepted")
    assert first["duplicate"] is False and second["duplicate"] is True
    live.analyzed({0})
    assert len(executions(f"{live.sid}-c")) == 1


def test_confirming_an_object_that_is_not_there_is_refused(live: Live) -> None:
    live.conn.send(
        "chunk.request", session_id=live.sid, seq=0, content_type="video/webm", size_bytes=1000, offset_s=0
    )
    live.conn.wait_for(lambda m: m["type"] == "chunk.upload_url")
    live.conn.send("chunk.uploaded", session_id=live.sid, seq=0)
    error = live.conn.wait_for(lambda m: m["type"] == "error")
    assert error["code"] == "chunk_missing" and error["seq"] == 0
    live.conn.send("chunk.uploaded", session_id=live.sid, seq=5)
    assert live.conn.wait_for(lambda m: m["type"] == "error")["code"] == "invalid_sequence"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"content_type": "application/x-msdownload", "size_bytes": 10}, "chunk_rejected"),
        ({"content_type": "video/webm", "size_bytes": 10**9}, "payload_too_large"),
        ({"content_type": "video/webm", "size_bytes": -1}, "validation_failed"),
    ],
)
def test_bad_upload_requests_are_refused(live: Live, fields: dict[str, Any], code: str) -> None:
    live.conn.send("chunk.request", session_id=live.sid, seq=1, offset_s=0, **fields)
    assert live.conn.wait_for(lambda m: m["type"] == "error")["code"] == code


def test_another_users_session_gets_an_error_frame_and_nothing_changes(platform: Any, live: Live) -> None:
    intruder = new_user(platform)
    conn = LiveConnection.open(platform.ws_url, intruder.access_token or "")
    for action, extra in (
        ("session.start", {}),
        ("session.end", {}),
        ("question.next", {}),
        ("chunk.request", {"seq": 0, "content_type": "video/webm", "size_bytes": 10}),
    ):
        conn.send(action, session_id=live.sid, **extra)
        assert conn.wait_for(lambda m: m["type"] == "error")["code"] == "not_found"
    conn.close()
    assert live.api.request("GET", f"/sessions/{live.sid}").json()["status"] == "live"


def test_a_corrupt_segment_fails_alone_and_the_session_is_still_reported(
    live: Live, segments: list[Segment]
) -> None:
    # Given a good segment, a corrupt one (truncated mid-cluster) and another good one
    corrupt = segments[1].path.read_bytes()[:300] + b"\x00garbage" * 200
    live.send(0, segments[0])
    live.send(1, segments[1], corrupt)
    live.send(2, segments[2])
    analyzed = live.analyzed({0, 1, 2})
    # Then the corrupt one carries a named worker failure, the others are analysed
    assert analyzed[1]["status"] == "failed"
    assert set(analyzed[1]["errors"].values()) == {"MediaDecodeError"}
    assert analyzed[0]["status"] == analyzed[2]["status"] == "analyzed"
    # And the report is built from what could be analysed, noting the failure
    report = live.end()
    assert report["duration_s"] > 0
    assert any("1" in note or "segment" in note.lower() for note in report["analysis_notes"])


def test_an_upload_that_never_arrives_costs_only_its_own_segment(live: Live, segments: list[Segment]) -> None:
    # Given an answer whose second segment was requested and never uploaded (the browser gave up on it)
    live.send(0, segments[0])
    lost = segments[1]
    live.conn.send(
        "chunk.request",
        session_id=live.sid,
        seq=1,
        content_type="video/webm",
        size_bytes=lost.path.stat().st_size,
        offset_s=lost.offset_s,
    )
    live.conn.wait_for(lambda m: m.get("seq") == 1 and m["type"] == "chunk.upload_url")
    for seq in (2, 3):
        live.send(seq, segments[seq])
    live.analyzed({0, 2, 3})
    # When the session ends
    ended = time.monotonic()
    report = live.end()
    # Then the report waits out the upload's grace, not finalize's limit, and transcribes the segments on
    # either side of the lost one (before, none of the answer was transcribed)
    assert time.monotonic() - ended < 120
    words = report["transcript"]["words"]
    assert any(w["end_s"] <= lost.offset_s for w in words), report["transcript"]["text"]
    assert any(w["start_s"] >= lost.offset_s + lost.duration_s for w in words), report["transcript"]["text"]
    assert not any(lost.offset_s + 0.5 < w["start_s"] < lost.offset_s + lost.duration_s - 0.5 for w in words)
    # and the report says which part of the answer is missing
    assert any(
        "Segment 1 of answer 1" in n and "its upload never arrived" in n for n in report["analysis_notes"]
    )


def test_a_client_that_reconnects_mid_session_loses_nothing(live: Live, segments: list[Segment]) -> None:
    live.send(0, segments[0])
    live.send(1, segments[1])
    # When the connection drops and the client comes back
    live.conn.close()
    live.conn = live.connect()
    live.conn.send("session.start", session_id=live.sid)
    started = live.conn.wait_for(lambda m: m["type"] == "session.started")
    assert started["accepted_seqs"] == [0, 1]
    for seq in (2, 3):
        live.send(seq, segments[seq])
    # Then the session continues and the report covers every segment
    report = live.end()
    assert report["duration_s"] == pytest.approx(sum(s.duration_s for s in segments[:4]), abs=1.0)


def test_a_worker_killed_mid_task_is_retried_and_the_session_completes(
    platform: Any, live: Live, segments: list[Segment]
) -> None:
    # Given a vision worker that will die holding the task
    platform.stop_worker("vision")
    os.environ.update({"WORKER_VISIBILITY_S": "6", "WORKER_HEARTBEAT_S": "2"})
    try:
        live.send(0, segments[0])
        doomed = platform.start_worker("vision")
        sqs = boto3.client("sqs")
        deadline = time.time() + 90
        while time.time() < deadline:  # wait until it has received the task
            attrs = sqs.get_queue_attributes(
                QueueUrl=platform.queue_url("vision"),
                AttributeNames=["ApproximateNumberOfMessagesNotVisible"],
            )
            if attrs["Attributes"]["ApproximateNumberOfMessagesNotVisible"] == "1":
                break
            time.sleep(0.05)
        doomed.kill()
        platform.workers.pop("vision", None)
        # When a new worker starts
        platform.start_worker("vision")
        # Then the task reappears, is finished by the new worker, and the session completes
        analyzed = live.analyzed({0}, timeout=180)
        assert analyzed[0]["status"] == "analyzed" and "vision" not in analyzed[0].get("errors", {})
        assert live.end()["face_present_ratio"] > 0.5
    finally:
        os.environ.pop("WORKER_VISIBILITY_S", None)
        os.environ.pop("WORKER_HEARTBEAT_S", None)
        platform.stop_worker("vision")
        platform.start_worker("vision")
