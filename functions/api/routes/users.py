from __future__ import annotations

from fastapi import APIRouter, Response

from interview_core.auth import Principal
from interview_core.contracts.api import DisplayNameIn, ErrorResponse, RolesOut, UserMe
from interview_core.contracts.report import ProgressReport
from interview_core.domain import User
from interview_core.services import accounts, reports

from ..deps import PrincipalDep, ServicesDep

router = APIRouter(tags=["users"], responses={401: {"model": ErrorResponse}})


@router.get("/roles", response_model=RolesOut)
def roles(svc: ServicesDep) -> RolesOut:
    """Roles and their questions (with talking points) for choosing a question set."""
    return RolesOut.model_validate(svc.bank.model_dump())


def user_me(who: Principal, user: User) -> UserMe:
    # Groups from the verified token: they are what every other check reads.
    return UserMe(user_id=user.user_id, email=user.email, display_name=user.name, groups=list(who.groups))


@router.get("/users/me", response_model=UserMe)
def me(who: PrincipalDep, svc: ServicesDep) -> UserMe:
    return user_me(who, accounts.profile(svc, who))


@router.patch(
    "/users/me",
    response_model=UserMe,
    responses={404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
)
def rename_me(body: DisplayNameIn, who: PrincipalDep, svc: ServicesDep) -> UserMe:
    """Set the name shown to coaches and on comments (default: the email's local part)."""
    return user_me(who, accounts.rename(svc, who, body.display_name))


@router.get("/users/me/progress", response_model=ProgressReport)
def my_progress(who: PrincipalDep, svc: ServicesDep) -> ProgressReport:
    """Scores across the caller's sessions and the trend of each component."""
    return reports.progress(svc, who)


@router.delete("/users/me", status_code=204)
def delete_me(who: PrincipalDep, svc: ServicesDep) -> Response:
    """Deletes every session (media, analyses, reports), the profile and the sign-in."""
    accounts.delete_account(svc, who)
    return Response(status_code=204)
