"""Summary building, timeline buckets, observations, posture maths and options on synthetic records."""

import json
import subprocess
import sys

import numpy as np
import pytest

from gpu_workers.vision.face import Framing, framing
from gpu_workers.vision.options import VisionOptions
from gpu_workers.vision.posture import movement_energy, posture_frame
from gpu_workers.vision.summary import bucket_size, build_summary, no_video_summary
from gpu_workers.vision.timeline import FrameRecord, timeline_json
from gpu_workers.vision.timing import LatencyRecorder
from interview_core.contracts.vision import VisionSummary
from interview_core.feedback.fakes import ATTENTION_GAZE

pytestmark = pytest.mark.unit

CENTRED = Framing(height=0.5, cx=0.5, cy=0.5, too_far=False, off_centre=False, cut_off=False)
HAPPY = [0.0, 0.0, 0.0, 0.9, 0.0, 0.0, 0.1]
NEUTRAL = [0.0, 0.0, 0.0, 0.1, 0.0, 0.0, 0.9]


def _record(t, face=True, attention="camera", expression=None, smile=0.0, faces=None):
    if not face:
        return FrameRecord(t=t, faces=faces)
    gaze_yaw, gaze_pitch, head_yaw = ATTENTION_GAZE[attention]
    return FrameRecord(
        t=t,
        face=True,
        faces=faces,
        framing=CENTRED,
        yaw=head_yaw,
        pitch=0.0,
        roll=0.0,
        iris_h=0.0,
        iris_v=0.0,
        gaze_yaw=gaze_yaw,
        gaze_pitch=gaze_pitch,
        attention=attention,
        ear=0.3,
        smile=smile,
        expression=expression,
    )


def _summary(records, duration, options=None):
    return build_summary(
        records,
        duration_s=duration,
        width=640,
        height=360,
        options=options or VisionOptions(),
        movement=0.0,
        latency=LatencyRecorder(),
    )


def test_ratios_and_look_away_from_records():
    # Given 2 s at 10 fps: face for 1.5 s (at the camera in the first second, then away), then no face
    records = [
        _record(
            i / 10,
            face=i < 15,
            attention="camera" if i < 10 else "away",
            expression=HAPPY if i < 10 else NEUTRAL,
            faces=(int(i < 15) if i % 5 == 0 else None),  # the detector runs at 2 fps
        )
        for i in range(20)
    ]
    # When summarised
    s = _summary(records, 2.0)
    # Then face, eye contact and look-away follow the records
    assert s.face.present_ratio == 0.75
    assert s.eye_contact.ratio == s.attention.camera == pytest.approx(10 / 15, abs=1e-3)
    assert s.attention.away == pytest.approx(5 / 15, abs=1e-3) and s.attention.screen == 0
    assert s.eye_contact.longest_look_away_s == pytest.approx(1.0)  # 1.0 s -> end, absent frames included
    assert "often_away" in s.observations
    assert s.expression.dominant == "happy"
    assert sum(s.expression.distribution.values()) == pytest.approx(1.0, abs=1e-3)
    assert "face_often_absent" in s.observations
    # And the per-second timeline shows the change
    assert [b.face_present for b in s.timeline] == [1.0, 0.5]
    assert [b.eye_contact for b in s.timeline] == [1.0, 0.0]
    assert [b.attention for b in s.timeline] == ["camera", "away"]
    assert [b.expression for b in s.timeline] == ["happy", "neutral"]


def test_gaze_track_samples_every_quarter_second():
    # Given 1 s at 10 fps: camera for 0.5 s, then the screen, then no face for the last 0.25 s
    records = [_record(i / 10, face=i < 7, attention="camera" if i < 5 else "screen") for i in range(10)]
    s = _summary(records, 1.0)
    # Then the track holds the gaze per 0.25 s (None without a face), read as camera/screen by default
    track = s.gaze_track
    assert track.step_s == 0.25 and len(track.pitch_deg) == 4
    assert track.pitch_deg[0] == 0.0 and track.pitch_deg[2] == -20.0 and track.pitch_deg[3] is None
    assert s.attention.camera + s.attention.screen == pytest.approx(1.0) and s.attention.away == 0
    # And looking at the screen is not "looking away"
    assert s.eye_contact.longest_look_away_s == pytest.approx(0.3)


def test_multiple_people_and_framing_observations():
    # Given frames with two detected faces, off centre
    off = Framing(height=0.1, cx=0.9, cy=0.5, too_far=True, off_centre=True, cut_off=False)
    records = [_record(i / 10, faces=2) for i in range(10)]
    for r in records:
        r.framing = off
    # When summarised, Then each condition is reported
    s = _summary(records, 1.0)
    assert {"multiple_people", "face_too_far", "face_off_centre"} <= set(s.observations)
    assert "face_cut_off" not in s.observations


