"""Calibration sent as spans of the recording: validated at the edge, read from the gaze measured in
them (from the camera dot alone when the screen's can not be trusted), kept out of answer 1, and replaced
by the laptop defaults (with a note) when it cannot be read."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from interview_core.analysis.attention import resolve_calibration
from interview_core.contracts.api import CalibrationIn, CalibrationSpansIn
from interview_core.contracts.vision import CalibrationSpans, GazeTrack
from interview_core.feedback import build_report
from interview_core.feedback.build import CALIBRATION_FALLBACK_NOTE, CAMERA_DOT_ONLY_NOTE
from interview_core.feedback.fakes import fake_session, fake_vision
from interview_core.feedback.html import render_html

pytestmark = pytest.mark.unit

SPANS = {"camera_span_s": [0.5, 2.5], "screen_span_s": [3.25, 4.9]}


def _track(*parts: tuple[float, tuple[float | None, float | None]]) -> GazeTrack:
    """0.25 s samples: (seconds, (yaw, pitch)) parts one after the other; head yaw follows the gaze."""
    yaw: list[float | None] = []
    pitch: list[float | None] = []
    for seconds, (y, p) in parts:
        n = round(seconds / 0.25)
        yaw += [y] * n
        pitch += [p] * n
    return GazeTrack(step_s=0.25, yaw_deg=yaw, pitch_deg=pitch, head_yaw_deg=list(yaw))


@pytest.mark.parametrize(
    ("spans", "message"),
    [
        ({"camera_span_s": [0.5, 1.0], "screen_span_s": [3, 6]}, "camera span must last 1-10 s"),
        ({"camera_span_s": [0, 3], "screen_span_s": [3, 14]}, "screen span must last 1-10 s"),
        ({"camera_span_s": [0, 3], "screen_span_s": [2, 5]}, "must not overlap"),
        ({"camera_span_s": [-1, 2], "screen_span_s": [3, 6]}, "start at 0 s or later"),
        ({"camera_span_s": [3, 1], "screen_span_s": [4, 6]}, "end after it starts"),
    ],
)
def test_implausible_spans_are_refused_with_the_reason(spans: dict[str, list[float]], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        CalibrationSpans.model_validate(spans)


def test_the_request_is_either_directions_or_spans_never_both() -> None:
    request: TypeAdapter[CalibrationIn] = TypeAdapter(CalibrationIn)
    # Given spans alone, Then they are spans; given directions alone, Then directions
    assert isinstance(request.validate_python(SPANS), CalibrationSpansIn)
    directions = {"camera": {"yaw_deg": 0, "pitch_deg": 0}, "screen": {"yaw_deg": 0, "pitch_deg": -18}}
    assert not isinstance(request.validate_python(directions), CalibrationSpans)
    # Given both, or a misspelt field, Then it is refused
    for body in ({**SPANS, **directions}, {**SPANS, "camera_span": [0, 2]}):
        with pytest.raises(ValidationError):
            request.validate_python(body)


def test_the_calibration_is_read_from_the_gaze_in_the_spans() -> None:
    # Given a segment at 10 s: looking at the lens 10-13 s, then at the screen (28 deg lower) 13-16 s,
    # and a glance away between them (outside both spans)
    track = _track((3, (2.0, -6.0)), (0.5, (40.0, 0.0)), (2.5, (1.0, -34.0)))
    spans = CalibrationSpans(camera_span_s=(10.5, 13.0), screen_span_s=(13.5, 16.0))
    calibration = resolve_calibration([(10.0, track)], spans)
    # Then the directions are those of the spans
    assert calibration is not None
    assert (calibration.camera.yaw_deg, calibration.camera.pitch_deg) == (2.0, -6.0)
    assert (calibration.screen.yaw_deg, calibration.screen.pitch_deg) == (1.0, -34.0)


def test_a_screen_span_without_a_face_leaves_the_camera_dot_to_calibrate() -> None:
    spans = CalibrationSpans(camera_span_s=(0.0, 3.0), screen_span_s=(3.0, 6.0))
    # Given the face out of view in the screen span (one sample seen)
    no_face = _track((3, (1.0, -15.0)), (2.75, (None, None)), (0.25, (0.0, -40.0)))
    calibration = resolve_calibration([(0.0, no_face)], spans)
    # Then the camera is the measured one and the screen lies the defaults' 20 deg below it
    assert calibration is not None
    assert (calibration.camera.yaw_deg, calibration.camera.pitch_deg) == (1.0, -15.0)
    assert (calibration.screen.yaw_deg, calibration.screen.pitch_deg) == (1.0, -35.0)


def test_spans_that_contradict_each_other_are_not_trusted() -> None:
    spans = CalibrationSpans(camera_span_s=(0.0, 3.0), screen_span_s=(3.0, 6.0))
    # Given the "screen" looked at above the camera, or the same place at both dots (the candidate kept
    # reading the screen and never looked at the lens)
    upside_down = _track((3, (1.0, -15.0)), (3, (0.0, 0.0)))
    never_at_the_lens = _track((3, (0.0, -20.0)), (3, (0.5, -20.5)))
    # Then neither dot is trusted: the defaults apply (the camera dot alone would put the lens on the screen)
    assert resolve_calibration([(0.0, upside_down)], spans) is None
    assert resolve_calibration([(0.0, never_at_the_lens)], spans) is None


def test_without_a_usable_camera_span_there_is_no_calibration() -> None:
    spans = CalibrationSpans(camera_span_s=(0.0, 3.0), screen_span_s=(3.0, 6.0))
    # Given the face out of view at the camera dot (3 samples, under a second), Then the defaults apply
    no_face = _track((2.25, (None, None)), (0.75, (0.0, 0.0)), (3, (0.0, -20.0)))
    assert resolve_calibration([(0.0, no_face)], spans) is None
    # Given the lens measured so low that no screen fits below it, Then neither
    too_low = _track((3, (0.0, -50.0)), (3, (0.0, -70.0)))
    assert resolve_calibration([(0.0, too_low)], spans) is None


def test_the_calibration_segment_counts_for_no_answer_and_calibrates_the_report() -> None:
    # Given answers spent on the screen and a first segment (0-5 s) recorded for the calibration: the
    # lens for 3 s, then the screen
    data = fake_session(eye=0.0, away=0.0)
    chunks = [data.chunks[0].model_copy(update={"vision": fake_vision(5, eye=0.6)}), *data.chunks[1:]]
    spans = CalibrationSpans.model_validate(SPANS)
    report = build_report(data.model_copy(update={"chunks": chunks, "calibration_spans": spans}))
    # Then attention is calibrated and answer 1 starts after the calibration, without its lens time
    assert report.attention is not None and report.attention.calibrated
    first = report.answers[0]
    assert first.start_s == 4.9
    assert first.attention is not None and (first.attention.camera, first.attention.screen) == (0.0, 1.0)
    assert all(p.t_s >= 5 for p in report.timeline.points)
    assert CALIBRATION_FALLBACK_NOTE not in report.analysis_notes
    assert CAMERA_DOT_ONLY_NOTE not in report.analysis_notes
    assert "calibrated to your eyes at the start" in render_html(report)
    # And without the spans the same segment would have counted as looking at the lens in answer 1
    plain = build_report(data.model_copy(update={"chunks": chunks}))
    assert plain.answers[0].attention is not None and plain.answers[0].attention.camera > 0


def test_a_report_calibrated_by_the_camera_dot_alone_says_so() -> None:
    # Given a face at the lens during the camera span (0.5-2.5 s) and none during the screen span
    data = fake_session(eye=0.0, away=0.0)
    vision = fake_vision(5, eye=0.6).model_copy(
        update={"gaze_track": _track((3, (0.0, -5.0)), (2, (None, None)))}
    )
    chunks = [data.chunks[0].model_copy(update={"vision": vision}), *data.chunks[1:]]
    spans = CalibrationSpans.model_validate(SPANS)
    report = build_report(data.model_copy(update={"chunks": chunks, "calibration_spans": spans}))
    # Then attention is calibrated, and the report says by the camera marker alone
    assert report.attention is not None and report.attention.calibrated
    assert (
        CAMERA_DOT_ONLY_NOTE in report.analysis_notes
        and CALIBRATION_FALLBACK_NOTE not in report.analysis_notes
    )
    assert "only the camera marker calibrated" in render_html(report)


def test_unreadable_spans_fall_back_to_the_defaults_with_a_note() -> None:
    # Given the calibration segment without a face
    data = fake_session(eye=0.0, away=0.0)
    chunks = [data.chunks[0].model_copy(update={"vision": fake_vision(5, face=0.0)}), *data.chunks[1:]]
    spans = CalibrationSpans.model_validate(SPANS)
    report = build_report(data.model_copy(update={"chunks": chunks, "calibration_spans": spans}))
    # Then attention is read with the defaults, and the report says why
    assert report.attention is not None and not report.attention.calibrated
    assert (
        CALIBRATION_FALLBACK_NOTE in report.analysis_notes
        and CAMERA_DOT_ONLY_NOTE not in report.analysis_notes
    )
    assert "(not calibrated)" in render_html(report)
    assert report.answers[0].start_s == 4.9
