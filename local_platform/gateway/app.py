"""The local gateway's ASGI app: REST API, WebSocket API, @connections, and the built web app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from local_platform.gateway.events import STAGE
from local_platform.gateway.routes import websocket_routes
from local_platform.gateway.websocket import WebSocketGateway

WEB_OUT = Path(__file__).resolve().parents[2] / "web" / "out"


class _RestOrStatic:
    """`/v1`, `/docs` and `/openapi.json` go to the REST app; everything else is the static web app."""

    def __init__(self, rest: Any, static: Any | None) -> None:
        self.rest = rest
        self.static = static

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if self.static is None or path.startswith(("/v1", "/docs", "/openapi.json", "/redoc")):
            await self.rest(scope, receive, send)
        else:
            await self.static(scope, receive, send)


def create_gateway(
    template: dict[str, Any], web_dir: Path | None = WEB_OUT
) -> tuple[Starlette, WebSocketGateway]:
    from functions.api.app import create_app

    ws = WebSocketGateway(websocket_routes(template))
    static = StaticFiles(directory=web_dir, html=True) if web_dir and web_dir.is_dir() else None
    app = Starlette(
        routes=[
            WebSocketRoute("/ws", ws.serve),
            Route(
                f"/{STAGE}/@connections/{{connection_id}}", ws.management, methods=["POST", "GET", "DELETE"]
            ),
            Mount("/", app=_RestOrStatic(create_app(), static)),
        ]
    )
    return app, ws
