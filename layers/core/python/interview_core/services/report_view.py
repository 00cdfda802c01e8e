"""The report as a reader gets it: the stored report with the comments, and the owner's own ratings."""

from __future__ import annotations

from typing import Any

from interview_core.auth import Principal
from interview_core.container import Services
from interview_core.contracts.sharing import ReportView
from interview_core.feedback.html import with_comments
from interview_core.services import comments
from interview_core.services.reports import readable_report


def report_json(svc: Services, principal: Principal, session_id: str) -> ReportView:
    """A coach gets no `ratings`: they are the owner's votes on the report; sharing grants nothing else."""
    granted, record = readable_report(svc, principal, session_id)
    report: dict[str, Any] = svc.store.get_json(record.report_key)
    ratings = record.ratings if granted.access == "owner" else {}
    return ReportView.model_validate(
        {**report, "ratings": ratings, "comments": comments.of_session(svc, principal, granted)}
    )


def report_html(svc: Services, principal: Principal, session_id: str) -> str:
    """The HTML rendered at finalize, with its "Comments" section filled in."""
    granted, record = readable_report(svc, principal, session_id)
    html = svc.store.get_bytes(record.html_key or "").decode()
    return with_comments(html, comments.of_session(svc, principal, granted))
