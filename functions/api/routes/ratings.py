from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from interview_core.contracts.analytics import RatingIn, ReportRatings
from interview_core.contracts.api import ErrorResponse
from interview_core.services import ratings

from ..deps import PrincipalDep, ServicesDep

router = APIRouter(
    prefix="/sessions/{session_id}/report",
    tags=["sessions"],
    responses={
        401: {"model": ErrorResponse},
        404: {"model": ErrorResponse},
        409: {"model": ErrorResponse},
        422: {"model": ErrorResponse},
    },
)


@router.put("/rating", response_model=ReportRatings)
def rate_report(session_id: str, body: RatingIn, who: PrincipalDep, svc: ServicesDep) -> ReportRatings:
    """The owner rates the report useful or not (optional comment); a new rating replaces the old."""
    return ratings.rate_report(svc, who, session_id, body)


@router.put("/recommendations/{rank}/rating", response_model=ReportRatings)
def rate_recommendation(
    session_id: str,
    rank: Annotated[int, Path(ge=1, le=3)],
    body: RatingIn,
    who: PrincipalDep,
    svc: ServicesDep,
) -> ReportRatings:
    """The owner rates one recommendation (by its rank in the report) useful or not."""
    return ratings.rate_recommendation(svc, who, session_id, rank, body)
