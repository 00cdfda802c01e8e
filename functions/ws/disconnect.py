"""`$disconnect`: forget the connection. The session itself is untouched: the client may reconnect."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.parser import parse
from aws_lambda_powertools.utilities.parser.models import APIGatewayWebSocketDisconnectEventModel

from interview_core.container import get_services
from interview_core.observability import logger


@logger.inject_lambda_context
def handler(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    parsed = parse(event=event, model=APIGatewayWebSocketDisconnectEventModel)
    get_services().repos.connections.delete(parsed.request_context.connection_id)
    return {"statusCode": 200}
