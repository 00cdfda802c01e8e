"""Report ratings (`PUT /v1/sessions/{id}/report/rating`, `.../recommendations/{rank}/rating`) and the
admin analytics (`GET /v1/admin/analytics`).

The analytics carry no user ids, emails, transcripts or media: only per-day counters, and a day with
fewer than `MIN_GROUP_SESSIONS` sessions is returned as suppressed with every count withheld.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from interview_core.contracts.base import Contract

__all__ = [
    "MAX_RANGE_DAYS",
    "MAX_RATING_COMMENT",
    "MIN_GROUP_SESSIONS",
    "AdminAnalytics",
    "AnalyticsDay",
    "AnalyticsTotals",
    "Histogram",
    "ModelStats",
    "Rating",
    "RatingIn",
    "RatingTally",
    "RecommendationStat",
    "ReportRatings",
]

MIN_GROUP_SESSIONS = 5
MAX_RANGE_DAYS = 92
MAX_RATING_COMMENT = 1000


class RatingIn(Contract):
    useful: bool
    comment: str | None = Field(default=None, max_length=MAX_RATING_COMMENT)


class Rating(RatingIn):
    rated_at: datetime


class ReportRatings(Contract):
    """The candidate's own ratings of the report and of its recommendations (keyed by rank)."""

    report: Rating | None = None
    recommendations: dict[str, Rating] = Field(default_factory=dict, description='Keyed by rank ("1").')


class Histogram(Contract):
    """Counts in fixed 10-point bins: `bins[i]` counts scores in [10*i, 10*i+10) (100 falls in the last)."""

    key: str
    bins: list[int] = Field(min_length=10, max_length=10)
    count: int = Field(ge=0)


class RecommendationStat(Contract):
    key: str = Field(description="The metric the recommendation addresses.")
    count: int = Field(ge=0)
    useful: int = Field(ge=0)
    not_useful: int = Field(ge=0)


class RatingTally(Contract):
    useful: int = Field(ge=0)
    not_useful: int = Field(ge=0)


class ModelStats(Contract):
    """One model or pipeline stage: how often it ran, failed, and its mean compute time per call."""

    name: str
    runs: int = Field(ge=0)
    failures: int = Field(ge=0)
    failure_rate: float | None = Field(default=None, ge=0, le=1)
    mean_latency_ms: float | None = Field(default=None, ge=0)


class AnalyticsDay(Contract):
    day: date
    suppressed: bool = Field(description=f"Fewer than {MIN_GROUP_SESSIONS} sessions: counts withheld.")
    sessions_started: int | None = None
    reports_built: int | None = None
    interview_minutes: float | None = None


class AnalyticsTotals(Contract):
    """Over the days that are not suppressed only (so no difference of two ranges reveals a small day)."""

    sessions_started: int = Field(ge=0)
    reports_built: int = Field(ge=0)
    interview_minutes: float = Field(ge=0)
    completion_rate: float | None = Field(default=None, ge=0, description="Reports built / sessions started.")


class AdminAnalytics(Contract):
    from_day: date
    to_day: date
    min_group_sessions: int = MIN_GROUP_SESSIONS
    days: list[AnalyticsDay]
    totals: AnalyticsTotals
    scores: list[Histogram] = Field(default_factory=list, description="overall, delivery, presence, content.")
    metrics: list[Histogram] = Field(default_factory=list, description="Per metric score, by metric key.")
    recommendations: list[RecommendationStat] = Field(default_factory=list, description="Most common first.")
    report_ratings: RatingTally
    models: list[ModelStats] = Field(default_factory=list)
