"""The candidate's ratings of their report and its recommendations: stored with the report record and
counted in the analytics aggregate (a changed vote is taken back before the new one counts)."""

from __future__ import annotations

from typing import Any

from interview_core.auth import Principal
from interview_core.container import Services
from interview_core.contracts.analytics import Rating, RatingIn, ReportRatings
from interview_core.domain import utcnow
from interview_core.errors import NotFoundError
from interview_core.services import access, analytics
from interview_core.services.reports import report_record


def _rate(
    svc: Services, principal: Principal, session_id: str, rank: int | None, body: RatingIn
) -> ReportRatings:
    session = access.owned(svc, principal, session_id)  # ratings are the owner's alone
    record = report_record(svc, session)
    prefix = "report_"
    if rank is not None:
        report: dict[str, Any] = svc.store.get_json(record.report_key)
        keys = {r["rank"]: r["key"] for r in report.get("recommendations", [])}
        if rank not in keys:
            raise NotFoundError("the report has no recommendation of this rank", field="rank")
        prefix = f"rec_{keys[rank]}:"
    rating = Rating(useful=body.useful, comment=body.comment or None, rated_at=utcnow())
    old, ratings = svc.repos.reports.rate(session_id, None if rank is None else str(rank), rating)
    analytics.count(svc, analytics.counted_on(session), analytics.rating_counters(prefix, old, rating))
    return ratings


def rate_report(svc: Services, principal: Principal, session_id: str, body: RatingIn) -> ReportRatings:
    return _rate(svc, principal, session_id, None, body)


def rate_recommendation(
    svc: Services, principal: Principal, session_id: str, rank: int, body: RatingIn
) -> ReportRatings:
    return _rate(svc, principal, session_id, rank, body)
