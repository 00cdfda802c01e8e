"""The local gateway's ASGI app: REST API, WebSocket API, @connections, and the built web app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import Message, Receive, Scope, Send

from local_platform.gateway.events import STAGE
from local_platform.gateway.routes import websocket_routes
from local_platform.gateway.websocket import WebSocketGateway
from local_platform.mailbox import MAILBOX

WEB_OUT = Path(__file__).resolve().parents[2] / "web" / "out"


# What CloudFront's response-headers policy adds in front of the web app. Next's static export
# bootstraps with inline scripts, so the policy limits framing, plugins, base and form targets.
WEB_HEADERS = [
    (
        b"content-security-policy",
        b"frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]


class _RestOrStatic:
    """`/v1`, `/docs` and `/openapi.json` go to the REST app; everything else is the static web app."""

    def __init__(self, rest: Any, static: Any | None) -> None:
        self.rest = rest
        self.static = static

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if self.static is None or path.startswith(("/v1", "/docs", "/openapi.json", "/redoc")):
            await self.rest(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *WEB_HEADERS]}
            await send(message)

        await self.static(scope, receive, with_headers)


async def runtime_config(request: Request) -> JSONResponse:
    """The web app's `/config.json`, as the deployment writes it on AWS: here one origin serves both APIs."""
    from interview_core.settings import get_settings

    settings = get_settings()
    scheme = "wss" if request.url.scheme == "https" else "ws"
    return JSONResponse(
        {
            "apiUrl": "",
            "wsUrl": f"{scheme}://{request.url.netloc}/ws",
            "userPoolId": settings.user_pool_id,
            "userPoolClientId": settings.user_pool_client_id,
            "region": settings.aws_region,
        },
        headers={"Cache-Control": "no-store"},
    )


async def local_mailbox(request: Request) -> JSONResponse:
    """What the embedded Cognito "emailed" to one address (local platform only; AWS has no such route)."""
    email = request.query_params.get("email", "")
    if not email:
        return JSONResponse({"error": {"code": "validation_failed", "message": "email is required"}}, 422)
    messages = MAILBOX.read(email)
    return JSONResponse({"email": email, "messages": messages}, headers={"Cache-Control": "no-store"})


def create_gateway(
    template: dict[str, Any], web_dir: Path | None = WEB_OUT
) -> tuple[Starlette, WebSocketGateway]:
    from functions.api.app import create_app

    ws = WebSocketGateway(websocket_routes(template))
    static = StaticFiles(directory=web_dir, html=True) if web_dir and web_dir.is_dir() else None
    rest_or_static = _RestOrStatic(create_app(), static)
    app = Starlette(
        routes=[
            WebSocketRoute("/ws", ws.serve),
            Route("/config.json", runtime_config),
            Route("/local/mailbox", local_mailbox),
            Route(
                f"/{STAGE}/@connections/{{connection_id}}", ws.management, methods=["POST", "GET", "DELETE"]
            ),
            Mount("/", app=rest_or_static),
        ]
    )
    # A path the mount's pattern cannot match (a newline in it) still reaches the REST app, as on AWS.
    app.router.default = rest_or_static
    return app, ws
