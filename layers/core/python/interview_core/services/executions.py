"""Starting Step Functions executions exactly once: the name is derived from what they process."""

from __future__ import annotations

import json
from typing import Any

from interview_core.container import Services
from interview_core.observability import logger


def start_once(svc: Services, state_machine_arn: str, name: str, payload: dict[str, Any]) -> bool:
    """Start the named execution; False when it already exists (a retried or repeated message)."""
    try:
        svc.sfn.start_execution(stateMachineArn=state_machine_arn, name=name, input=json.dumps(payload))
        return True
    except svc.sfn.exceptions.ExecutionAlreadyExists:
        logger.info("execution already started", extra={"execution": name})
        return False
