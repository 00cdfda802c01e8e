"""Build, store and announce a session's report (the finalize state machine's BuildReport step)."""

from __future__ import annotations

from typing import Any

from interview_core import metric_names
from interview_core.auth import Principal
from interview_core.container import Services
from interview_core.contracts.report import ProgressReport
from interview_core.contracts.ws import ReportReady
from interview_core.domain import ReportRecord, Session, SessionStatus, utcnow
from interview_core.errors import ReportNotReadyError, SessionGoneError
from interview_core.feedback import SessionData, build_progress, build_report, render_html
from interview_core.observability import MetricUnit, metrics
from interview_core.services import access, analytics
from interview_core.services.access import SessionAccess
from interview_core.services.recording import join_request
from interview_core.services.sessions import discard_if_gone
from interview_core.storage import report_key


def build_and_store(svc: Services, event: dict[str, Any]) -> dict[str, Any]:
    session_id = event["session_id"]
    session = svc.repos.sessions.get(session_id)
    if session is None or session.status is SessionStatus.DELETING:
        raise SessionGoneError("session not found", session_id=session_id)
    items = svc.repos.chunks.snapshot(session_id)
    data = SessionData.from_domain(session, items.chunks, items.windows, bank=svc.bank)
    report = build_report(data, analyzer=svc.content_analyzer)
    retention = session.consent.retention_days
    key, html_key = report_key(session_id), report_key(session_id, "html")
    svc.store.put_json(key, report.model_dump(mode="json"), retention_days=retention)
    svc.store.put_bytes(html_key, render_html(report).encode(), "text/html; charset=utf-8", retention)
    record = ReportRecord(
        session_id=session_id,
        owner_id=session.owner_id,
        created_at=utcnow(),
        report_key=key,
        html_key=html_key,
        summary=report.summary(),
    )
    # A retried step counts once and keeps the ratings.
    previous = svc.repos.reports.get(session_id)
    if previous is not None:
        record = record.model_copy(update={"ratings": previous.ratings, "created_at": previous.created_at})
    try:
        svc.repos.reports.put(record, expires_at=session.expires_at)
    except SessionGoneError:
        discard_if_gone(svc, session_id)  # deleted while the report was built: remove what was stored
        raise
    if previous is None:
        analytics.report_built(svc, session, report, items.chunks, items.windows)
    if session.status is not SessionStatus.COMPLETE:
        svc.repos.sessions.transition(
            session, SessionStatus.COMPLETE, [SessionStatus.ENDING, SessionStatus.LIVE]
        )
    svc.notifier.send_to_session(session_id, ReportReady(session_id=session_id).model_dump(mode="json"))
    metrics.add_metric(name=metric_names.REPORTS_BUILT, unit=MetricUnit.Count, value=1)
    if session.ended_at:
        end_to_report = (utcnow() - session.ended_at).total_seconds()
        metrics.add_metric(name=metric_names.END_TO_REPORT, unit=MetricUnit.Seconds, value=end_to_report)
    return {
        "report_key": key,
        "owner_id": session.owner_id,
        **join_request(svc.store.bucket, session, items.chunks),
    }


def report_record(svc: Services, session: Session) -> ReportRecord:
    record = svc.repos.reports.get(session.session_id)
    if record is None:
        raise ReportNotReadyError("the report is not ready yet", session_id=session.session_id)
    return record


def readable_report(
    svc: Services, principal: Principal, session_id: str
) -> tuple[SessionAccess, ReportRecord]:
    """The report record of a session the caller may read (the owner, or a coach), with that access."""
    granted = access.readable(svc, principal, session_id)
    return granted, report_record(svc, granted.session)


def progress(svc: Services, principal: Principal) -> ProgressReport:
    return build_progress(
        [r.summary for r in svc.repos.reports.list_by_owner(principal.user_id) if r.summary]
    )
