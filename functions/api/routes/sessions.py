from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from interview_core.contracts.analytics import ReportRatings
from interview_core.contracts.api import (
    CalibrationIn,
    CreateSessionRequest,
    ErrorResponse,
    MediaList,
    SessionList,
    SessionOut,
)
from interview_core.domain import Consent, Session
from interview_core.services import recording, reports
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


def session_out(s: Session) -> SessionOut:
    return SessionOut.model_validate(
        {
            **s.model_dump(mode="json", exclude={"version"}),
            "questions": [q.model_dump() for q in s.questions],
            "expires_at": s.expires_at,
            "job_terms": s.job.terms if s.job else [],
        }
    )


@router.post("", status_code=201, response_model=SessionOut)
def create_session(body: CreateSessionRequest, who: PrincipalDep, svc: ServicesDep) -> SessionOut:
    consent = Consent(**body.consent.model_dump())
    return session_out(
        logic.create_session(
            svc,
            who,
            body.role,
            body.question_ids,
            consent,
            job_description=body.job_description,
            attention_calibration=body.attention_calibration,
        )
    )


@router.get("", response_model=SessionList)
def list_sessions(who: PrincipalDep, svc: ServicesDep) -> SessionList:
    return SessionList(sessions=[session_out(s) for s in svc.repos.sessions.list_by_owner(who.user_id)])


@router.get("/{session_id}", response_model=SessionOut)
def get_session(session_id: str, who: PrincipalDep, svc: ServicesDep) -> SessionOut:
    return session_out(svc.repos.sessions.get_owned(session_id, who.user_id))


@router.put("/{session_id}/calibration", response_model=SessionOut, responses={409: {"model": ErrorResponse}})
def calibrate_session(
    session_id: str, body: CalibrationIn, who: PrincipalDep, svc: ServicesDep
) -> SessionOut:
    """Store the camera-check calibration: camera and screen-centre gaze directions, or the seconds of the
    recording spent looking at each (read from the analysed segments)."""
    return session_out(logic.calibrate_session(svc, who, session_id, body))


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
    """The report JSON (schema: events/schemas/report.schema.json) with the candidate's `ratings`
    (`ReportRatings` in events/schemas/openapi.json); 409 `report_not_ready` until finalized."""
    record = reports.owned_report(svc, who, session_id)
    report: dict[str, Any] = svc.store.get_json(record.report_key)
    return {**report, "ratings": ReportRatings.model_validate(record.ratings).model_dump(mode="json")}


@router.get("/{session_id}/report.html", responses={409: {"model": ErrorResponse}})
def get_report_html(session_id: str, who: PrincipalDep, svc: ServicesDep) -> Response:
    """The self-contained HTML report (charts inline), as stored by the finalize state machine."""
    record = reports.owned_report(svc, who, session_id)
    html = svc.store.get_bytes(record.html_key or "")
    return Response(content=html, media_type="text/html; charset=utf-8", headers=REPORT_HEADERS)


@router.get("/{session_id}/media", response_model=MediaList)
def get_media(session_id: str, who: PrincipalDep, svc: ServicesDep) -> MediaList:
    """A presigned GET (short-lived) of the joined recording, or of each segment until it is joined."""
    return recording.replay(svc, who, session_id)
