"""Step Functions task: build, store and announce the report."""

from __future__ import annotations

from typing import Any

from interview_core.container import get_services
from interview_core.observability import logger, metrics, tracer
from interview_core.services import capacity, reports


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    svc = get_services()
    built = reports.build_and_store(svc, event)
    capacity.session_finished(svc)
    return built
