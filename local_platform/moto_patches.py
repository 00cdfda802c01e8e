"""The one place that changes moto's behaviour; each change is small and tested (tests/integration).

1. Lambda invocation: moto runs Lambda code only inside Docker, which this platform does not have.
   `route_lambda_to_handlers` makes moto's invoke call the same Python handler in-process, so
   Step Functions `lambda:invoke` tasks (with their Retry/Catch) and direct invokes run our code.
   Handler strings are the ones CDK deploys ("pipeline.record_analysis.handler", relative to the
   `functions/` asset root), mapped to the `functions.` package here. A container-image function's
   handler is its image's CMD (the content image puts `functions/` at the same root). Lambda calls a
   handler on a thread with an event loop (Mangum runs the REST app on it); moto's request threads
   have none, so an invocation gets its own for its duration.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from moto.awslambda import models as lambda_models

_original_invoke = lambda_models.LambdaFunction._invoke_lambda
_installed = False


class LambdaContext:
    """The parts of the Lambda context object our handlers and Powertools read."""

    def __init__(
        self, function_name: str, function_arn: str, memory_mb: int = 128, timeout_ms: int = 300_000
    ) -> None:
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.invoked_function_arn = function_arn
        self.memory_limit_in_mb = memory_mb
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = "local"
        self._timeout_ms = timeout_ms

    def get_remaining_time_in_millis(self) -> int:
        return self._timeout_ms


def resolve_handler(handler: str) -> Callable[[Any, Any], Any]:
    module_name, _, attr = handler.rpartition(".")
    module = importlib.import_module(f"functions.{module_name}")
    fn: Callable[[Any, Any], Any] = getattr(module, attr)
    return fn


@contextmanager
def _event_loop() -> Iterator[None]:
    """An event loop on this thread while a handler runs (Mangum's `asyncio.get_event_loop()`)."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        yield
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def _invoke_in_process(self: Any, event: Any = None) -> tuple[str, bool, str]:
    payload = json.loads(event) if isinstance(event, str) else (event or {})
    try:
        context = LambdaContext(self.function_name, self.function_arn, int(self.memory_size or 128))
        handler = self.handler or self.image_config.cmd[0]  # an image's CMD names its handler
        with _event_loop():
            result = resolve_handler(handler)(payload, context)
        return json.dumps(result, default=str), False, ""
    except Exception as e:
        error = {
            "errorType": type(e).__name__,
            "errorMessage": str(e),
            "stackTrace": traceback.format_exc().splitlines()[-5:],
        }
        return json.dumps(error), True, traceback.format_exc()


def route_lambda_to_handlers() -> None:
    global _installed
    if not _installed:
        lambda_models.LambdaFunction._invoke_lambda = _invoke_in_process  # type: ignore[method-assign]
        _installed = True


def restore_lambda() -> None:
    global _installed
    lambda_models.LambdaFunction._invoke_lambda = _original_invoke  # type: ignore[method-assign]
    _installed = False
