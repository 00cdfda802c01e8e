"""A session being deleted accepts no write from any component (each is a DynamoDB transaction
with a condition on the session), and a pipeline step that finishes after the deletion removes
what its workers stored. Run against the embedded AWS, with the components' own code."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from session_items import requested_chunk, running_window

from interview_core.auth import Principal
from interview_core.container import get_services
from interview_core.domain import ChunkStatus, Consent, ReportRecord, utcnow
from interview_core.errors import NotFoundError, SessionGoneError
from interview_core.services import pipeline
from interview_core.services.sessions import create_session
from interview_core.storage import analysis_key
from local_platform.client import ApiClient

pytestmark = pytest.mark.integration


def test_no_component_can_write_to_a_session_being_deleted(alice: ApiClient) -> None:
    # Given a session with one requested segment, then marked for deletion
    svc = get_services()
    sid = alice.create_session()["session_id"]
    later = utcnow() + timedelta(days=1)
    svc.repos.chunks.request(requested_chunk(sid, 0), expires_at=later)
    svc.repos.sessions.mark_deleting(sid)
    window = running_window(sid)
    record = ReportRecord(session_id=sid, owner_id="x", created_at=utcnow(), report_key="k")
    writes = {
        "ingest: request": lambda: svc.repos.chunks.request(requested_chunk(sid, 1), expires_at=later),
        "ingest: accept": lambda: svc.repos.chunks.accept(sid, 0, "etag"),
        "pipeline: record analysis": lambda: svc.repos.chunks.record_analysis(
            sid, 0, vision=None, speech=None, errors={}, duration_s=1.0
        ),
        "pipeline: claim window": lambda: svc.repos.chunks.claim_window(window, expires_at=later),
        "pipeline: finish window": lambda: svc.repos.chunks.finish_window(sid, 0, {}, None),
        "finalize: report": lambda: svc.repos.reports.put(record, expires_at=later),
    }
    # When each component writes, then each is refused and nothing new is stored
    for name, write in writes.items():
        with pytest.raises(SessionGoneError):
            write()
            pytest.fail(f"{name} was written")
    items = svc.repos.chunks.snapshot(sid)
    assert [c.status for c in items.chunks] == [ChunkStatus.REQUESTED] and items.windows == []
    assert svc.repos.reports.get(sid) is None
    # And the session is invisible to its owner meanwhile
    assert alice.request("GET", f"/sessions/{sid}").status_code == 404


def test_a_step_finishing_after_the_delete_removes_what_its_workers_stored(alice: ApiClient) -> None:
    # Given a session deleted while a worker was still storing its detail
    svc = get_services()
    sid = alice.create_session()["session_id"]
    assert alice.request("DELETE", f"/sessions/{sid}").status_code == 204
    detail = analysis_key(sid, "vision", "chunk-000000")
    svc.store.put_json(detail, {"late": True})
    # When the step after the worker runs
    event: dict[str, Any] = {
        "session_id": sid,
        "segment": {"seq": 0},
        "results": [{"detail_key": detail}, {}],
    }
    result = pipeline.record_analysis(svc, event)
    # Then it writes nothing and the late object is gone
    assert result["status"] == "deleted"
    assert svc.store.head(detail) is None


def test_a_deleted_account_cannot_create_a_session(alice: ApiClient) -> None:
    svc = get_services()
    token = alice.access_token or ""
    user_id = svc.verifier.verify(token).user_id
    svc.repos.users.mark_deleted(user_id, timedelta(hours=1))
    # A request that authenticated a moment before the deletion still cannot create a session
    who = Principal(user_id=user_id, groups=(), username=user_id)
    with pytest.raises(NotFoundError):
        create_session(svc, who, "general", None, Consent(recording=True, analysis=True, retention_days=7))


def test_nudges_are_claimed_at_most_once_per_gap(alice: ApiClient) -> None:
    """The nudge stamp is an atomic conditional write on a versioned item (it used to never succeed)."""
    repo = get_services().repos.sessions
    sid = alice.create_session()["session_id"]
    assert repo.claim_nudge(sid, 10.0, 30.0)
    assert not repo.claim_nudge(sid, 20.0, 30.0)
    assert repo.claim_nudge(sid, 41.0, 30.0)
    assert repo.last_nudge_at(sid) == 41.0
