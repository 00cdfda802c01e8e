"""Calibration spans are read into gaze directions once, when the segments covering them are analysed,
and stored on the session for the live nudges. Against the embedded AWS, with the pipeline's own code."""

from __future__ import annotations

from datetime import timedelta

import pytest
from session_items import requested_chunk

from interview_core.container import get_services
from interview_core.domain import Session, utcnow
from interview_core.feedback.fakes import fake_vision
from interview_core.services import live
from local_platform.client import ApiClient

pytestmark = pytest.mark.integration

SPANS = {"camera_span_s": [0.5, 2.5], "screen_span_s": [3.25, 4.9]}


def _request(sid: str, seq: int, offset_s: float) -> None:
    get_services().repos.chunks.request(
        requested_chunk(sid, seq, offset_s), expires_at=utcnow() + timedelta(days=1)
    )


def _settle(sid: str) -> Session:
    """What the record-analysis step does after each segment."""
    svc = get_services()
    session = svc.repos.sessions.get(sid)
    assert session is not None
    return live.settle_calibration(svc, session, svc.repos.chunks.snapshot(sid))


def test_spans_are_read_once_their_segments_are_analysed(alice: ApiClient) -> None:
    svc = get_services()
    sid = alice.create_session()["session_id"]
    assert alice.request("PUT", f"/sessions/{sid}/calibration", json=SPANS).status_code == 200
    # Given the calibration's segment (0-5 s) analysed: 3 s at the lens, then the screen 20 deg lower
    _request(sid, 0, 0.0)
    vision = fake_vision(5, eye=0.6).model_dump(mode="json")
    svc.repos.chunks.record_analysis(sid, 0, vision=vision, speech=None, errors={}, duration_s=5.0)

    # When no later segment is known yet, Then nothing is read (another may still cover the spans)
    assert _settle(sid).attention_calibration is None
    # When the first segment after the spans is requested, Then the directions are read and stored
    _request(sid, 1, 5.0)
    settled = _settle(sid)
    stored = alice.request("GET", f"/sessions/{sid}").json()
    assert settled.attention_calibration is not None
    assert stored["attention_calibration"] == settled.attention_calibration.model_dump(mode="json")
    assert stored["attention_calibration"]["camera"]["pitch_deg"] == 0.0
    assert stored["attention_calibration"]["screen"]["pitch_deg"] == -20.0
    assert stored["calibration_spans"] == SPANS


def test_spans_without_a_face_store_nothing(alice: ApiClient) -> None:
    svc = get_services()
    sid = alice.create_session()["session_id"]
    alice.request("PUT", f"/sessions/{sid}/calibration", json=SPANS)
    # Given the calibration's segment analysed without a face, and a later segment
    _request(sid, 0, 0.0)
    vision = fake_vision(5, face=0.0).model_dump(mode="json")
    svc.repos.chunks.record_analysis(sid, 0, vision=vision, speech=None, errors={}, duration_s=5.0)
    _request(sid, 1, 5.0)
    # When the step settles the calibration, Then nothing is stored: nudges keep the laptop defaults
    assert _settle(sid).attention_calibration is None
    assert alice.request("GET", f"/sessions/{sid}").json()["attention_calibration"] is None
