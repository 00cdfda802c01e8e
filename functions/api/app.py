"""The REST API (`/v1`): the same app on Lambda (Mangum) and locally (uvicorn in the local gateway)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter, FastAPI

from .errors import install_error_handlers
from .routes import admin, auth, coach, comments, practice, ratings, sessions, shares, users

try:
    VERSION = version("interview-platform")
except PackageNotFoundError:  # inside Lambda the layer is not a pip distribution
    VERSION = "lambda"


def create_app() -> FastAPI:
    app = FastAPI(
        title="Interview Platform API",
        version="1",
        description="Practice interviews: sessions, consent, reports and progress.",
    )
    v1 = APIRouter(prefix="/v1")
    v1.include_router(auth.router)
    v1.include_router(sessions.router)
    v1.include_router(users.router)
    v1.include_router(practice.router)
    v1.include_router(ratings.router)
    v1.include_router(admin.router)
    v1.include_router(shares.router)
    v1.include_router(comments.router)
    v1.include_router(coach.router)

    @v1.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str]:
        return {"status": "ok", "version": VERSION}

    app.include_router(v1)
    install_error_handlers(app)
    return app
