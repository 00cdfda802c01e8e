"""The worker loop against real SQS and Step Functions (moto, execution on): pick-up heartbeat semantics.

A small state machine of its own hands a task to a queue through `.waitForTaskToken`, as the
pipeline's do, with a short HeartbeatSeconds so the pick-up deadline can pass within a test.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from botocore.exceptions import ClientError

from gpu_workers.media import MediaDecodeError
from gpu_workers.runtime.loop import WorkerLoop
from gpu_workers.runtime.tasks import run_segment_task
from interview_core.storage import MediaStore
from local_platform.capacity import queued_tasks
from local_platform.moto_server import local_client, moto_server

pytestmark = pytest.mark.integration
ROLE = "arn:aws:iam::123456789012:role/sfn"
SEGMENT_KEY = "sessions/s1/chunks/000000.webm"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with moto_server() as (url, port):
        # moto's backends are per process: a platform already running here serves the interpreter too.
        own_port = "MOTO_PORT" not in os.environ
        os.environ.setdefault("MOTO_PORT", str(port))
        httpx.post(
            f"{url}/moto-api/config", json={"stepfunctions": {"execute_state_machine": True}}
        ).raise_for_status()
        yield url
        if own_port:
            os.environ.pop("MOTO_PORT", None)


class Pipeline:
    """One queue and one state machine whose only state waits for a worker's answer."""

    def __init__(self, endpoint: str, heartbeat_s: int, retry_crashes: bool = False) -> None:
        self.sqs, self.sfn = local_client(endpoint, "sqs"), local_client(endpoint, "stepfunctions")
        name = f"loop-{uuid.uuid4().hex[:8]}"
        self.queue_url = self.sqs.create_queue(QueueName=name)["QueueUrl"]
        work: dict[str, Any] = {
            "Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "HeartbeatSeconds": heartbeat_s,
            "TimeoutSeconds": 120,
            "Parameters": {
                "QueueUrl": self.queue_url,
                "MessageBody": {
                    "task_token.$": "$$.Task.Token",
                    "kind": "vision",
                    "session_id": "s1",
                    "bucket": "media",
                    "segment": {"seq": 0, "key": SEGMENT_KEY, "offset_s": 0.0, "retention_days": 30},
                    "answer_index": 0,
                },
            },
            "End": True,
        }
        if retry_crashes:  # as the pipeline's state machines retry a crashed worker
            work["Retry"] = [{"ErrorEquals": ["WorkerCrashedError"], "IntervalSeconds": 1, "MaxAttempts": 3}]
        definition = {"StartAt": "Work", "States": {"Work": work}}
        self.machine = self.sfn.create_state_machine(
            name=name, definition=json.dumps(definition), roleArn=ROLE
        )["stateMachineArn"]
        self.handled: list[Any] = []

    def start(self) -> str:
        return self.sfn.start_execution(stateMachineArn=self.machine, name=uuid.uuid4().hex)["executionArn"]

    def loop(self, heartbeat_s: float = 0.5, work_s: float = 0.0) -> WorkerLoop:
        def handle(task: Any) -> dict[str, Any]:
            time.sleep(work_s)
            self.handled.append(task)
            return {"latency_ms": {"face_mesh": {"calls": 3, "total_ms": 12.5}}}

        return WorkerLoop(
            self.sqs, self.sfn, self.queue_url, handle, heartbeat_s=heartbeat_s, visibility_s=5, wait_time_s=1
        )

    def status(self, execution: str, timeout_s: float = 20) -> str:
        deadline = time.time() + timeout_s
        while time.time() < deadline:
            status: str = self.sfn.describe_execution(executionArn=execution)["status"]
            if status != "RUNNING":
                return status
            time.sleep(0.1)
        return "RUNNING"

    def queued(self) -> int:
        return queued_tasks(self.sqs, self.queue_url)


def test_a_task_that_waited_longer_than_a_heartbeat_period_is_analysed_once(endpoint: str) -> None:
    # Given a task that waited 2 s of its 3 s HeartbeatSeconds, and a worker heartbeating every 2 s
    pipeline = Pipeline(endpoint, heartbeat_s=3)
    execution = pipeline.start()
    time.sleep(2)
    # When the worker picks it up and works on it past the first deadline: only a heartbeat at pick-up
    # (not one a period later, at 4 s) keeps the task alive
    assert pipeline.loop(heartbeat_s=2, work_s=2.5).poll_once() == 1
    # Then the task succeeds, was analysed once, and left the queue
    assert pipeline.status(execution) == "SUCCEEDED"
    assert len(pipeline.handled) == 1
    assert pipeline.queued() == 0


def test_a_task_given_up_before_pick_up_is_dropped_without_analysis(
    endpoint: str, caplog: pytest.LogCaptureFixture
) -> None:
    # Given a task whose pick-up deadline (HeartbeatSeconds) passed while no worker was there
    pipeline = Pipeline(endpoint, heartbeat_s=1)
    execution = pipeline.start()
    assert pipeline.status(execution) == "FAILED"
    assert pipeline.queued() == 1
    # When a worker finally picks it up
    assert pipeline.loop().poll_once() == 1
    # Then it is not analysed (its token is dead) and it leaves the queue
    assert pipeline.handled == []
    assert pipeline.queued() == 0


