"""Builds API Gateway WebSocket events as AWS shapes them (tests validate them against Powertools' models)."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from typing import Any

API_ID = "local"
STAGE = "live"


def _request_time(now: float) -> str:
    return datetime.fromtimestamp(now, UTC).strftime("%d/%b/%Y:%H:%M:%S +0000")


def _context(conn: Any, route_key: str, event_type: str, now: float) -> dict[str, Any]:
    request_id = uuid.uuid4().hex[:16]
    return {
        "routeKey": route_key,
        "eventType": event_type,
        "extendedRequestId": request_id,
        "requestTime": _request_time(now),
        "messageDirection": "IN",
        "stage": STAGE,
        "connectedAt": int(conn.connected_at * 1000),
        "requestTimeEpoch": int(now * 1000),
        "identity": {"sourceIp": conn.source_ip, "userAgent": conn.user_agent},
        "requestId": request_id,
        "domainName": conn.domain_name,
        "connectionId": conn.connection_id,
        "apiId": API_ID,
    }


def _headers(conn: Any) -> tuple[dict[str, str], dict[str, list[str]]]:
    return dict(conn.headers), {k: [v] for k, v in conn.headers.items()}


def authorizer_event(conn: Any, query: dict[str, str]) -> dict[str, Any]:
    """A REQUEST authorizer event for `$connect`."""
    now = time.time()
    headers, multi = _headers(conn)
    return {
        "type": "REQUEST",
        "methodArn": f"arn:aws:execute-api:us-east-1:123456789012:{API_ID}/{STAGE}/$connect",
        "headers": headers,
        "multiValueHeaders": multi,
        "queryStringParameters": query,
        "multiValueQueryStringParameters": {k: [v] for k, v in query.items()},
        "stageVariables": {},
        "requestContext": _context(conn, "$connect", "CONNECT", now),
    }


def connect_event(conn: Any, query: dict[str, str], authorizer: dict[str, Any]) -> dict[str, Any]:
    now = time.time()
    headers, multi = _headers(conn)
    ctx = _context(conn, "$connect", "CONNECT", now)
    ctx["authorizer"] = authorizer
    return {
        "headers": headers,
        "multiValueHeaders": multi,
        "queryStringParameters": query,
        "multiValueQueryStringParameters": {k: [v] for k, v in query.items()},
        "requestContext": ctx,
        "isBase64Encoded": False,
    }


def message_event(conn: Any, route_key: str, body: str, is_base64: bool = False) -> dict[str, Any]:
    now = time.time()
    ctx = _context(conn, route_key, "MESSAGE", now)
    ctx["messageId"] = uuid.uuid4().hex[:16]
    ctx["authorizer"] = conn.authorizer
    return {"requestContext": ctx, "body": body, "isBase64Encoded": is_base64}


def disconnect_event(conn: Any, status_code: int, reason: str) -> dict[str, Any]:
    now = time.time()
    headers, multi = _headers(conn)
    ctx = _context(conn, "$disconnect", "DISCONNECT", now)
    ctx["disconnectStatusCode"] = status_code
    ctx["disconnectReason"] = reason
    ctx["authorizer"] = conn.authorizer
    return {"headers": headers, "multiValueHeaders": multi, "requestContext": ctx, "isBase64Encoded": False}
