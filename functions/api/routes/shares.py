"""Sharing a session with a coach (owner only): `/v1/sessions/{id}/shares`."""

from __future__ import annotations

from fastapi import APIRouter, Response

from interview_core.contracts.api import ErrorResponse
from interview_core.contracts.sharing import Share, ShareIn, ShareList
from interview_core.domain import Share as Grant
from interview_core.services import sharing

from ..deps import PrincipalDep, ServicesDep

router = APIRouter(
    prefix="/sessions/{session_id}/shares",
    tags=["sharing"],
    responses={
        401: {"model": ErrorResponse},
        404: {"model": ErrorResponse},
        422: {"model": ErrorResponse},
    },
)


def share_out(grant: Grant) -> Share:
    return Share(
        share_id=grant.share_id,
        email=grant.email,
        include_future=grant.include_future,
        created_at=grant.created_at,
    )


@router.post("", status_code=201, response_model=Share, responses={409: {"model": ErrorResponse}})
def share_session(session_id: str, body: ShareIn, who: PrincipalDep, svc: ServicesDep) -> Share:
    """Share the session (and with `include_future` every later one) with whoever signs in with this
    email; the same answer whether or not it has an account. Sharing again returns the existing share."""
    return share_out(sharing.share_session(svc, who, session_id, body.email, body.include_future))


@router.get("", response_model=ShareList)
def list_shares(session_id: str, who: PrincipalDep, svc: ServicesDep) -> ShareList:
    """Every share granting this session: its own and the owner's include_future shares."""
    return ShareList(shares=[share_out(s) for s in sharing.session_shares(svc, who, session_id)])


@router.delete("/{share_id}", status_code=204)
def revoke_share(session_id: str, share_id: str, who: PrincipalDep, svc: ServicesDep) -> Response:
    """Revoke at once; an include_future share stops granting every session."""
    sharing.revoke(svc, who, session_id, share_id)
    return Response(status_code=204)
