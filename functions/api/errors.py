"""Maps the domain error vocabulary and validation failures to the one REST error shape."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from interview_core.contracts.api import ErrorBody, ErrorDetail, ErrorResponse
from interview_core.errors import InterviewError, RateLimitedError, excerpt
from interview_core.observability import logger

MAX_DETAILS = 20


def error_response(
    status: int,
    code: str,
    message: str,
    details: list[ErrorDetail] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    short = [
        ErrorDetail(field=excerpt(d.field) if d.field else None, message=excerpt(d.message))
        for d in (details or [])[:MAX_DETAILS]
    ]
    body = ErrorResponse(error=ErrorBody(code=code, message=excerpt(message), details=short))
    return JSONResponse(status_code=status, content=body.model_dump(mode="json"), headers=headers)


def _field(loc: tuple[int | str, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "body"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(InterviewError)
    async def _domain(_: Request, exc: InterviewError) -> JSONResponse:
        field = exc.details.get("field")
        details = [ErrorDetail(field=str(field), message=exc.message)] if field else []
        headers = {"Retry-After": str(exc.retry_after_s)} if isinstance(exc, RateLimitedError) else None
        return error_response(exc.http_status, exc.code, exc.message, details, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [ErrorDetail(field=_field(tuple(e["loc"])), message=e["msg"]) for e in exc.errors()]
        malformed = any(e["type"] == "json_invalid" for e in exc.errors())
        message = "request body is not valid JSON" if malformed else "request failed validation"
        return error_response(422, "validation_failed", message, details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:  # FastAPI's answer to a body it cannot decode (e.g. not UTF-8)
            return error_response(422, "validation_failed", "request body is not valid JSON")
        code = {404: "not_found", 405: "method_not_allowed", 401: "unauthenticated"}.get(
            exc.status_code, "http_error"
        )
        return error_response(exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        logger.exception("unhandled error")
        return error_response(500, "internal_error", "unexpected server error")
