from __future__ import annotations

from fastapi import APIRouter, Response

from interview_core.contracts.api import ErrorResponse, RolesOut
from interview_core.contracts.report import ProgressReport
from interview_core.services import accounts, reports

from ..deps import PrincipalDep, ServicesDep

router = APIRouter(tags=["users"], responses={401: {"model": ErrorResponse}})


@router.get("/roles", response_model=RolesOut)
def roles(svc: ServicesDep) -> RolesOut:
    """Roles and their questions (with talking points) for choosing a question set."""
    return RolesOut.model_validate(svc.bank.model_dump())


@router.get("/users/me/progress", response_model=ProgressReport)
def my_progress(who: PrincipalDep, svc: ServicesDep) -> ProgressReport:
    """Scores across the caller's sessions and the trend of each component."""
    return reports.progress(svc, who)


@router.delete("/users/me", status_code=204)
def delete_me(who: PrincipalDep, svc: ServicesDep) -> Response:
    """Deletes every session (media, analyses, reports), the profile and the sign-in."""
    accounts.delete_account(svc, who)
    return Response(status_code=204)