def test_no_face_at_all():
    s = _summary([_record(i / 10, face=False, faces=0) for i in range(10)], 1.0)
    assert s.observations == ["no_face"]
    assert s.head_pose is None and s.eye_contact is None and s.expression is None


def test_long_recordings_keep_the_summary_small():
    # Given two hours at 2 fps of fully populated records
    rng = np.random.default_rng(0)
    records = [
        _record(
            i / 2,
            attention=str(rng.choice(["camera", "screen", "away"])),
            expression=list(rng.dirichlet(np.ones(7))),
            smile=0.5,
        )
        for i in range(2 * 3600 * 2)
    ]
    # When summarised
    s = _summary(records, 7200.0)
    # Then the timeline buckets grow so the summary stays far below the 256 KB Step Functions limit
    assert s.timeline_bucket_s == bucket_size(7200.0, VisionOptions()) == 16.0
    assert len(s.timeline) <= 600
    assert len(s.model_dump_json()) < 128_000


def test_no_video_summary_is_explicit():
    s = no_video_summary(VisionOptions(), LatencyRecorder())
    assert s.has_video is False and s.observations == ["no_video"] and s.frames_analysed == 0


def test_timeline_json_round_trips():
    records = [_record(0.0, expression=HAPPY, faces=1), _record(0.1, face=False)]
    data = timeline_json(records, {"duration_s": 0.2})
    assert json.loads(json.dumps(data)) == data
    assert data["frames"][0]["expression"] == HAPPY and "head" not in data["frames"][1]


def test_framing_flags():
    # A face 20% of the frame high at the centre is fine; at the edge it is off centre and cut off
    assert framing((300, 144, 340, 216), 640, 360, 0.15, 0.25) == Framing(0.2, 0.5, 0.5, False, False, False)
    edge = framing((-30, 100, 60, 250), 640, 360, 0.15, 0.25)
    assert edge.off_centre and edge.cut_off and not edge.too_far
    assert framing((300, 170, 310, 190), 640, 360, 0.15, 0.25).too_far


def _pose(left_y=100.0, right_y=100.0, hips=False, dx=0.0):
    pts = np.zeros((33, 4))
    pts[:, 3] = 0.0
    for i, (x, y) in {
        12: (100 + dx, left_y),
        11: (300 + dx, right_y),
        8: (160 + dx, 0.0),
        7: (240 + dx, 0.0),
        0: (200 + dx, 10.0),
    }.items():
        pts[i] = (x, y, 0.0, 0.99)
    if hips:
        pts[24] = (120, 400, 0, 0.9)
        pts[23] = (280, 400, 0, 0.9)
    return pts


def test_posture_from_shoulders_and_ears():
    # Given level shoulders 200 px apart with the ears 100 px above them, no hips in view
    p = posture_frame(_pose())
    # Then no tilt, head height 0.5 shoulder widths, no torso lean
    assert p.shoulder_tilt_deg == pytest.approx(0) and p.head_height == pytest.approx(0.5)
    assert p.torso_lean_deg is None
    # Given the image-right (subject's left) shoulder lower, Then the tilt is positive
    assert posture_frame(_pose(right_y=120)).shoulder_tilt_deg > 5
    # Given hips in view, Then the lean is measured
    assert posture_frame(_pose(hips=True)).torso_lean_deg == pytest.approx(0)


def test_posture_needs_both_shoulders():
    pts = _pose()
    pts[11, 3] = 0.1
    assert posture_frame(pts) is None


def test_movement_energy_in_shoulder_widths_per_second():
    # Given the upper body moving 20 px (0.1 shoulder widths) every 0.5 s, Then 0.2 widths per second
    frames = [_pose(dx=20.0 * i) for i in range(5)]
    assert movement_energy([i * 0.5 for i in range(5)], frames) == pytest.approx(0.2)
    # Given a still body or a missing frame, Then no movement is made up
    assert movement_energy([0.0, 0.5], [_pose(), _pose()]) == 0.0
    assert movement_energy([0.0, 0.5, 1.0], [_pose(), None, _pose(dx=50)]) == 0.0


def test_options_reject_inconsistent_rates():
    with pytest.raises(ValueError):
        VisionOptions(sample_fps=5.0, pose_fps=10.0)
    with pytest.raises(ValueError):
        VisionOptions(face_detection_model=2)


def test_importing_the_package_is_cheap():
    # Given a fresh interpreter, When the package is imported, Then no heavy ML library is loaded
    code = (
        "import sys, gpu_workers.vision; "
        "print(sorted(m for m in ('mediapipe', 'onnxruntime', 'cv2', 'tensorflow') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_summary_schema_is_json_schema_exportable():
    assert "VisionSummary" in json.dumps(VisionSummary.model_json_schema())
