"""Worker capacity on one machine: the local stand-in for the GPU services' warm pool.

`OnDemandWorkers` starts the worker processes when a session goes live, after `boot_s` (standing
in for a GPU instance booting and pulling the image; the models then load for real in the new
process), and stops them once no session is in progress and their queues are empty, as the
services' queue-depth scaling would.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

import boto3

from interview_core.observability import logger

if TYPE_CHECKING:
    from local_platform.platform import LocalPlatform


class OnDemandWorkers:
    def __init__(self, platform: LocalPlatform, kinds: tuple[str, ...], boot_s: float) -> None:
        self.platform, self.kinds, self.boot_s = platform, kinds, boot_s
        self._lock = threading.Lock()
        self._booting: dict[str, threading.Timer] = {}

    def request(self) -> None:
        with self._lock:
            for kind in self.kinds:
                if kind in self.platform.workers or kind in self._booting:
                    continue
                timer = threading.Timer(self.boot_s, self._start, args=(kind,))
                timer.daemon = True
                self._booting[kind] = timer
                timer.start()
                logger.info("worker requested", extra={"kind": kind, "boot_s": self.boot_s})

    def release(self) -> None:
        sqs: Any = boto3.client("sqs")
        with self._lock:
            for kind in self.kinds:
                if queued_tasks(sqs, self.platform.queue_url(kind)):
                    continue  # queue depth keeps it, as on AWS
                booting = self._booting.pop(kind, None)
                if booting:
                    booting.cancel()
                self.platform.stop_worker(kind)
                logger.info("worker released", extra={"kind": kind})

    def _start(self, kind: str) -> None:
        with self._lock:
            if self._booting.pop(kind, None) is not None and kind not in self.platform.workers:
                self.platform.start_worker(kind)


def queued_tasks(sqs: Any, queue_url: str) -> int:
    """Messages waiting or in flight on a queue (what its depth-based scaling counts)."""
    attrs = sqs.get_queue_attributes(
        QueueUrl=queue_url,
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return int(attrs["ApproximateNumberOfMessages"]) + int(attrs["ApproximateNumberOfMessagesNotVisible"])
