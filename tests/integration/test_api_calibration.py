"""The camera-check calibration over REST: optional, validated, stored with the session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from local_platform.client import ApiClient

pytestmark = pytest.mark.integration

SAMPLES = Path(__file__).resolve().parents[2] / "events" / "api"
CALIBRATION = json.loads((SAMPLES / "calibration_request.json").read_text())
CREATE_CALIBRATED = json.loads((SAMPLES / "create_session_request_calibrated.json").read_text())
SPANS = json.loads((SAMPLES / "calibration_spans_request.json").read_text())


def test_calibration_is_optional_and_stored_with_the_session(alice: ApiClient) -> None:
    # Given a session created without calibration, Then it has none (the laptop defaults apply)
    sid = alice.create_session()["session_id"]
    assert alice.request("GET", f"/sessions/{sid}").json()["attention_calibration"] is None
    # When the camera check stores one, Then reading the session returns it
    r = alice.request("PUT", f"/sessions/{sid}/calibration", json=CALIBRATION)
    assert r.status_code == 200, r.text
    assert alice.request("GET", f"/sessions/{sid}").json()["attention_calibration"] == CALIBRATION
    # And a session can also be created with one
    created = alice.request("POST", "/sessions", json=CREATE_CALIBRATED)
    assert created.status_code == 201 and created.json()["attention_calibration"] == CALIBRATION


@pytest.mark.parametrize(
    ("calibration", "message"),
    [
        ({**CALIBRATION, "screen": {"yaw_deg": 0, "pitch_deg": 10}}, "below the camera"),
        ({**CALIBRATION, "camera": {"yaw_deg": 90, "pitch_deg": 0}}, "less than or equal to 60"),
        ({"camera": CALIBRATION["camera"]}, "Field required"),
        ({**SPANS, "camera_span_s": [0.8, 1.2]}, "must last 1-10 s"),
        ({**SPANS, "screen_span_s": [3.0, 6.0]}, "must not overlap"),
        ({"camera_span_s": [7000.0, 7003.0], "screen_span_s": [7204.0, 7207.0]}, "within the session"),
        ({**SPANS, **CALIBRATION}, "Extra inputs are not permitted"),
        ({"camera_span_s": SPANS["camera_span_s"]}, "Field required"),
    ],
)
def test_implausible_calibration_is_422_and_changes_nothing(
    alice: ApiClient, calibration: dict[str, object], message: str
) -> None:
    sid = alice.create_session()["session_id"]
    r = alice.request("PUT", f"/sessions/{sid}/calibration", json=calibration)
    assert r.status_code == 422, r.text
    assert message in r.text
    session = alice.request("GET", f"/sessions/{sid}").json()
    assert session["calibration_spans"] is None and session["attention_calibration"] is None


def test_another_users_session_cannot_be_calibrated(alice: ApiClient, bob: ApiClient) -> None:
    sid = alice.create_session()["session_id"]
    assert bob.request("PUT", f"/sessions/{sid}/calibration", json=CALIBRATION).status_code == 404
    assert alice.request("GET", f"/sessions/{sid}").json()["attention_calibration"] is None


def test_calibration_spans_are_stored_and_directions_replace_them(alice: ApiClient) -> None:
    # Given a session, When the interview page sends the seconds spent looking at the camera and screen
    sid = alice.create_session()["session_id"]
    r = alice.request("PUT", f"/sessions/{sid}/calibration", json=SPANS)
    assert r.status_code == 200, r.text
    # Then the session keeps the spans; the directions are read from the recording later
    session = alice.request("GET", f"/sessions/{sid}").json()
    assert session["calibration_spans"] == SPANS and session["attention_calibration"] is None
    # When directions are sent instead, Then they replace the spans
    alice.request("PUT", f"/sessions/{sid}/calibration", json=CALIBRATION)
    session = alice.request("GET", f"/sessions/{sid}").json()
    assert session["calibration_spans"] is None and session["attention_calibration"] == CALIBRATION
