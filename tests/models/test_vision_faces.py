"""Face detection, presence over time and framing on real media."""

import json

import pytest

pytestmark = pytest.mark.models


def test_single_face_photo_has_one_face(vision_results):
    # Given a photo of one man facing the camera
    # When it is analysed
    summary = vision_results["faces/single_face.jpg"].summary
    # Then exactly one face is found and it has landmarks
    assert summary.face.max_faces == 1
    assert summary.face.present_ratio == 1.0
    assert summary.head_pose is not None


def test_group_photo_has_five_faces(vision_results):
    # Given a photo of five people
    # When it is analysed
    summary = vision_results["faces/multi_face_5.jpg"].summary
    # Then the detector counts five faces and the segment is flagged as more than one person
    assert summary.face.max_faces == 5
    assert "multiple_people" in summary.observations


def test_no_face_video_has_no_face_in_any_frame(vision_results):
    # Given a video without any person
    # When it is analysed
    result = vision_results["video/no_face.mp4"]
    frames = result.timeline["frames"]
    # Then no frame has landmarks or detections, and the summary says so
    assert len(frames) > 20
    assert all(not f["face"] for f in frames)
    assert all(f.get("faces", 0) == 0 for f in frames)
    assert result.summary.observations == ["no_face"]
    assert result.summary.face.present_ratio == 0.0


def test_face_disappears_at_two_and_a_half_seconds(vision_results):
    # Given a clip with a face for 2.5 s, then a cartoon title
    frames = vision_results["video/face_then_no_face_480p.mov"].timeline["frames"]
    # When the face timeline is read
    last_face = max(f["t"] for f in frames if f["face"] or f.get("faces"))
    gone = min(f["t"] for f in frames if f["t"] > last_face)
    # Then the face is present from the start and leaves at 2.5 s +- 0.3 s, for good
    assert frames[0]["face"]
    assert abs((last_face + gone) / 2 - 2.5) <= 0.3
    summary = vision_results["video/face_then_no_face_480p.mov"].summary
    assert 0.45 < summary.face.present_ratio < 0.7
    assert "face_often_absent" in summary.observations


def test_webcam_video_summary_is_complete_and_small(vision_results):
    # Given a man talking to his webcam
    result = vision_results["video/single_face.mp4"]
    summary = result.summary
    # When it is analysed
    # Then every part of the summary is filled, he mostly looks at the camera, and it is compact
    assert summary.has_video and summary.frames_analysed >= 20
    assert summary.face.present_ratio == 1.0
    assert summary.eye_contact is not None and summary.eye_contact.ratio >= 0.8
    assert summary.posture is not None and summary.posture.frames >= 2
    assert summary.expression is not None
    assert {"face_mesh", "face_detection", "expression", "pose", "decode"} <= set(summary.latency_ms)
    assert len(summary.timeline) == 3  # 2.4 s in 1 s buckets
    assert len(summary.model_dump_json()) < 8_000
    json.dumps(result.timeline)  # the full timeline is plain JSON
    # And the posture of a man sitting upright is plausible: shoulders level, head well above them
    assert abs(summary.posture.shoulder_tilt_deg) < 10
    assert summary.posture.head_height is not None and summary.posture.head_height > 0.3
    assert summary.head_pose is not None and abs(summary.head_pose.yaw_mean_deg) < 15


def test_result_does_not_depend_on_the_previous_segment(vision_analyzer, vision_media):
    # Given a photo analysed once, then a video of another face elsewhere in the frame
    photo = vision_media / "faces" / "expression_happy.jpg"
    first = vision_analyzer.analyze(photo).summary
    vision_analyzer.analyze(vision_media / "video" / "single_face.mp4")
    # When the photo is analysed again (the trackers still hold the video's face)
    again = vision_analyzer.analyze(photo).summary
    # Then the stale track is dropped and the result matches
    assert again.head_pose is not None and first.head_pose is not None
    assert again.head_pose.yaw_mean_deg == pytest.approx(first.head_pose.yaw_mean_deg, abs=2)
    assert again.expression.dominant == first.expression.dominant
    assert (again.posture is None) == (first.posture is None)