def test_a_finished_task_emits_model_latency_per_stage(
    endpoint: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "false")
    pipeline = Pipeline(endpoint, heartbeat_s=30)
    execution = pipeline.start()
    assert pipeline.loop().poll_once() == 1
    assert pipeline.status(execution) == "SUCCEEDED"
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    points = {(r["Kind"], r["Stage"]): r["ModelLatency"] for r in records}
    assert points[("vision", "face_mesh")] == [12.5]
    assert points[("vision", "task")][0] >= 0
    for record in records:
        (directive,) = record["_aws"]["CloudWatchMetrics"]
        assert directive["Namespace"] == "InterviewPlatform"
        assert set(directive["Dimensions"][0]) == {"service", "Kind", "Stage"}


def test_bad_media_fails_the_task_by_name_and_counts_a_worker_error(
    endpoint: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "false")
    pipeline = Pipeline(endpoint, heartbeat_s=30)
    execution = pipeline.start()

    def undecodable(_task: Any) -> dict[str, Any]:
        raise MediaDecodeError("not a media file")

    loop = WorkerLoop(pipeline.sqs, pipeline.sfn, pipeline.queue_url, undecodable, 0.5, 5, 1)
    assert loop.poll_once() == 1
    assert pipeline.status(execution) == "FAILED"
    assert pipeline.queued() == 0
    history = pipeline.sfn.get_execution_history(executionArn=execution)["events"]
    failed = [e["taskFailedEventDetails"] for e in history if e["type"] == "TaskFailed"]
    assert failed and failed[0]["error"] == "MediaDecodeError"
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    errors = [r for r in records if "WorkerErrors" in r]
    assert [(r["Kind"], r["WorkerErrors"]) for r in errors] == [("vision", [1.0])]


def test_s3_errors_fail_the_attempt_and_the_retry_stores_one_tagged_result(endpoint: str) -> None:
    # Given the real task code on moto S3 + KMS, whose first GetObject and first PutObject fail
    pipeline = Pipeline(endpoint, heartbeat_s=30, retry_crashes=True)
    s3, kms = local_client(endpoint, "s3"), local_client(endpoint, "kms")
    s3.create_bucket(Bucket="media")
    store = MediaStore(s3, "media", kms.create_key()["KeyMetadata"]["Arn"])
    s3.put_object(Bucket="media", Key=SEGMENT_KEY, Body=b"segment bytes")
    failing = {"GetObject": 1, "PutObject": 1}

    def inject(model: Any, **_: Any) -> None:
        if failing.get(model.name, 0) > 0:
            failing[model.name] -= 1
            raise ClientError({"Error": {"Code": "InternalError", "Message": "injected"}}, model.name)

    s3.meta.events.register("before-call.s3.*", inject)
    analysed: list[Path] = []

    def analyze(path: Path, _segment: Any) -> Any:
        analysed.append(path)
        return SimpleNamespace(summary={"frames": 1}, detail={"frames": [1]})

    loop = WorkerLoop(
        pipeline.sqs, pipeline.sfn, pipeline.queue_url,
        lambda task: run_segment_task(task, store, analyze), 0.5, 5, 1,
    )  # fmt: skip
    execution = pipeline.start()
    # When the worker meets each failure on a separate attempt and Step Functions retries the crash
    deadline = time.time() + 60
    while pipeline.status(execution, timeout_s=0.2) == "RUNNING" and time.time() < deadline:
        loop.poll_once()
    # Then the third attempt succeeds, nothing is left queued, and exactly one result object is stored,
    # encrypted and tagged with the session's retention
    assert pipeline.status(execution) == "SUCCEEDED"
    assert failing == {"GetObject": 0, "PutObject": 0}
    # The attempt whose fetch failed never analysed. moto reuses one task token for every retry of a
    # state and replays the previous attempt's failure to the next one, so it may run an extra
    # attempt (AWS issues a new token per attempt); whatever ran, one result was stored.
    assert len(analysed) >= 2
    assert pipeline.queued() == 0
    stored = [
        o["Key"] for o in s3.list_objects_v2(Bucket="media", Prefix="sessions/s1/analysis/")["Contents"]
    ]
    assert stored == ["sessions/s1/analysis/vision/chunk-000000.json"]
    tags = s3.get_object_tagging(Bucket="media", Key=stored[0])["TagSet"]
    assert tags == [{"Key": "retention-days", "Value": "30"}]
    assert s3.head_object(Bucket="media", Key=stored[0])["ServerSideEncryption"] == "aws:kms"
    output = json.loads(pipeline.sfn.describe_execution(executionArn=execution)["output"])
    assert output["detail_key"] == stored[0]
