from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from interview_core.contracts.api import CreateSessionRequest, ErrorResponse, SessionList, SessionOut
from interview_core.domain import Consent, Session
from interview_core.services import sessions as logic

from ..deps import PrincipalDep, ServicesDep

router = APIRouter(
    prefix="/sessions",
    tags=["sessions"],
    responses={401: {"model": ErrorResponse}, 404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
)


def session_out(s: Session) -> SessionOut:
    return SessionOut.model_validate(
        {
            **s.model_dump(mode="json", exclude={"version"}),
            "questions": [q.model_dump() for q in s.questions],
            "expires_at": s.expires_at,
        }
    )


@router.post("", status_code=201, response_model=SessionOut)
def create_session(body: CreateSessionRequest, who: PrincipalDep, svc: ServicesDep) -> SessionOut:
    consent = Consent(**body.consent.model_dump())
    return session_out(logic.create_session(svc, who, body.role, body.question_ids, consent))


@router.get("", response_model=SessionList)
def list_sessions(who: PrincipalDep, svc: ServicesDep) -> SessionList:
    return SessionList(sessions=[session_out(s) for s in svc.repos.sessions.list_by_owner(who.user_id)])


@router.get("/{session_id}", response_model=SessionOut)
def get_session(session_id: str, who: PrincipalDep, svc: ServicesDep) -> SessionOut:
    return session_out(svc.repos.sessions.get_owned(session_id, who.user_id))


@router.post(
    "/{session_id}/end", status_code=202, response_model=SessionOut, responses={409: {"model": ErrorResponse}}
)
def end_session(session_id: str, who: PrincipalDep, svc: ServicesDep) -> SessionOut:
    return session_out(logic.end_session(svc, who, session_id))


@router.delete("/{session_id}", status_code=204)
def delete_session(session_id: str, who: PrincipalDep, svc: ServicesDep) -> Response:
    logic.delete_session(svc, who, session_id)
    return Response(status_code=204)


@router.get("/{session_id}/report", responses={409: {"model": ErrorResponse}})
def get_report(session_id: str, who: PrincipalDep, svc: ServicesDep) -> dict[str, Any]:
    _, report = logic.get_report(svc, who, session_id)
    return report
