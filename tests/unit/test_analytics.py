"""The analytics aggregate: what a report and a rating add, and how days are published or suppressed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from interview_core.auth import Principal
from interview_core.contracts.analytics import MAX_RANGE_DAYS, MIN_GROUP_SESSIONS, RatingIn
from interview_core.contracts.report import Report
from interview_core.domain import Chunk, ChunkStatus, Window, WindowStatus, utcnow
from interview_core.errors import ForbiddenError, UpstreamError, ValidationFailedError
from interview_core.services import analytics

pytestmark = pytest.mark.unit
EVENTS = Path(__file__).resolve().parents[2] / "events"
REPORT = Report.model_validate_json((EVENTS / "report" / "report.json").read_text())
DAY = date(2026, 11, 2)


def _chunk(seq: int, *, vision: dict[str, Any] | None, errors: dict[str, str] | None = None) -> Chunk:
    return Chunk(
        session_id="s",
        seq=seq,
        key=f"k{seq}",
        content_type="video/webm",
        size_bytes=10,
        status=ChunkStatus.FAILED if errors else ChunkStatus.ANALYZED,
        vision=vision,
        speech={"latency_ms": {"vad": 4.0}},
        errors=errors or {},
        requested_at=utcnow(),
    )


def _day(sessions: int, reports: int, **extra: float) -> dict[str, float]:
    return {"sessions_started": sessions, "reports_built": reports, "interview_s": 60.0 * reports, **extra}


@pytest.mark.parametrize(("score", "expected"), [(0, 0), (9.99, 0), (10, 1), (78.6, 7), (99.9, 9), (100, 9)])
def test_scores_fall_in_ten_point_bins_with_100_in_the_last(score: float, expected: int) -> None:
    assert analytics.score_bin(score) == expected


def test_a_report_adds_its_scores_measured_metrics_and_recommendation_keys() -> None:
    c = analytics.report_counters(REPORT, [], [])
    assert c["reports_built"] == 1 and c["interview_s"] == pytest.approx(REPORT.duration_s)
    assert c["score:overall:7"] == 1 and c["score:delivery:6"] == 1 and c["score:presence:9"] == 1
    assert c["metric:pace_wpm:9"] == 1 and c["metric:fillers_per_100_words:0"] == 1
    assert not any(k.startswith("metric:star_coverage") for k in c)  # not measured: not counted
    assert {k for k in c if k.startswith("rec:")} == {f"rec:{r.key}" for r in REPORT.recommendations}
    assert not any(REPORT.session_id in k for k in c)


def test_model_runs_failures_and_latency_come_from_the_segments_and_windows() -> None:
    chunks = [
        _chunk(0, vision={"latency_ms": {"face": {"calls": 10, "total_ms": 50.0}}}),
        _chunk(1, vision=None, errors={"vision": "corrupt media"}),
    ]
    windows = [
        Window(
            session_id="s",
            window_index=0,
            answer_index=0,
            seqs=(0,),
            status=WindowStatus.DONE,
            transcript={"latency_ms": {"asr": 900.0}},
            created_at=utcnow(),
        ),
        Window(
            session_id="s",
            window_index=1,
            answer_index=0,
            seqs=(1,),
            status=WindowStatus.RUNNING,
            created_at=utcnow(),
        ),
    ]
    c = analytics.report_counters(REPORT, chunks, windows)
    assert (c["model_runs:vision"], c["model_failures:vision"]) == (2, 1)
    assert (c["model_calls:vision.face"], c["model_ms:vision.face"]) == (10, 50.0)
    assert (c["model_runs:speech"], c["model_calls:speech.vad"]) == (2, 2)
    assert (c["model_runs:transcribe"], c["model_ms:transcribe.asr"]) == (1, 900.0)  # running: not yet


def test_a_change_of_mind_takes_the_old_vote_back() -> None:
    yes, no = RatingIn(useful=True), RatingIn(useful=False)
    assert analytics.rating_counters("report_", None, yes) == {"report_useful": 1}
    assert analytics.rating_counters("report_", yes, no) == {"report_useful": -1, "report_not_useful": 1}
    assert analytics.rating_counters("report_", yes, yes) == {}


def test_a_day_under_the_group_size_is_suppressed_and_left_out_of_every_figure() -> None:
    # Given a full day, a day one report short, a day one started session short, and a day with nothing
    small = MIN_GROUP_SESSIONS - 1
    by_day = {
        DAY: _day(6, 5, **{"rec:pace_wpm": 3, "score:overall:7": 5, "report_useful": 2}),
        DAY + timedelta(days=1): _day(
            9, small, **{"rec:hedges": 9, "score:overall:2": 4, "report_useful": 1}
        ),
        DAY + timedelta(days=2): _day(small, 5, **{"rec:hedges": 9}),
    }
    # When the four days are summarized
    out = analytics.summarize(DAY, DAY + timedelta(days=3), by_day)
    # Then only the full day is published, and the others withhold every count
    assert [d.suppressed for d in out.days] == [False, True, True, True]
    assert all(d.sessions_started is None and d.reports_built is None for d in out.days[1:])
    assert (out.days[0].sessions_started, out.days[0].reports_built, out.days[0].interview_minutes) == (
        6,
        5,
        5.0,
    )
    # And no figure carries anything of the suppressed days
    assert (out.totals.sessions_started, out.totals.reports_built) == (6, 5)
    assert out.totals.completion_rate == pytest.approx(5 / 6, abs=1e-3)
    assert [(r.key, r.count) for r in out.recommendations] == [("pace_wpm", 3)]
    assert [(h.key, h.bins[7], h.count) for h in out.scores] == [("overall", 5, 5)]
    assert out.report_ratings.useful == 2


def test_nothing_published_means_empty_figures_not_errors() -> None:
    out = analytics.summarize(DAY, DAY, {})
    assert out.days[0].suppressed and out.totals.reports_built == 0 and out.totals.completion_rate is None
    assert out.scores == [] and out.models == []


def test_recommendations_are_most_common_first_with_their_ratings() -> None:
    counters = _day(5, 5, **{"rec:a": 1, "rec:b": 4, "rec_b:useful": 2, "rec_b:not_useful": 1})
    out = analytics.summarize(DAY, DAY, {DAY: counters})
    assert [(r.key, r.count, r.useful, r.not_useful) for r in out.recommendations] == [
        ("b", 4, 2, 1),
        ("a", 1, 0, 0),
    ]


class _Aggregate:
    def __init__(self) -> None:
        self.asked: list[date] = []

    def days(self, days: list[date]) -> dict[date, dict[str, float]]:
        self.asked = days
        return {}


def _svc() -> Any:
    return SimpleNamespace(analytics=_Aggregate())


ADMIN = Principal(user_id="a", groups=("admin",), username="a")


def test_only_the_admin_group_reads_analytics() -> None:
    for groups in [(), ("candidate",), ("coach",)]:
        with pytest.raises(ForbiddenError):
            analytics.admin_analytics(_svc(), Principal("u", groups, "u"), DAY, DAY)
    svc = _svc()
    analytics.admin_analytics(svc, ADMIN, DAY, DAY + timedelta(days=MAX_RANGE_DAYS - 1))
    assert len(svc.analytics.asked) == MAX_RANGE_DAYS


@pytest.mark.parametrize("span", [MAX_RANGE_DAYS + 1, -1])
def test_a_range_too_long_or_backwards_is_refused(span: int) -> None:
    with pytest.raises(ValidationFailedError):
        analytics.admin_analytics(_svc(), ADMIN, DAY, DAY + timedelta(days=span - 1 if span > 0 else span))


class _DownAggregate:
    def add(self, day: date, counters: dict[str, float]) -> None:
        raise UpstreamError("analytics update failed")


def test_a_failed_aggregate_update_does_not_fail_what_was_already_stored() -> None:
    # Given an aggregate that cannot be written
    svc: Any = SimpleNamespace(analytics=_DownAggregate())
    # When a session starts and a report is built, then neither caller sees an error
    session: Any = SimpleNamespace(created_at=datetime(2026, 11, 2, 10, tzinfo=UTC))
    analytics.session_started(svc, session)
    analytics.report_built(svc, session, REPORT, [], [])


class _RecordedAggregate:
    def __init__(self) -> None:
        self.added: list[tuple[date, dict[str, float]]] = []

    def add(self, day: date, counters: dict[str, float]) -> None:
        self.added.append((day, dict(counters)))


def test_a_session_across_midnight_counts_its_report_on_the_day_it_started() -> None:
    # Given a session started a minute before midnight
    svc: Any = SimpleNamespace(analytics=_RecordedAggregate())
    session: Any = SimpleNamespace(created_at=datetime(2026, 11, 2, 23, 59, tzinfo=UTC))
    # When it starts and its report is built after midnight
    analytics.session_started(svc, session)
    analytics.report_built(svc, session, REPORT, [], [])
    # Then both count on the day it started: that day's completion cannot pass 100%
    assert [day for day, _ in svc.analytics.added] == [DAY, DAY]
