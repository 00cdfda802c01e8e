"""The one place that builds Powertools' Logger, Tracer and Metrics for every component."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

SERVICE = "interview"
NAMESPACE = "InterviewPlatform"

Handler = Callable[..., Any]


class FunctionLogger(Logger):
    """Powertools' Logger whose `inject_lambda_context` keeps the function's context per thread.

    Powertools appends the context to the logger shared by the whole process, which on AWS holds one
    function. The local platform runs every function in one process, several at once, and each line
    then carried whichever function had started last; here the context lives in Powertools' per-thread
    keys (a ContextVar) for the duration of the invocation.
    """

    _warm: set[str] = set()  # functions this process has already run once

    # Only the bare decorator form is offered: no handler uses Powertools' options (log_event, ...).
    def inject_lambda_context(self, handler: Handler) -> Handler:  # type: ignore[override]
        @functools.wraps(handler)
        def decorate(event: Any, context: LambdaContext, *args: Any, **kwargs: Any) -> Any:
            outer = dict(self.thread_safe_get_current_keys())  # a handler invoked inside another
            self.thread_safe_append_keys(**self._context_keys(context))
            try:
                return handler(event, context, *args, **kwargs)
            finally:
                self.thread_safe_clear_keys()
                self.thread_safe_append_keys(**outer)

        return decorate

    @classmethod
    def _context_keys(cls, context: LambdaContext) -> dict[str, Any]:
        name = context.function_name
        cold_start = name not in cls._warm
        cls._warm.add(name)
        return {
            "cold_start": cold_start,
            "function_name": name,
            "function_memory_size": context.memory_limit_in_mb,
            "function_arn": context.invoked_function_arn,
            "function_request_id": context.aws_request_id,
        }


logger = FunctionLogger(service=SERVICE)
tracer = Tracer(service=SERVICE)
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)

__all__ = ["MetricUnit", "logger", "metrics", "tracer"]
