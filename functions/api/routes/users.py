from __future__ import annotations

from fastapi import APIRouter, Response
from interview_core.contracts.api import ErrorResponse, RolesOut
from interview_core.services import accounts

from ..deps import PrincipalDep, ServicesDep

router = APIRouter(tags=["users"], responses={401: {"model": ErrorResponse}})


@router.get("/roles", response_model=RolesOut)
def roles(svc: ServicesDep) -> RolesOut:
    return RolesOut.model_validate(svc.bank.model_dump())


@router.delete("/users/me", status_code=204)
def delete_me(who: PrincipalDep, svc: ServicesDep) -> Response:
    accounts.delete_account(svc, who)
    return Response(status_code=204)
