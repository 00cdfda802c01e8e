"""The SQS task-token loop shared by every worker.

A task is deleted from the queue only after its result reached Step Functions. While working, a
heartbeat thread tells Step Functions the worker is alive and keeps the message hidden; if the
worker dies, the message reappears after `visibility_s` and another worker finishes the same task
(same task token), and if none does, the state machine's HeartbeatTimeout retries it.
"""

from __future__ import annotations

import json
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError
from pydantic import ValidationError

from gpu_workers.media import MediaDecodeError
from interview_core.contracts.worker import SegmentTask, WindowTask
from interview_core.observability import logger

# Error names the state machines Retry/Catch on (infra_cdk/constructs/analysis.py).
DECODE_ERROR = "MediaDecodeError"
CRASH_ERROR = "WorkerCrashedError"
BAD_TASK_ERROR = "InvalidTaskError"

Handler = Callable[[SegmentTask | WindowTask], dict[str, Any]]


class _Heartbeat(threading.Thread):
    def __init__(
        self, sfn: Any, sqs: Any, queue_url: str, receipt: str, token: str, every_s: float, visibility_s: int
    ) -> None:
        super().__init__(daemon=True)
        self._sfn, self._sqs = sfn, sqs
        self._queue_url, self._receipt, self._token = queue_url, receipt, token
        self._every, self._visibility = every_s, visibility_s
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(self._every):
            try:
                self._sfn.send_task_heartbeat(taskToken=self._token)
                self._sqs.change_message_visibility(
                    QueueUrl=self._queue_url, ReceiptHandle=self._receipt, VisibilityTimeout=self._visibility
                )
            except ClientError as e:
                logger.warning("heartbeat failed", extra={"code": e.response["Error"]["Code"]})

    def stop(self) -> None:
        self._stop_event.set()


def parse_task(body: str) -> SegmentTask | WindowTask:
    raw = json.loads(body)
    return (
        WindowTask.model_validate(raw) if raw.get("kind") == "transcribe" else SegmentTask.model_validate(raw)
    )


class WorkerLoop:
    def __init__(
        self,
        sqs: Any,
        sfn: Any,
        queue_url: str,
        handle: Handler,
        heartbeat_s: float,
        visibility_s: int,
        wait_time_s: int,
    ) -> None:
        self.sqs, self.sfn, self.queue_url, self.handle = sqs, sfn, queue_url, handle
        self.heartbeat_s, self.visibility_s, self.wait_time_s = heartbeat_s, visibility_s, wait_time_s
        self.stopping = threading.Event()

    def install_signal_handlers(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self.stopping.set())

    def run_forever(self) -> None:
        while not self.stopping.is_set():
            self.poll_once()

    def poll_once(self) -> int:
        r = self.sqs.receive_message(
            QueueUrl=self.queue_url,
            MaxNumberOfMessages=1,
            WaitTimeSeconds=self.wait_time_s,
            VisibilityTimeout=self.visibility_s,
        )
        messages = r.get("Messages", [])
        for message in messages:
            self.process(message)
        return len(messages)

    def process(self, message: dict[str, Any]) -> None:
        receipt = message["ReceiptHandle"]
        try:
            task = parse_task(message["Body"])
        except (ValidationError, json.JSONDecodeError, AttributeError) as e:
            logger.error("unreadable task", extra={"error": str(e)[:500]})
            token = _token_of(message["Body"])
            if token:
                self._answer(
                    self.sfn.send_task_failure, taskToken=token, error=BAD_TASK_ERROR, cause=str(e)[:500]
                )
            self._delete(receipt)
            return
        heartbeat = _Heartbeat(
            self.sfn, self.sqs, self.queue_url, receipt, task.task_token, self.heartbeat_s, self.visibility_s
        )
        heartbeat.start()
        started = time.perf_counter()
        try:
            result = self.handle(task)
        except MediaDecodeError as e:
            self._answer(
                self.sfn.send_task_failure, taskToken=task.task_token, error=DECODE_ERROR, cause=str(e)[:500]
            )
            self._delete(receipt)
            return
        except Exception as e:
            logger.exception("task crashed", extra={"session_id": task.session_id})
            cause = f"{type(e).__name__}: {e}"[:500]
            self._answer(
                self.sfn.send_task_failure, taskToken=task.task_token, error=CRASH_ERROR, cause=cause
            )
            self._delete(receipt)
            return
        finally:
            heartbeat.stop()
        self._answer(self.sfn.send_task_success, taskToken=task.task_token, output=json.dumps(result))
        self._delete(receipt)
        logger.info(
            "task done",
            extra={
                "kind": task.kind,
                "session_id": task.session_id,
                "ms": round((time.perf_counter() - started) * 1000),
            },
        )

    def _answer(self, call: Callable[..., Any], **kwargs: Any) -> None:
        try:
            call(**kwargs)
        except ClientError as e:
            # The execution timed out or was retried with a new token: this answer is simply late.
            if e.response["Error"]["Code"] not in ("TaskTimedOut", "TaskDoesNotExist", "InvalidToken"):
                raise

    def _delete(self, receipt: str) -> None:
        self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=receipt)


def _token_of(body: str) -> str | None:
    try:
        token = json.loads(body).get("task_token")
    except (json.JSONDecodeError, AttributeError):
        return None
    return token if isinstance(token, str) else None
