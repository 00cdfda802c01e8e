from __future__ import annotations

from fastapi import APIRouter, Request

from interview_core.contracts.api import (
    ErrorResponse,
    LoginRequest,
    RefreshRequest,
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


@router.post(
    "/signup", status_code=201, response_model=SignupResponse, responses={409: {"model": ErrorResponse}}
)
def signup(body: SignupRequest, request: Request, svc: ServicesDep) -> SignupResponse:
    user_id, tokens = accounts.sign_up(svc, body.email, body.password, _source(request))
    return SignupResponse(user_id=user_id, **tokens.__dict__)


@router.post("/login", response_model=TokenResponse, responses={401: {"model": ErrorResponse}})
def login(body: LoginRequest, request: Request, svc: ServicesDep) -> TokenResponse:
    return TokenResponse(**accounts.login(svc, body.email, body.password, _source(request)).__dict__)


@router.post("/refresh", response_model=TokenResponse, responses={401: {"model": ErrorResponse}})
def refresh(body: RefreshRequest, svc: ServicesDep) -> TokenResponse:
    return TokenResponse(**svc.identity.refresh(body.refresh_token).__dict__)
