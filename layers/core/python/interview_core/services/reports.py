"""Build, store and announce a session's report (the finalize state machine's BuildReport step)."""

from __future__ import annotations

from typing import Any

from interview_core.container import Services
from interview_core.contracts.ws import ReportReady
from interview_core.domain import ReportRecord, SessionStatus, utcnow
from interview_core.errors import NotFoundError
from interview_core.storage import report_key


def _basic_report(session: Any, chunks: list[Any], windows: list[Any]) -> dict[str, Any]:
    analysed = [c for c in chunks if c.status.value == "analyzed"]
    return {
        "session_id": session.session_id,
        "duration_s": round(sum(c.duration_s or 0.0 for c in analysed), 2),
        "segments": {"analyzed": len(analysed), "failed": sum(c.status.value == "failed" for c in chunks)},
        "windows": len(windows),
    }


def build_report(svc: Services, event: dict[str, Any]) -> dict[str, Any]:
    session_id = event["session_id"]
    session = svc.repos.sessions.get(session_id)
    if session is None:
        raise NotFoundError("session not found", session_id=session_id)
    chunks = svc.repos.chunks.chunks(session_id)
    windows = svc.repos.chunks.windows(session_id)
    report = _basic_report(session, chunks, windows)
    key = report_key(session_id)
    svc.store.put_json(key, report, retention_days=session.consent.retention_days)
    record = ReportRecord(
        session_id=session_id, owner_id=session.owner_id, created_at=utcnow(), report_key=key, summary={}
    )
    svc.repos.reports.put(record, expires_at=session.expires_at)
    if session.status is not SessionStatus.COMPLETE:
        svc.repos.sessions.transition(
            session, SessionStatus.COMPLETE, [SessionStatus.ENDING, SessionStatus.LIVE]
        )
    svc.notifier.send_to_session(session_id, ReportReady(session_id=session_id).model_dump(mode="json"))
    return {"report_key": key, "owner_id": session.owner_id}
