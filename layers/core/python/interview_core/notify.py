"""Pushes messages to WebSocket clients through API Gateway's @connections management API.

A gone connection (HTTP 410) is deleted on the spot and never retried: the client reconnects and
attaches again; messages it missed are recoverable from the session's stored state.
"""

from __future__ import annotations

import json
from typing import Any

from botocore.exceptions import ClientError

from interview_core.data import ConnectionRepository
from interview_core.observability import logger


class ConnectionNotifier:
    def __init__(self, management_api: Any, connections: ConnectionRepository) -> None:
        self._api = management_api
        self._connections = connections

    def send(self, connection_id: str, message: dict[str, Any]) -> bool:
        try:
            self._api.post_to_connection(
                ConnectionId=connection_id, Data=json.dumps(message, default=str).encode()
            )
            return True
        except ClientError as e:
            code = e.response["Error"]["Code"]
            status = e.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if code == "GoneException" or status == 410:
                logger.info("connection gone", extra={"connection_id": connection_id})
                self._connections.delete(connection_id)
                return False
            logger.warning("push failed", extra={"connection_id": connection_id, "code": code})
            return False

    def close(self, connection_id: str) -> None:
        """Close a live connection (its `$disconnect` then removes the item); a gone one is just removed."""
        try:
            self._api.delete_connection(ConnectionId=connection_id)
        except ClientError as e:
            logger.info(
                "close failed", extra={"connection_id": connection_id, "code": e.response["Error"]["Code"]}
            )
        self._connections.delete(connection_id)

    def send_to_session(self, session_id: str, message: dict[str, Any]) -> int:
        """Push to every live connection attached to the session; returns how many received it."""
        return sum(self.send(c.connection_id, message) for c in self._connections.for_session(session_id))
