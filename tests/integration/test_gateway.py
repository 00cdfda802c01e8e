"""The local gateway emulates API Gateway's WebSocket API: events, authorizer, limits, @connections."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from aws_lambda_powertools.utilities.parser.models import (
    APIGatewayWebSocketConnectEventModel,
    APIGatewayWebSocketDisconnectEventModel,
    APIGatewayWebSocketMessageEventModel,
)
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from local_platform.client import ApiClient, LiveConnection
from local_platform.gateway import events
from local_platform.gateway.routes import websocket_routes
from local_platform.template import load_template

pytestmark = pytest.mark.integration


def _conn() -> Any:
    return SimpleNamespace(
        connection_id="L0SM9cOFvHcCIhw=",
        connected_at=1_700_000_000.0,
        source_ip="127.0.0.1",
        user_agent="pytest",
        domain_name="127.0.0.1:8000",
        headers={"Host": "127.0.0.1:8000"},
        authorizer={"user_id": "u-1", "principalId": "u-1"},
    )


def test_events_validate_against_powertools_models() -> None:
    conn = _conn()
    APIGatewayWebSocketConnectEventModel.model_validate(
        events.connect_event(conn, {"token": "t"}, conn.authorizer)
    )
    APIGatewayWebSocketMessageEventModel.model_validate(events.message_event(conn, "session.start", "{}"))
    APIGatewayWebSocketDisconnectEventModel.model_validate(
        events.disconnect_event(conn, 1000, "Client closed")
    )
    assert events.authorizer_event(conn, {"token": "t"})["type"] == "REQUEST"


def test_routes_come_from_the_cdk_template() -> None:
    table = websocket_routes(load_template())
    assert table.authorizer == "ws.authorizer.handler"
    assert {
        "$connect",
        "$disconnect",
        "$default",
        "session.start",
        "chunk.request",
        "chunk.uploaded",
        "question.next",
        "session.end",
    } <= set(table.routes)
    assert table.handler_for("no.such.action")[0] == "$default"
    assert table.handler_for(None)[0] == "$default"


@pytest.mark.parametrize("token", ["", "garbage", "a.b.c"])
def test_connect_without_a_valid_token_is_403(platform: Any, token: str) -> None:
    with pytest.raises(InvalidStatus) as e:
        connect(f"{platform.ws_url}?token={token}")
    assert e.value.response.status_code == 403


def test_unknown_action_goes_to_default_and_gets_an_error_frame(platform: Any, alice: ApiClient) -> None:
    conn = LiveConnection.open(platform.ws_url, alice.access_token or "")
    conn.ws.send(json.dumps({"action": "dance"}))
    msg = conn.wait_for(lambda m: m["type"] == "error", timeout=15)
    assert msg["code"] == "validation_failed"
    conn.ws.send("not json at all")
    assert conn.wait_for(lambda m: m["type"] == "error", timeout=15)["code"] == "validation_failed"
    conn.close()


def test_message_over_128_kb_closes_the_connection(platform: Any, alice: ApiClient) -> None:
    conn = LiveConnection.open(platform.ws_url, alice.access_token or "")
    conn.ws.send(json.dumps({"action": "session.start", "pad": "x" * (128 * 1024)}))
    assert conn.closed.wait(10)
    assert conn.ws.close_code == 1009
    with pytest.raises(ConnectionClosed):
        conn.ws.send("{}")


def test_connections_api_get_post_delete_and_410(platform: Any, alice: ApiClient) -> None:
    # Given a live connection
    conn = LiveConnection.open(platform.ws_url, alice.access_token or "")
    conn.send("session.start", session_id="does-not-exist-123")
    conn.wait_for(lambda m: m["type"] == "error", timeout=15)
    connection_id = list(platform.gateway.connections)[-1]
    base = f"{platform.url}/live/@connections/{connection_id}"
    # When the management API posts, reads and deletes it
    assert httpx.post(base, content=json.dumps({"type": "hello"})).status_code == 200
    assert conn.wait_for(lambda m: m["type"] == "hello", timeout=5)
    info = httpx.get(base).json()
    assert info["Identity"]["SourceIp"] == "127.0.0.1" and "ConnectedAt" in info
    assert httpx.delete(base).status_code == 204
    # Then the client is disconnected and the connection is gone (410, as on AWS)
    assert conn.closed.wait(10)
    gone = httpx.post(base, content=b"{}")
    assert gone.status_code == 410 and gone.headers["x-amzn-ErrorType"] == "GoneException"


def test_notifier_cleans_up_a_gone_connection(platform: Any, alice: ApiClient) -> None:
    # Given a stored connection whose socket is gone
    from interview_core.container import get_services
    from interview_core.domain import Connection, utcnow

    svc = get_services()
    svc.repos.connections.put(
        Connection(connection_id="R29uZUdvbmVHb25l", user_id="u", connected_at=utcnow())
    )
    # When a push is attempted through boto3's apigatewaymanagementapi client
    delivered = svc.notifier.send("R29uZUdvbmVHb25l", {"type": "hello"})
    # Then it is not retried and the stale record is deleted
    assert delivered is False
    assert svc.repos.connections.get("R29uZUdvbmVHb25l") is None


def test_config_json_names_this_origins_apis(platform: Any) -> None:
    """Given the local gateway, then /config.json (what the deployment writes on AWS) points at itself."""
    response = httpx.get(f"{platform.url}/config.json", timeout=10)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    config = response.json()
    assert config["apiUrl"] == ""  # same origin
    assert config["wsUrl"] == f"ws://{platform.url.split('://', 1)[1]}/ws"
    assert config["userPoolId"] == platform.aws.env["USER_POOL_ID"]
