"""The SQS task-token loop shared by every worker.

A task is deleted from the queue only after its result reached Step Functions. Step Functions counts
a task's HeartbeatSeconds from the moment the message is queued, so a worker heartbeats the moment it
picks a task up: that first heartbeat both restarts the clock and asks whether the token is still
alive. A token Step Functions has already given up on (the task waited past its pick-up deadline) is
dropped without being analysed, so no dead work and no second analysis. While working, a heartbeat
thread keeps the token alive and the message hidden; if the worker dies, the message reappears
after `visibility_s` and another worker finishes the same task (same token); if none does within
the pick-up deadline, the state machine's HeartbeatTimeout ends the task (infra_cdk/constructs/analysis.py).
"""

from __future__ import annotations

import json
import signal
import threading
import time
from collections.abc import Callable
from typing import Any, TypeAlias

from botocore.exceptions import ClientError
from pydantic import ValidationError

from gpu_workers.media import MediaDecodeError
from gpu_workers.runtime.metrics import emit_error, emit_task_latency
from interview_core.contracts.worker import RecordingTask, SegmentTask, WindowTask
from interview_core.observability import logger

# Error names the state machines Retry/Catch on (infra_cdk/constructs/analysis.py).
DECODE_ERROR = "MediaDecodeError"
CRASH_ERROR = "WorkerCrashedError"
BAD_TASK_ERROR = "InvalidTaskError"
# What Step Functions answers for a token it no longer waits for (timed out, retried, execution over).
GONE_TOKEN_CODES = ("TaskTimedOut", "TaskDoesNotExist", "InvalidToken")
# Pauses between pick-up heartbeats answered `InvalidToken` before the task counts as gone (~1.5 s).
PICK_UP_RETRY_S = (0.1, 0.2, 0.4, 0.8)

Task: TypeAlias = SegmentTask | WindowTask | RecordingTask
Handler = Callable[[Task], dict[str, Any]]


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


_TASKS: dict[str, type[WindowTask] | type[RecordingTask]] = {
    "transcribe": WindowTask,
    "recording": RecordingTask,
}


def parse_task(body: str) -> Task:
    raw = json.loads(body)
    return _TASKS.get(str(raw.get("kind")), SegmentTask).model_validate(raw)


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
            MessageSystemAttributeNames=["SentTimestamp"],
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
        if not self._pick_up(task, message):
            return
        heartbeat = _Heartbeat(
            self.sfn, self.sqs, self.queue_url, receipt, task.task_token, self.heartbeat_s, self.visibility_s
        )
        heartbeat.start()
        started = time.perf_counter()
        try:
            result = self.handle(task)
        except MediaDecodeError as e:
            logger.warning(
                "bad media", extra={**_describe(task), "code": DECODE_ERROR, "error": str(e)[:500]}
            )
            emit_error(task.kind)
            self._answer(
                self.sfn.send_task_failure, taskToken=task.task_token, error=DECODE_ERROR, cause=str(e)[:500]
            )
            self._delete(receipt)
            return
        except Exception as e:
            logger.exception("task crashed", extra={**_describe(task), "code": CRASH_ERROR})
            emit_error(task.kind)
            cause = f"{type(e).__name__}: {e}"[:500]
            self._answer(
                self.sfn.send_task_failure, taskToken=task.task_token, error=CRASH_ERROR, cause=cause
            )
            self._delete(receipt)
            return
        finally:
            heartbeat.stop()
        task_ms = (time.perf_counter() - started) * 1000
        self._answer(self.sfn.send_task_success, taskToken=task.task_token, output=json.dumps(result))
        self._delete(receipt)
        emit_task_latency(task.kind, result, task_ms)
        logger.info("task done", extra={**_describe(task), "ms": round(task_ms)})

    def _pick_up(self, task: Task, message: dict[str, Any]) -> bool:
        """Heartbeat at pick-up: False (message dropped or left for later) when the task is not ours to do."""
        queued_s = _queued_s(message)
        try:
            self._first_heartbeat(task.task_token)
        except ClientError as e:
            code = e.response["Error"]["Code"]
            if code not in GONE_TOKEN_CODES:  # Step Functions unreachable: the message reappears later
                logger.warning("pick-up heartbeat failed", extra={**_describe(task), "code": code})
                return False
            logger.warning(
                "task given up before pick-up: dropped",
                extra={**_describe(task), "code": code, "queued_s": queued_s},
            )
            self._delete(message["ReceiptHandle"])
            return False
        logger.info("task picked up", extra={**_describe(task), "queued_s": queued_s})
        return True

    def _first_heartbeat(self, token: str) -> None:
        """`InvalidToken` right after the message was queued may only mean the token is not registered
        yet (moto's Step Functions registers it just after sending the message, and a fast worker can get
        there first): ask again briefly before calling the task gone, or a live task would be dropped."""
        for delay_s in PICK_UP_RETRY_S:
            try:
                self.sfn.send_task_heartbeat(taskToken=token)
                return
            except ClientError as e:
                if e.response["Error"]["Code"] != "InvalidToken":
                    raise
            time.sleep(delay_s)
        self.sfn.send_task_heartbeat(taskToken=token)

    def _answer(self, call: Callable[..., Any], **kwargs: Any) -> None:
        try:
            call(**kwargs)
        except ClientError as e:
            # The execution timed out or was retried with a new token: this answer is simply late.
            if e.response["Error"]["Code"] not in GONE_TOKEN_CODES:
                raise

    def _delete(self, receipt: str) -> None:
        self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=receipt)


def _describe(task: Task) -> dict[str, Any]:
    where: dict[str, int] = {}
    if isinstance(task, SegmentTask):
        where = {"seq": task.segment.seq}
    elif isinstance(task, WindowTask):
        where = {"window": task.window_index}
    return {"kind": task.kind, "session_id": task.session_id, **where}


def _queued_s(message: dict[str, Any]) -> float | None:
    """Seconds since SQS accepted the message (how long the task waited for a worker)."""
    sent_ms = message.get("Attributes", {}).get("SentTimestamp")
    return round(time.time() - int(sent_ms) / 1000, 1) if sent_ms else None


def _token_of(body: str) -> str | None:
    try:
        token = json.loads(body).get("task_token")
    except (json.JSONDecodeError, AttributeError):
        return None
    return token if isinstance(token, str) else None
