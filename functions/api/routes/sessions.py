from __future__ import annotations

from fastapi import APIRouter, Response

from interview_core.auth import Principal
from interview_core.container import Services
from interview_core.contracts.api import (
    CalibrationIn,
    CreateSessionRequest,
    ErrorResponse,
    MediaList,
    SessionList,
    SessionOut,
)
from interview_core.contracts.sharing import Access, ReportView
from interview_core.domain import Consent, Session
from interview_core.services import access, accounts, recording, report_view
from interview_core.services import sessions as logic

from ..deps import PrincipalDep, ServicesDep

# The report is self-contained (inline styles and SVG, no script): it may load nothing, run nothing
# and be framed by nobody, so even a field that escaped escaping could not act.
REPORT_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}

router = APIRouter(
    prefix="/sessions",
    tags=["sessions"],
    responses={
        401: {"model": ErrorResponse},
        404: {"model": ErrorResponse},
        422: {"model": ErrorResponse},
        429: {"model": ErrorResponse},
    },
)


def session_out(s: Session, owner_name: str, granted: Access = "owner") -> SessionOut:
    return SessionOut.model_validate(
        {
            **s.model_dump(mode="json", exclude={"version"}),
            "questions": [q.model_dump() for q in s.questions],
            "expires_at": s.expires_at,
            "job_terms": s.job.terms if s.job else [],
            "access": granted,
            "owner_name": owner_name,
        }
    )


def own_session_out(svc: Services, who: Principal, s: Session) -> SessionOut:
    return session_out(s, accounts.profile(svc, who).name)


@router.post("", status_code=201, response_model=SessionOut)
def create_session(body: CreateSessionRequest, who: PrincipalDep, svc: ServicesDep) -> SessionOut:
    consent = Consent(**body.consent.model_dump())
    return own_session_out(
        svc,
        who,
        logic.create_session(
            svc,
            who,
            body.role,
            body.question_ids,
            consent,
            job_description=body.job_description,
            attention_calibration=body.attention_calibration,
        ),
    )


@router.get("", response_model=SessionList)
def list_sessions(who: PrincipalDep, svc: ServicesDep) -> SessionList:
    """The caller's own sessions (shared ones: `GET /v1/coach/sessions`)."""
    name = accounts.profile(svc, who).name
    return SessionList(sessions=[session_out(s, name) for s in svc.repos.sessions.list_by_owner(who.user_id)])


@router.get("/{session_id}", response_model=SessionOut)
def get_session(session_id: str, who: PrincipalDep, svc: ServicesDep) -> SessionOut:
    """The owner's session, or one shared with the caller (`access: "coach"`)."""
    granted = access.readable(svc, who, session_id)
    owner_name = accounts.display_names(svc, [granted.session.owner_id])[granted.session.owner_id]
    return session_out(granted.session, owner_name, granted.access)


@router.put("/{session_id}/calibration", response_model=SessionOut, responses={409: {"model": ErrorResponse}})
def calibrate_session(
    session_id: str, body: CalibrationIn, who: PrincipalDep, svc: ServicesDep
) -> SessionOut:
    """Store the camera-check calibration: camera and screen-centre gaze directions, or the seconds of the
    recording spent looking at each (read from the analysed segments)."""
    return own_session_out(svc, who, logic.calibrate_session(svc, who, session_id, body))


@router.post(
    "/{session_id}/end", status_code=202, response_model=SessionOut, responses={409: {"model": ErrorResponse}}
)
def end_session(session_id: str, who: PrincipalDep, svc: ServicesDep) -> SessionOut:
    return own_session_out(svc, who, logic.end_session(svc, who, session_id))


@router.delete("/{session_id}", status_code=204)
def delete_session(session_id: str, who: PrincipalDep, svc: ServicesDep) -> Response:
    logic.delete_session(svc, who, session_id)
    return Response(status_code=204)


@router.get("/{session_id}/report", response_model=ReportView, responses={409: {"model": ErrorResponse}})
def get_report(session_id: str, who: PrincipalDep, svc: ServicesDep) -> ReportView:
    """The report with the comments and, for its owner, their own `ratings` (a coach gets none);
    409 `report_not_ready` until finalized."""
    return report_view.report_json(svc, who, session_id)


@router.get("/{session_id}/report.html", responses={409: {"model": ErrorResponse}})
def get_report_html(session_id: str, who: PrincipalDep, svc: ServicesDep) -> Response:
    """The self-contained HTML report (charts inline), as stored by the finalize state machine, with its
    comments."""
    html = report_view.report_html(svc, who, session_id)
    return Response(content=html, media_type="text/html; charset=utf-8", headers=REPORT_HEADERS)


@router.get("/{session_id}/media", response_model=MediaList)
def get_media(session_id: str, who: PrincipalDep, svc: ServicesDep) -> MediaList:
    """A presigned GET (short-lived) of the joined recording, or of each segment until it is joined."""
    return recording.replay(svc, who, session_id)
