"""Head pose on real faces: frontal, turned both ways, profile."""

import cv2
import numpy as np
import pytest

from gpu_workers.media import VideoFrame

pytestmark = pytest.mark.models


def _load(vision_media, name):
    return cv2.cvtColor(cv2.imread(str(vision_media / "faces" / name)), cv2.COLOR_BGR2RGB)


def _yaw(analyzer, rgb):
    pose = analyzer.analyze_frames([VideoFrame(t=0.0, rgb=rgb)]).summary.head_pose
    assert pose is not None
    return pose.yaw_mean_deg


def _recede_right(rgb, k=0.15):
    """Perspective warp that pushes the image-right side away, as when the face turns to image right."""
    h, w = rgb.shape[:2]
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32([[0, 0], [w, k * h], [w, h - k * h], [0, h]])
    return cv2.warpPerspective(
        rgb, cv2.getPerspectiveTransform(src, dst), (w, h), borderMode=cv2.BORDER_REPLICATE
    )


@pytest.mark.parametrize("name", ["single_face.jpg", "expression_happy.jpg", "astronaut"])
def test_frontal_face_has_small_yaw(vision_analyzer, vision_media, name):
    # Given a face looking into the camera
    from skimage import data

    rgb = data.astronaut() if name == "astronaut" else _load(vision_media, name)
    # When its head pose is estimated
    # Then the yaw is within 15 degrees of frontal
    assert abs(_yaw(vision_analyzer, rgb)) < 15


def test_turned_face_and_its_mirror_have_opposite_yaw(vision_analyzer, vision_media):
    # Given a frontal face warped so that it turns towards image right, and the mirror image of that
    turned = _recede_right(_load(vision_media, "expression_happy.jpg"))
    mirrored = np.ascontiguousarray(turned[:, ::-1])
    # When both head poses are estimated
    right, left = _yaw(vision_analyzer, turned), _yaw(vision_analyzer, mirrored)
    # Then turning to image right (the subject's left) is positive yaw, and the mirror is negative
    assert right > 3
    assert left < -3


def test_mirrored_photo_flips_yaw_sign(vision_analyzer, vision_media):
    # Given a photo where the man's head is turned slightly towards image left, and its mirror image
    rgb = _load(vision_media, "single_face.jpg")
    # When both are analysed
    yaw, yaw_mirror = _yaw(vision_analyzer, rgb), _yaw(vision_analyzer, np.ascontiguousarray(rgb[:, ::-1]))
    # Then the signs are opposite
    assert yaw < 0 < yaw_mirror


def test_profile_face_is_far_from_frontal_or_unusable(vision_results):
    # Given a face turned about 90 degrees
    summary = vision_results["faces/expression_disgust_profile.jpg"].summary
    # When it is analysed
    # Then either no usable face is found or the yaw is far from frontal, and it is not eye contact
    assert summary.head_pose is None or abs(summary.head_pose.yaw_mean_deg) > 25
    assert summary.eye_contact is None or summary.eye_contact.ratio == 0.0
