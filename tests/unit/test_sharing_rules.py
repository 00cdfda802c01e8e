"""Sharing and comments, the pure parts: which sessions a share grants, what a comment or a display
name may contain, and the comments section filled into the stored HTML report."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from interview_core.contracts.api import DisplayNameIn
from interview_core.contracts.report import Report
from interview_core.contracts.sharing import Comment, CommentIn, ShareIn
from interview_core.domain import Consent, Session, SessionStatus, Share
from interview_core.feedback.html import COMMENTS_MARKER, render_html, with_comments

pytestmark = pytest.mark.unit
SAMPLE = Path(__file__).parents[2] / "events" / "report" / "report.json"
T0 = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)


def _session(session_id: str, owner_id: str = "owner", created_at: datetime = T0) -> Session:
    return Session(
        session_id=session_id,
        owner_id=owner_id,
        role="general",
        questions=(),
        consent=Consent(recording=True, analysis=True, retention_days=30),
        status=SessionStatus.COMPLETE,
        created_at=created_at,
    )


def _share(include_future: bool, session_ids: set[str]) -> Share:
    return Share(
        share_id="s",
        owner_id="owner",
        email="coach@example.com",
        include_future=include_future,
        created_at=T0,
        session_ids=frozenset(session_ids),
    )


def test_a_session_share_grants_that_session_only() -> None:
    share = _share(False, {"a"})
    assert share.grants(_session("a"))
    assert not share.grants(_session("b", created_at=T0 + timedelta(days=1)))


def test_an_include_future_share_grants_its_sessions_and_later_ones_of_the_same_owner() -> None:
    share = _share(True, {"made-from"})
    assert share.grants(_session("made-from", created_at=T0 - timedelta(days=3)))
    assert share.grants(_session("later", created_at=T0 + timedelta(seconds=1)))
    assert not share.grants(_session("earlier", created_at=T0 - timedelta(seconds=1)))
    assert not share.grants(_session("later", owner_id="someone-else", created_at=T0 + timedelta(days=1)))


def test_a_share_email_is_lower_cased_and_validated() -> None:
    assert ShareIn(email="Coach.Morgan@Example.COM").email == "coach.morgan@example.com"
    for bad in ("coach", "a@b", "x" * 250 + "@example.com"):
        with pytest.raises(ValidationError):
            ShareIn(email=bad)


def test_a_comment_is_trimmed_keeps_newlines_and_refuses_other_controls() -> None:
    assert CommentIn(t_s=3, text="  first line\r\nsecond  ").text == "first line\nsecond"
    for text in ("", " \n ", "x" * 2001, "tab\there", "bell\u0007"):
        with pytest.raises(ValidationError):
            CommentIn(t_s=1.0, text=text)
    for t_s in (-0.1, float("inf"), float("nan")):
        with pytest.raises(ValidationError):
            CommentIn(t_s=t_s, text="ok")


def test_a_display_name_allows_no_control_character() -> None:
    assert DisplayNameIn(display_name="  Sam Rivera ").display_name == "Sam Rivera"
    for name in ("", "x" * 61, "Sam\nRivera", "Sam\tRivera"):
        with pytest.raises(ValidationError):
            DisplayNameIn(display_name=name)


def _comment(t_s: float, author: str, text: str) -> Comment:
    return Comment(comment_id="c", author_name=author, t_s=t_s, text=text, created_at=T0, mine=False)


def test_the_stored_report_gets_its_comments_escaped_in_place_of_the_marker() -> None:
    # Given the report rendered at finalize, which holds the marker once
    html = render_html(Report.model_validate(json.loads(SAMPLE.read_text())))
    assert html.count(COMMENTS_MARKER) == 1
    # When it is read with two comments
    filled = with_comments(html, [_comment(75.4, "Coach <M>", "<script>x()</script>\nline two & more")])
    # Then a Comments section shows the time as m:ss, the author and the text, all escaped
    section = filled[filled.index('id="h-comments"') :]
    assert "1:15" in section and "Coach &lt;M&gt;" in section
    assert "&lt;script&gt;x()&lt;/script&gt;\nline two &amp; more" in section
    assert "<script" not in filled and COMMENTS_MARKER not in filled


def test_a_report_without_comments_has_no_comments_section() -> None:
    html = render_html(Report.model_validate(json.loads(SAMPLE.read_text())))
    assert "h-comments" not in with_comments(html, [])
