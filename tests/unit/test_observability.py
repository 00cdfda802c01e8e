"""Each Lambda handler's log lines carry its own function's context, even with several in one process."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from interview_core.observability import logger
from local_platform.moto_patches import LambdaContext

pytestmark = pytest.mark.unit


@pytest.fixture
def lines() -> Iterator[io.StringIO]:
    handler: Any = logger.registered_handler
    out = io.StringIO()
    previous = handler.setStream(out)
    yield out
    handler.setStream(previous)


def test_concurrent_handlers_log_with_their_own_function_context(lines: io.StringIO) -> None:
    # Given two functions whose invocations overlap in one process (the local platform)
    both_started = threading.Barrier(2)

    @logger.inject_lambda_context
    def handler(event: str, _context: Any) -> None:
        both_started.wait()
        logger.info("working", extra={"event": event})
        both_started.wait()

    threads = [
        threading.Thread(target=handler, args=(name, LambdaContext(name, f"arn:{name}", 128)))
        for name in ("first-fn", "second-fn")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # When a line is logged outside any handler
    logger.info("between invocations")
    # Then each handler's line names its own function, and nothing leaks past the invocation
    records = [json.loads(line) for line in lines.getvalue().splitlines()]
    working = {r["event"]: r["function_name"] for r in records if r["message"] == "working"}
    assert working == {"first-fn": "first-fn", "second-fn": "second-fn"}
    (between,) = [r for r in records if r["message"] == "between invocations"]
    assert "function_name" not in between
