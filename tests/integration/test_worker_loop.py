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
from typing import Any

import boto3
import httpx
import pytest
from moto.server import ThreadedMotoServer

from gpu_workers.media import MediaDecodeError
from gpu_workers.runtime.loop import WorkerLoop

pytestmark = pytest.mark.integration
REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/sfn"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    # moto's backends are per process: a platform already running here serves the interpreter too.
    own_port = "MOTO_PORT" not in os.environ
    os.environ.setdefault("MOTO_PORT", str(port))
    httpx.post(
        f"{url}/moto-api/config", json={"stepfunctions": {"execute_state_machine": True}}
    ).raise_for_status()
    yield url
    if own_port:
        os.environ.pop("MOTO_PORT", None)
    server.stop()


def _client(endpoint: str, service: str) -> Any:
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )


class Pipeline:
    """One queue and one state machine whose only state waits for a worker's answer."""

    def __init__(self, endpoint: str, heartbeat_s: int) -> None:
        self.sqs, self.sfn = _client(endpoint, "sqs"), _client(endpoint, "stepfunctions")
        name = f"loop-{uuid.uuid4().hex[:8]}"
        self.queue_url = self.sqs.create_queue(QueueName=name)["QueueUrl"]
        definition = {
            "StartAt": "Work",
            "States": {
                "Work": {
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
                            "segment": {"seq": 0, "key": "sessions/s1/chunks/000000.webm", "offset_s": 0.0},
                            "answer_index": 0,
                        },
                    },
                    "End": True,
                }
            },
        }
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
        attrs = self.sqs.get_queue_attributes(
            QueueUrl=self.queue_url,
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        )["Attributes"]
        return int(attrs["ApproximateNumberOfMessages"]) + int(attrs["ApproximateNumberOfMessagesNotVisible"])


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
