"""The one place that builds Powertools' Logger, Tracer and Metrics for every component."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit

SERVICE = "interview"
NAMESPACE = "InterviewPlatform"

logger = Logger(service=SERVICE)
tracer = Tracer(service=SERVICE)
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)

__all__ = ["MetricUnit", "logger", "metrics", "timed", "tracer"]


@contextmanager
def timed(name: str, **fields: object) -> Iterator[None]:
    """Log the latency of a block (model calls, AWS calls) as a key-value field."""
    start = time.perf_counter()
    try:
        yield
    finally:
        logger.debug(
            "timed", extra={"op": name, "ms": round((time.perf_counter() - start) * 1000, 2), **fields}
        )
