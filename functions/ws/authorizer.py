"""`$connect` REQUEST authorizer: a valid Cognito access token in `?token=`, else the connection gets 403."""

from __future__ import annotations

from typing import Any

from interview_core.container import get_services
from interview_core.errors import AuthenticationError
from interview_core.observability import logger
from interview_core.services.accounts import authenticate


def _policy(effect: str, resource: str, principal_id: str, context: dict[str, str]) -> dict[str, Any]:
    return {
        "principalId": principal_id,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}],
        },
        "context": context,
    }


@logger.inject_lambda_context
def handler(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    token = (event.get("queryStringParameters") or {}).get("token")
    resource = event.get("methodArn", "*")
    try:
        who = authenticate(get_services(), token)
    except AuthenticationError as e:
        logger.info("connection denied", extra={"reason": e.message})
        return _policy("Deny", resource, "anonymous", {})
    return _policy(
        "Allow",
        resource,
        who.user_id,
        {"user_id": who.user_id, "username": who.username, "groups": ",".join(who.groups)},
    )
