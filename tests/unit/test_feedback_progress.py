"""Progress: trends over sessions from stored report summaries."""

import pytest

from interview_core.feedback import build_progress

pytestmark = pytest.mark.unit


def summaries(overall, delivery, presence, content):
    return [
        {"session_id": f"s{i}", "created_at": f"2025-01-0{i + 1}T10:00:00+00:00", "overall": o,
         "delivery": d, "presence": p, "content": c}
        for i, (o, d, p, c) in enumerate(zip(overall, delivery, presence, content, strict=True))
    ]  # fmt: skip


def test_three_sessions_show_improving_declining_and_steady():
    # Given three sessions where delivery rises, presence falls and content holds
    data = summaries([60, 66, 72], [50, 60, 70], [90, 80, 70], [70, 71, 70])
    # When building progress (given newest first, as a table query might return them)
    progress = build_progress(list(reversed(data)))
    trends = {t.component: t for t in progress.trends}
    # Then sessions are oldest first and trends read from the least-squares slope
    assert [p.session_id for p in progress.sessions] == ["s0", "s1", "s2"]
    assert trends["delivery"].direction == "improving" and trends["delivery"].slope_per_session == 10
    assert trends["presence"].direction == "declining" and trends["presence"].slope_per_session == -10
    assert trends["content"].direction == "steady"
    assert trends["overall"].direction == "improving" and trends["overall"].latest == 72
    assert "slope" in trends["overall"].method


def test_unmeasured_components_and_too_few_sessions():
    # Given two sessions, presence never measured
    progress = build_progress(summaries([60, 70], [60, 70], [None, None], [60, 70]))
    trends = {t.component: t for t in progress.trends}
    # Then no trend is claimed
    assert trends["overall"].direction == "not_enough_data"
    assert trends["presence"].sessions == 0 and trends["presence"].latest is None
