"""Timed comments on a session's report by its readers: `/v1/sessions/{id}/comments`."""

from __future__ import annotations

from fastapi import APIRouter, Response

from interview_core.contracts.api import ErrorResponse
from interview_core.contracts.sharing import Comment, CommentIn, CommentList
from interview_core.services import comments

from ..deps import PrincipalDep, ServicesDep

router = APIRouter(
    prefix="/sessions/{session_id}/comments",
    tags=["sharing"],
    responses={
        401: {"model": ErrorResponse},
        404: {"model": ErrorResponse},
        422: {"model": ErrorResponse},
    },
)


@router.post("", status_code=201, response_model=Comment, responses={409: {"model": ErrorResponse}})
def post_comment(session_id: str, body: CommentIn, who: PrincipalDep, svc: ServicesDep) -> Comment:
    """The owner or a coach comments on a moment of the recording (409 `report_not_ready` before the
    report is built; 409 `conflict` past the session's comment limit)."""
    return comments.post(svc, who, session_id, body)


@router.get("", response_model=CommentList)
def list_comments(session_id: str, who: PrincipalDep, svc: ServicesDep) -> CommentList:
    return CommentList(comments=comments.session_comments(svc, who, session_id))


@router.delete("/{comment_id}", status_code=204, responses={403: {"model": ErrorResponse}})
def delete_comment(session_id: str, comment_id: str, who: PrincipalDep, svc: ServicesDep) -> Response:
    """By its author; another reader gets 403."""
    comments.delete(svc, who, session_id, comment_id)
    return Response(status_code=204)
