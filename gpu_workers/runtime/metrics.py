"""The workers' CloudWatch metrics (EMF through Powertools): model latency per stage, errors by kind.

Names and dimensions come from `interview_core.metric_names`, the list the dashboard reads. Every
analyzer reports its stages' latencies in its summary (`latency_ms`); one data point per stage and
task is the milliseconds that stage spent on the task. Each stage is flushed as its own EMF record
because a record carries one set of dimensions (`Kind`, `Stage`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interview_core import metric_names as names
from interview_core.observability import MetricUnit, metrics

TASK_STAGE = "task"  # the whole task as the worker saw it: download, analysis, upload of the detail


def stage_latencies(summary: Mapping[str, Any]) -> dict[str, float]:
    """`latency_ms` of a summary as {stage: ms}: vision reports {calls, total_ms}, speech plain ms."""
    latencies: dict[str, float] = {}
    for stage, value in (summary.get("latency_ms") or {}).items():
        ms = value.get("total_ms") if isinstance(value, Mapping) else value
        if isinstance(ms, int | float):
            latencies[str(stage)] = float(ms)
    return latencies


def emit_task_latency(kind: str, summary: Mapping[str, Any], task_ms: float) -> None:
    for stage, ms in {**stage_latencies(summary), TASK_STAGE: task_ms}.items():
        metrics.add_dimension(name=names.DIMENSION_KIND, value=kind)
        metrics.add_dimension(name=names.DIMENSION_STAGE, value=stage)
        metrics.add_metric(name=names.MODEL_LATENCY, unit=MetricUnit.Milliseconds, value=ms)
        _flush()


def emit_error(kind: str) -> None:
    metrics.add_dimension(name=names.DIMENSION_KIND, value=kind)
    metrics.add_metric(name=names.WORKER_ERRORS, unit=MetricUnit.Count, value=1)
    _flush()


def _flush() -> None:
    metrics.flush_metrics()
    # Disabled metrics (the local platform) are not cleared by the flush; a long-lived worker must not
    # accumulate them.
    metrics.clear_metrics()
