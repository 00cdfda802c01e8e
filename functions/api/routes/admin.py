from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from interview_core.contracts.analytics import MAX_RANGE_DAYS, MIN_GROUP_SESSIONS, AdminAnalytics
from interview_core.contracts.api import ErrorResponse
from interview_core.domain import utcnow
from interview_core.services import analytics

from ..deps import PrincipalDep, ServicesDep

DEFAULT_RANGE_DAYS = 30

router = APIRouter(
    prefix="/admin",
    tags=["admin"],
    responses={401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
)


@router.get(
    "/analytics",
    response_model=AdminAnalytics,
    description=f"Per-day sessions, interview minutes, score and metric distributions, recommendations, "
    f"ratings and model figures; admin group only (403 for others). Days with fewer than "
    f"{MIN_GROUP_SESSIONS} sessions are suppressed; at most {MAX_RANGE_DAYS} days; the default range is the "
    f"last {DEFAULT_RANGE_DAYS} days.",
)
def get_analytics(
    who: PrincipalDep,
    svc: ServicesDep,
    from_day: Annotated[date | None, Query(alias="from", description="First day (UTC), inclusive.")] = None,
    to_day: Annotated[
        date | None, Query(alias="to", description="Last day (UTC), inclusive; default today.")
    ] = None,
) -> AdminAnalytics:
    to_day = to_day or utcnow().date()
    from_day = from_day or to_day - timedelta(days=DEFAULT_RANGE_DAYS - 1)
    return analytics.admin_analytics(svc, who, from_day, to_day)
