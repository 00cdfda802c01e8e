"""The finalize check waits for the answer's last window even when it reads the session between that
segment's analysis and its window's claim (a race the real-browser tests hit: the report said "No
transcript was produced" for an answer that was transcribed a moment later). Against the embedded AWS,
with the pipeline's own code."""

from __future__ import annotations

from datetime import timedelta

import pytest
from session_items import requested_chunk, running_window

from interview_core.container import get_services
from interview_core.domain import Session, SessionStatus, utcnow
from interview_core.feedback.fakes import fake_speech
from interview_core.services import pipeline
from local_platform.client import ApiClient

pytestmark = pytest.mark.integration
LATER = timedelta(days=1)  # the items' expiry: after the test


def _new_session(api: ApiClient) -> Session:
    session = get_services().repos.sessions.get(api.create_session()["session_id"])
    assert session is not None
    return session


def test_an_analysed_segment_no_window_covers_yet_is_still_pending(alice: ApiClient) -> None:
    svc, session = get_services(), _new_session(alice)
    sid, later = session.session_id, utcnow() + LATER
    # Given the answer's last segment just analysed, with speech, and its window not claimed yet
    svc.repos.chunks.request(requested_chunk(sid, 0), expires_at=later)
    speech = fake_speech(0.0, 4.0).model_dump(mode="json")
    svc.repos.chunks.record_analysis(sid, 0, vision=None, speech=speech, errors={}, duration_s=4.0)
    # Then the segment is pending: the caller that recorded it is about to plan its window
    assert pipeline._pending(svc, session) == ([0], [])
    # When that window is claimed, Then the window is what is pending, until it is finished
    window = running_window(sid)
    assert svc.repos.chunks.claim_window(window, expires_at=later)
    assert pipeline._pending(svc, session) == ([], [0])
    svc.repos.chunks.finish_window(sid, 0, {}, None)
    assert pipeline._pending(svc, session) == ([], [])


def test_a_segment_never_uploaded_does_not_hold_back_the_rest_of_its_answer(alice: ApiClient) -> None:
    svc, created = get_services(), _new_session(alice)
    sid, later = created.session_id, utcnow() + LATER
    ended = created.model_copy(update={"status": SessionStatus.ENDING})
    # Given an answer of three segments whose middle one was requested and never uploaded (the browser
    # lost its connection), and the session ended longer ago than uploads in flight are waited for
    speech = fake_speech(0.0, 4.0).model_dump(mode="json")
    for seq in (0, 1, 2):
        chunk = requested_chunk(sid, seq, offset_s=4.0 * seq)
        if seq == 1:
            chunk = chunk.model_copy(update={"requested_at": utcnow() - pipeline.UNCONFIRMED_GRACE})
        svc.repos.chunks.request(chunk, expires_at=later)
    for seq in (0, 2):
        svc.repos.chunks.record_analysis(sid, seq, vision=None, speech=speech, errors={}, duration_s=4.0)
    # When the finalize check plans the answer's windows
    started = pipeline.plan_and_start_windows(svc, ended)
    # Then the segments on either side of the lost one are transcribed, and nothing waits for it
    windows = svc.repos.chunks.snapshot(sid).windows
    assert sorted(seq for w in windows for seq in w.seqs) == [0, 2]
    assert pipeline._pending(svc, ended) == ([], started)
    # while a segment requested a moment ago is still waited for, and the answer is not cut before it
    fresh = requested_chunk(sid, 3, offset_s=12.0)
    svc.repos.chunks.request(fresh, expires_at=later)
    assert pipeline._pending(svc, ended)[0] == [3]
