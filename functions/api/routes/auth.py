from __future__ import annotations

from fastapi import APIRouter, Request

from interview_core.contracts.api import (
    ConfirmRequest,
    ErrorResponse,
    LoginRequest,
    RefreshRequest,
    ResendRequest,
    SignupRequest,
    SignupResponse,
    TokenResponse,
)
from interview_core.services import accounts

from ..deps import ServicesDep

router = APIRouter(
    prefix="/auth", tags=["auth"], responses={422: {"model": ErrorResponse}, 429: {"model": ErrorResponse}}
)


def _source(request: Request) -> str:
    """The caller's address: API Gateway's `sourceIp` on AWS (Mangum), the TCP peer locally."""
    return request.client.host if request.client else "unknown"


@router.post("/signup", status_code=202, response_model=SignupResponse)
def signup(body: SignupRequest, request: Request, svc: ServicesDep) -> SignupResponse:
    accounts.sign_up(svc, body.email, body.password, _source(request))
    return SignupResponse()


@router.post("/confirm", status_code=204, responses={400: {"model": ErrorResponse}})
def confirm(body: ConfirmRequest, request: Request, svc: ServicesDep) -> None:
    accounts.confirm(svc, body.email, body.code, _source(request))


@router.post("/resend", status_code=202, response_model=SignupResponse)
def resend(body: ResendRequest, request: Request, svc: ServicesDep) -> SignupResponse:
    accounts.resend_code(svc, body.email, _source(request))
    return SignupResponse()


@router.post(
    "/login",
    response_model=TokenResponse,
    responses={401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}},
)
def login(body: LoginRequest, request: Request, svc: ServicesDep) -> TokenResponse:
    return TokenResponse(**accounts.login(svc, body.email, body.password, _source(request)).__dict__)


@router.post("/refresh", response_model=TokenResponse, responses={401: {"model": ErrorResponse}})
def refresh(body: RefreshRequest, svc: ServicesDep) -> TokenResponse:
    return TokenResponse(**svc.identity.refresh(body.refresh_token).__dict__)
