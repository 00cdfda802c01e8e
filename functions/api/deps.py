"""FastAPI dependencies: the process-wide services and the authenticated principal."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from interview_core.auth import Principal
from interview_core.container import Services, get_services
from interview_core.services.accounts import authenticate

_bearer = HTTPBearer(auto_error=False, description="Cognito access token")


def services() -> Services:
    return get_services()


def principal(
    svc: Annotated[Services, Depends(services)],
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    return authenticate(svc, creds.credentials if creds else None)


ServicesDep = Annotated[Services, Depends(services)]
PrincipalDep = Annotated[Principal, Depends(principal)]
