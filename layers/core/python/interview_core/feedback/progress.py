"""Progress over sessions (`GET /v1/users/me/progress`) from stored report summaries.

Trend per component: the ordinary least-squares slope of the score against the session number
(0, 1, 2, ... oldest first, sessions where the component was not measured skipped), in points per
session. At least `MIN_SESSIONS` measured sessions are needed; |slope| < `STEADY_SLOPE` is steady.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Literal

from interview_core.contracts.report import ComponentTrend, ProgressPoint, ProgressReport, TrendDirection

__all__ = ["MIN_SESSIONS", "STEADY_SLOPE", "build_progress", "slope"]

MIN_SESSIONS = 3
STEADY_SLOPE = 1.5
COMPONENTS: tuple[Literal["overall", "delivery", "presence", "content"], ...] = (
    "overall", "delivery", "presence", "content",
)  # fmt: skip
METHOD = (
    f"Least-squares slope of the score against session number (oldest first), points per session; "
    f"needs {MIN_SESSIONS}+ sessions with the component measured; within ±{STEADY_SLOPE} is steady."
)


def slope(values: Sequence[float]) -> float:
    n = len(values)
    mean_x, mean_y = (n - 1) / 2, sum(values) / n
    den = sum((i - mean_x) ** 2 for i in range(n))
    return sum((i - mean_x) * (v - mean_y) for i, v in enumerate(values)) / den if den else 0.0


def _point(s: Mapping[str, Any]) -> ProgressPoint:
    scores = s.get("scores") if isinstance(s.get("scores"), Mapping) else {}
    get = lambda k: s.get(k, scores.get(k) if scores else None)  # noqa: E731
    created = s["created_at"]
    return ProgressPoint(
        session_id=str(s["session_id"]),
        created_at=created if isinstance(created, datetime) else datetime.fromisoformat(str(created)),
        role=s.get("role"), overall=get("overall"), delivery=get("delivery"),
        presence=get("presence"), content=get("content"),
    )  # fmt: skip


def build_progress(summaries: Sequence[Mapping[str, Any]]) -> ProgressReport:
    """`summaries`: `Report.summary()` dicts (or any with session_id, created_at and the four scores)."""
    points = sorted((_point(s) for s in summaries), key=lambda p: p.created_at)
    trends: list[ComponentTrend] = []
    for comp in COMPONENTS:
        vals = [v for p in points if (v := getattr(p, comp)) is not None]
        direction: TrendDirection = "not_enough_data"
        k: float | None = None
        if len(vals) >= MIN_SESSIONS:
            k = round(slope(vals), 2)
            direction = "improving" if k >= STEADY_SLOPE else "declining" if k <= -STEADY_SLOPE else "steady"
        trends.append(ComponentTrend(
            component=comp, direction=direction, slope_per_session=k, sessions=len(vals),
            latest=vals[-1] if vals else None, best=max(vals) if vals else None, method=METHOD,
        ))  # fmt: skip
    return ProgressReport(sessions=points, trends=trends)
