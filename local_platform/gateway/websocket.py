"""API Gateway WebSocket semantics on one machine: authorizer, $connect/$disconnect, route selection,
the 128 KB message limit, idle/maximum durations and the @connections management API (410 when gone).

Work is bounded per connection: its frames are handled one at a time, in order, with at most
`max_queued` waiting (API Gateway's route throttling in spirit); an excess frame is answered with a
`rate_limited` error frame, and a connection that keeps flooding is closed (1008). Handlers run on a
pool of their own, so REST requests never wait behind WebSocket work.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import secrets
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.websockets import WebSocket, WebSocketDisconnect

from local_platform.gateway import events
from local_platform.gateway.routes import RouteTable
from local_platform.moto_patches import LambdaContext, resolve_handler

MAX_MESSAGE_BYTES = 128 * 1024
IDLE_TIMEOUT_S = 10 * 60
MAX_CONNECTION_S = 2 * 60 * 60
CLOSE_TOO_BIG = 1009
CLOSE_GOING_AWAY = 1001
CLOSE_POLICY = 1008
MAX_QUEUED_FRAMES = 8  # per connection, waiting behind the one being handled
MAX_REFUSED_FRAMES = 64  # refusals before a flooding connection is closed
HANDLER_THREADS = 8


@dataclass
class Connection:
    connection_id: str
    websocket: WebSocket
    source_ip: str
    user_agent: str
    domain_name: str
    headers: dict[str, str]
    connected_at: float = field(default_factory=time.time)
    last_active_at: float = field(default_factory=time.time)
    authorizer: dict[str, Any] = field(default_factory=dict)
    send_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    inbox: asyncio.Queue[tuple[str, bool]] = field(default_factory=lambda: asyncio.Queue(MAX_QUEUED_FRAMES))
    refused: int = 0


def _connection_id() -> str:
    # The shape AWS uses, e.g. "L0SM9cOFvHcCIhw=", from the URL-safe alphabet: it travels in URL paths.
    return base64.urlsafe_b64encode(secrets.token_bytes(10)).decode()


class WebSocketGateway:
    def __init__(
        self,
        routes: RouteTable,
        max_message_bytes: int = MAX_MESSAGE_BYTES,
        idle_timeout_s: float = IDLE_TIMEOUT_S,
    ) -> None:
        self.routes = routes
        self.max_message_bytes = max_message_bytes
        self.idle_timeout_s = idle_timeout_s
        self.connections: dict[str, Connection] = {}
        self.loop: asyncio.AbstractEventLoop | None = None
        # Called with (connection id, message) for every message delivered to a client: the console.
        self.listeners: list[Callable[[str, str], None]] = []
        self._handlers = ThreadPoolExecutor(HANDLER_THREADS, thread_name_prefix="ws-lambda")

    async def _invoke(self, handler: str, event: dict[str, Any]) -> Any:
        fn = resolve_handler(handler)
        # API Gateway's integration timeout is 29 s.
        # Named after the handler's module (ws.connect, ws.messages, ...): its log lines say which ran.
        name = handler.rsplit(".", 1)[0]
        context = LambdaContext(name, f"arn:aws:lambda:us-east-1:123456789012:function:{name}", 512, 29_000)
        return await asyncio.get_running_loop().run_in_executor(self._handlers, partial(fn, event, context))

    async def _authorize(self, conn: Connection, query: dict[str, str]) -> dict[str, Any] | None:
        if self.routes.authorizer is None:
            return {}
        try:
            result = await self._invoke(self.routes.authorizer, events.authorizer_event(conn, query))
        except Exception:
            return None
        statements = result.get("policyDocument", {}).get("Statement", [])
        if not statements or any(s.get("Effect") != "Allow" for s in statements):
            return None
        return {**result.get("context", {}), "principalId": result.get("principalId")}

    async def serve(self, websocket: WebSocket) -> None:
        self.loop = asyncio.get_running_loop()
        headers = {k.title(): v for k, v in websocket.headers.items()}
        conn = Connection(
            connection_id=_connection_id(),
            websocket=websocket,
            source_ip=websocket.client.host if websocket.client else "127.0.0.1",
            user_agent=headers.get("User-Agent", ""),
            domain_name=headers.get("Host", "127.0.0.1"),
            headers=headers,
        )
        query = dict(websocket.query_params)
        authorizer = await self._authorize(conn, query)
        if authorizer is None:
            await websocket.close(code=1008)  # before accept: the client sees HTTP 403, as on AWS
            return
        conn.authorizer = authorizer
        if "$connect" in self.routes.routes:
            result = await self._invoke(
                self.routes.routes["$connect"], events.connect_event(conn, query, authorizer)
            )
            if int((result or {}).get("statusCode", 200)) != 200:
                await websocket.close(code=1008)
                return
        await websocket.accept()
        self.connections[conn.connection_id] = conn
        worker = asyncio.create_task(self._handle_in_order(conn))
        status, reason = await self._receive_loop(conn)
        worker.cancel()
        self.connections.pop(conn.connection_id, None)
        if "$disconnect" in self.routes.routes:
            await self._invoke(
                self.routes.routes["$disconnect"], events.disconnect_event(conn, status, reason)
            )

    async def _receive_loop(self, conn: Connection) -> tuple[int, str]:
        deadline = conn.connected_at + MAX_CONNECTION_S
        while True:
            timeout = min(self.idle_timeout_s, deadline - time.time())
            try:
                message = await asyncio.wait_for(conn.websocket.receive(), timeout=max(timeout, 0.01))
            except TimeoutError:
                await self._close(conn, CLOSE_GOING_AWAY, "Going away")
                return CLOSE_GOING_AWAY, "Going away"
            except (WebSocketDisconnect, RuntimeError):
                return 1006, "Connection closed"
            if message["type"] == "websocket.disconnect":
                return int(message.get("code", 1005)), "Client closed"
            conn.last_active_at = time.time()
            text, data = message.get("text"), message.get("bytes")
            size = len(text.encode()) if text is not None else len(data or b"")
            if size > self.max_message_bytes:
                await self._close(conn, CLOSE_TOO_BIG, "Message too big")
                return CLOSE_TOO_BIG, "Message too big"
            body, is_b64 = (
                (text, False) if text is not None else (base64.b64encode(data or b"").decode(), True)
            )
            try:
                conn.inbox.put_nowait((body, is_b64))
            except asyncio.QueueFull:
                conn.refused += 1
                if conn.refused > MAX_REFUSED_FRAMES:
                    await self._close(conn, CLOSE_POLICY, "Too many frames")
                    return CLOSE_POLICY, "Too many frames"
                await self.send(conn.connection_id, _RATE_LIMITED)

    async def _handle_in_order(self, conn: Connection) -> None:
        while True:
            body, is_b64 = await conn.inbox.get()
            await self._route(conn, body, is_b64)

    async def _route(self, conn: Connection, body: str, is_b64: bool) -> None:
        try:
            action = json.loads(body).get("action") if not is_b64 else None
        except (ValueError, RecursionError, AttributeError):  # not JSON, too deep, or a huge number
            action = None
        route_key, handler = self.routes.handler_for(action)
        try:
            await self._invoke(handler, events.message_event(conn, route_key, body, is_b64))
        except Exception:
            # API Gateway answers an integration failure with this frame and keeps the connection.
            await self.send(conn.connection_id, json.dumps({"message": "Internal server error"}))

    async def _close(self, conn: Connection, code: int, reason: str) -> None:
        with contextlib.suppress(RuntimeError):  # already closed by the client
            await conn.websocket.close(code=code, reason=reason)

    async def send(self, connection_id: str, data: str) -> bool:
        conn = self.connections.get(connection_id)
        if conn is None:
            return False
        async with conn.send_lock:
            try:
                await conn.websocket.send_text(data)
            except (RuntimeError, WebSocketDisconnect):
                return False
        for listen in self.listeners:
            listen(connection_id, data)
        return True

    # @connections management API ------------------------------------------------------------------
    @staticmethod
    def _gone(connection_id: str) -> Response:
        return JSONResponse(
            {"message": f"Connection {connection_id} is gone"},
            status_code=410,
            headers={"x-amzn-ErrorType": "GoneException"},
        )

    async def management(self, request: Request) -> Response:
        connection_id = request.path_params["connection_id"]
        conn = self.connections.get(connection_id)
        if conn is None:
            return self._gone(connection_id)
        if request.method == "POST":
            body = await request.body()
            if len(body) > self.max_message_bytes:
                return JSONResponse(
                    {"message": "Payload too large"},
                    status_code=413,
                    headers={"x-amzn-ErrorType": "PayloadTooLargeException"},
                )
            ok = await self.send(connection_id, body.decode())
            return Response(status_code=200) if ok else self._gone(connection_id)
        if request.method == "GET":
            return JSONResponse(
                {
                    "ConnectedAt": _iso(conn.connected_at),
                    "LastActiveAt": _iso(conn.last_active_at),
                    "Identity": {"SourceIp": conn.source_ip, "UserAgent": conn.user_agent},
                }
            )
        await self._close(conn, 1000, "Closed by server")
        return Response(status_code=204)


_RATE_LIMITED = json.dumps(
    {
        "type": "error",
        "code": "rate_limited",
        "message": f"more than {MAX_QUEUED_FRAMES} frames waiting on this connection",
        "retry_after_s": 1,
    }
)


def _iso(t: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(t))
