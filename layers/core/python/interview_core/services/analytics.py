"""Admin analytics: a per-day aggregate bumped as sessions start, reports are built and reports are
rated, and read back for admins with small days suppressed.

Nothing here reads a user table: the report-building step and the rating endpoint add counters to the
day's item (`data.analytics`), and `summarize` only reads those items. The aggregate holds no user id.

Suppression, precisely: a day is published only when at least `MIN_GROUP_SESSIONS` sessions were
started that day AND at least that many reports were built for them; otherwise it is listed as
suppressed with every count withheld, and none of its counters enter the totals, distributions,
recommendations, ratings or model figures (so comparing two ranges cannot reveal it). Reports and
ratings count on the day their session started (`counted_on`), so a rating belongs to the same group
as the session it rates.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from interview_core.auth import Principal
from interview_core.container import Services
from interview_core.contracts.analytics import (
    MAX_RANGE_DAYS,
    MIN_GROUP_SESSIONS,
    AdminAnalytics,
    AnalyticsDay,
    AnalyticsTotals,
    Histogram,
    ModelStats,
    RatingIn,
    RatingTally,
    RecommendationStat,
)
from interview_core.contracts.report import Report
from interview_core.domain import Chunk, Role, Session, Window, WindowStatus
from interview_core.errors import ForbiddenError, UpstreamError, ValidationFailedError
from interview_core.observability import logger

COMPONENTS = ("overall", "delivery", "presence", "content")
_BINS = 10


def score_bin(score: float) -> int:
    """10-point bins 0..9; a perfect 100 falls in the last bin."""
    return min(int(score // 10), _BINS - 1)


# -- writing -------------------------------------------------------------------------------------------


def _model_counters(chunks: Iterable[Chunk], windows: Iterable[Window]) -> Counter[str]:
    c: Counter[str] = Counter()
    for chunk in chunks:
        for worker, result in (("vision", chunk.vision), ("speech", chunk.speech)):
            failed = worker in chunk.errors
            if result is None and not failed:
                continue
            c[f"model_runs:{worker}"] += 1
            c[f"model_failures:{worker}"] += int(failed)
            for stage, latency in ((result or {}).get("latency_ms") or {}).items():
                calls, ms = (
                    (latency["calls"], latency["total_ms"]) if isinstance(latency, dict) else (1, latency)
                )
                c[f"model_calls:{worker}.{stage}"] += calls
                c[f"model_ms:{worker}.{stage}"] += ms
    for window in windows:
        if window.status is WindowStatus.RUNNING:
            continue
        c["model_runs:transcribe"] += 1
        c["model_failures:transcribe"] += int(window.status is WindowStatus.FAILED)
        for stage, ms in ((window.transcript or {}).get("latency_ms") or {}).items():
            c[f"model_calls:transcribe.{stage}"] += 1
            c[f"model_ms:transcribe.{stage}"] += ms
    return c


def report_counters(report: Report, chunks: Iterable[Chunk], windows: Iterable[Window]) -> dict[str, float]:
    """What one built report adds to its day: counts, score bins, recommendation keys, model figures."""
    c: Counter[str] = Counter({"reports_built": 1, "interview_s": report.duration_s})
    if report.scores.overall is not None:
        c[f"score:overall:{score_bin(report.scores.overall)}"] += 1
    for component in (report.scores.delivery, report.scores.presence, report.scores.content):
        if component.value is not None:
            c[f"score:{component.name}:{score_bin(component.value)}"] += 1
        for metric in component.metrics:
            if metric.measured and metric.score is not None:
                c[f"metric:{metric.key}:{score_bin(metric.score)}"] += 1
    for rec in report.recommendations:
        c[f"rec:{rec.key}"] += 1
    c.update(_model_counters(chunks, windows))
    return dict(c)


def rating_counters(prefix: str, old: RatingIn | None, new: RatingIn) -> dict[str, float]:
    """The change a (re-)rating makes: the old vote is taken back, the new one counted."""
    c: Counter[str] = Counter()
    if old is not None:
        c[f"{prefix}{'useful' if old.useful else 'not_useful'}"] -= 1
    c[f"{prefix}{'useful' if new.useful else 'not_useful'}"] += 1
    return {k: v for k, v in c.items() if v}


def count(svc: Services, day: date, counters: Mapping[str, float]) -> None:
    """Add to the aggregate without failing the caller: the session, report or rating is already stored,
    and an error here would only make its client retry something that has happened."""
    try:
        svc.analytics.add(day, counters)
    except UpstreamError:
        logger.warning("analytics update lost", extra={"day": day.isoformat(), "counters": len(counters)})


def counted_on(session: Session) -> date:
    """The day a session's figures are counted on: the day it started, also for its report and ratings,
    so a day's completion rate compares the sessions started that day with their own reports (a session
    started before midnight and finished after it would otherwise count on two days)."""
    return session.created_at.date()


def session_started(svc: Services, session: Session) -> None:
    count(svc, counted_on(session), {"sessions_started": 1})


def report_built(
    svc: Services, session: Session, report: Report, chunks: Iterable[Chunk], windows: Iterable[Window]
) -> None:
    count(svc, counted_on(session), report_counters(report, chunks, windows))


# -- reading -------------------------------------------------------------------------------------------


def _published(counters: Mapping[str, float]) -> bool:
    return min(counters.get("sessions_started", 0), counters.get("reports_built", 0)) >= MIN_GROUP_SESSIONS


def _histograms(total: Counter[str], prefix: str) -> list[Histogram]:
    bins: dict[str, list[int]] = {}
    for name, value in total.items():
        if name.startswith(prefix):
            key, _, index = name.removeprefix(prefix).rpartition(":")
            bins.setdefault(key, [0] * _BINS)[int(index)] += int(value)
    return [Histogram(key=k, bins=b, count=sum(b)) for k, b in sorted(bins.items())]


def _named(total: Counter[str], prefix: str) -> dict[str, float]:
    return {k.removeprefix(prefix): v for k, v in total.items() if k.startswith(prefix)}


def _models(total: Counter[str]) -> list[ModelStats]:
    runs, failures = _named(total, "model_runs:"), _named(total, "model_failures:")
    calls, ms = _named(total, "model_calls:"), _named(total, "model_ms:")
    stats = [
        ModelStats(
            name=name,
            runs=int(runs.get(name, 0)),
            failures=int(failures.get(name, 0)),
            failure_rate=failures.get(name, 0) / runs[name] if runs.get(name) else None,
        )
        for name in sorted(runs)
    ]
    stats += [
        ModelStats(name=name, runs=int(n), failures=0, mean_latency_ms=ms.get(name, 0) / n)
        for name, n in sorted(calls.items())
        if n
    ]
    return stats


def summarize(from_day: date, to_day: date, by_day: Mapping[date, Mapping[str, float]]) -> AdminAnalytics:
    """The admin view of the days `from_day..to_day` (inclusive) from their counters."""
    days: list[AnalyticsDay] = []
    total: Counter[str] = Counter()
    day = from_day
    while day <= to_day:
        counters = by_day.get(day, {})
        if _published(counters):
            total.update(counters)
            days.append(
                AnalyticsDay(
                    day=day,
                    suppressed=False,
                    sessions_started=int(counters["sessions_started"]),
                    reports_built=int(counters["reports_built"]),
                    interview_minutes=round(counters.get("interview_s", 0) / 60, 1),
                )
            )
        else:
            days.append(AnalyticsDay(day=day, suppressed=True))
        day += timedelta(days=1)
    started, built = int(total["sessions_started"]), int(total["reports_built"])
    recs = _named(total, "rec:")
    return AdminAnalytics(
        from_day=from_day,
        to_day=to_day,
        days=days,
        totals=AnalyticsTotals(
            sessions_started=started,
            reports_built=built,
            interview_minutes=round(total["interview_s"] / 60, 1),
            completion_rate=round(built / started, 3) if started else None,
        ),
        scores=sorted(_histograms(total, "score:"), key=lambda h: COMPONENTS.index(h.key)),
        metrics=_histograms(total, "metric:"),
        recommendations=[
            RecommendationStat(
                key=key,
                count=int(n),
                useful=int(total[f"rec_{key}:useful"]),
                not_useful=int(total[f"rec_{key}:not_useful"]),
            )
            for key, n in sorted(recs.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        report_ratings=RatingTally(
            useful=int(total["report_useful"]), not_useful=int(total["report_not_useful"])
        ),
        models=_models(total),
    )


def admin_analytics(svc: Services, principal: Principal, from_day: date, to_day: date) -> AdminAnalytics:
    if Role.ADMIN.value not in principal.groups:
        raise ForbiddenError("admin analytics are for the admin group only")
    if to_day < from_day:
        raise ValidationFailedError("`to` is before `from`", field="to")
    span = (to_day - from_day).days + 1
    if span > MAX_RANGE_DAYS:
        raise ValidationFailedError(f"at most {MAX_RANGE_DAYS} days at a time", field="to")
    wanted = [from_day + timedelta(days=i) for i in range(span)]
    return summarize(from_day, to_day, svc.analytics.days(wanted))
