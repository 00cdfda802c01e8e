"""`$connect`: remember who is on this connection (the authorizer already verified the token)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.parser import parse
from aws_lambda_powertools.utilities.parser.models import APIGatewayWebSocketConnectEventModel

from interview_core.container import get_services
from interview_core.domain import Connection, utcnow
from interview_core.observability import logger


@logger.inject_lambda_context
def handler(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    parsed = parse(event=event, model=APIGatewayWebSocketConnectEventModel)
    authorizer = event["requestContext"].get("authorizer") or {}
    user_id = authorizer.get("user_id") or authorizer.get("principalId")
    if not user_id:
        return {"statusCode": 403}
    connection_id = parsed.request_context.connection_id
    get_services().repos.connections.put(
        Connection(connection_id=connection_id, user_id=user_id, connected_at=utcnow())
    )
    return {"statusCode": 200}
