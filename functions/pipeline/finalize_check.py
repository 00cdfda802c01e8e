"""Step Functions task: `interview_core.services.pipeline.finalize_check`."""

from __future__ import annotations

from typing import Any

from interview_core.container import get_services
from interview_core.observability import logger, metrics, tracer
from interview_core.services import pipeline


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    return pipeline.finalize_check(get_services(), event)
