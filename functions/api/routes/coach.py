"""What was shared with the caller: `GET /v1/coach/sessions`."""

from __future__ import annotations

from fastapi import APIRouter

from interview_core.contracts.api import ErrorResponse
from interview_core.contracts.sharing import SharedSessionList
from interview_core.services import sharing

from ..deps import PrincipalDep, ServicesDep

router = APIRouter(prefix="/coach", tags=["sharing"], responses={401: {"model": ErrorResponse}})


@router.get("/sessions", response_model=SharedSessionList)
def shared_with_me(who: PrincipalDep, svc: ServicesDep) -> SharedSessionList:
    """Sessions shared with the caller's email, newest first; read them through the usual session,
    report, report.html, media and comments endpoints."""
    return SharedSessionList(sessions=sharing.coach_sessions(svc, who))
