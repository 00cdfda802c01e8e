"""The pick-up heartbeat tells a token that is not registered yet from one that is gone.

moto's Step Functions registers a task token just after it sends the queue message, so a worker that
is fast enough gets `InvalidToken` for a live task; dropping it lost the segment and the report never
came. Fakes of the two clients the loop uses (no network).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from gpu_workers.runtime import loop as loop_module
from gpu_workers.runtime.loop import WorkerLoop

pytestmark = pytest.mark.unit
TASK = (Path(__file__).resolve().parents[2] / "events" / "workers" / "segment_task.json").read_text()


def _error(code: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": code}}, "SendTaskHeartbeat")


class FakeStepFunctions:
    def __init__(self, heartbeat_errors: list[str]) -> None:
        self.heartbeat_errors = heartbeat_errors
        self.heartbeats = 0
        self.successes: list[dict[str, Any]] = []

    def send_task_heartbeat(self, taskToken: str) -> None:
        self.heartbeats += 1
        if self.heartbeat_errors:
            raise _error(self.heartbeat_errors.pop(0))

    def send_task_success(self, taskToken: str, output: str) -> None:
        self.successes.append(json.loads(output))


class FakeQueue:
    def __init__(self) -> None:
        self.deleted: list[str] = []

    def delete_message(self, QueueUrl: str, ReceiptHandle: str) -> None:
        self.deleted.append(ReceiptHandle)

    def change_message_visibility(self, **_: Any) -> None:
        pass


def _run(
    heartbeat_errors: list[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[FakeStepFunctions, FakeQueue, list[Any]]:
    monkeypatch.setattr(loop_module, "PICK_UP_RETRY_S", (0.0, 0.0, 0.0))
    sfn, sqs, handled = FakeStepFunctions(heartbeat_errors), FakeQueue(), []

    def analyse(task: Any) -> dict[str, Any]:
        handled.append(task)
        return {"ok": True}

    worker = WorkerLoop(sqs, sfn, "queue", analyse, 60, 30, 0)
    worker.process({"ReceiptHandle": "r1", "Body": TASK})
    return sfn, sqs, handled


def test_a_token_not_registered_yet_is_picked_up_and_analysed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given Step Functions answers InvalidToken twice, then knows the token
    sfn, sqs, handled = _run(["InvalidToken", "InvalidToken"], monkeypatch)
    # Then the task is analysed once, answered and removed from the queue
    assert len(handled) == 1
    assert sfn.successes == [{"ok": True}]
    assert sqs.deleted == ["r1"]


def test_a_token_that_stays_invalid_is_dropped_without_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a token Step Functions never knows
    sfn, sqs, handled = _run(["InvalidToken"] * 10, monkeypatch)
    # Then after the short retries it is dropped, not analysed
    assert handled == []
    assert sfn.heartbeats == 4
    assert sqs.deleted == ["r1"]


def test_a_timed_out_token_is_dropped_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    sfn, sqs, handled = _run(["TaskTimedOut"], monkeypatch)
    assert handled == [] and sfn.heartbeats == 1 and sqs.deleted == ["r1"]
