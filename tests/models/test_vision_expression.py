"""Facial expression (FER2013 ONNX) and smile intensity on real faces."""

import pytest

from gpu_workers.media import VideoFrame
from interview_core.contracts.vision import EXPRESSION_LABELS

pytestmark = pytest.mark.models


def test_happy_photo_reads_as_happy_and_smiling(vision_results):
    # Given a posed happy face
    expression = vision_results["faces/expression_happy.jpg"].summary.expression
    # When its expression is classified
    # Then "happy" dominates and the mouth reads as a smile
    assert expression is not None
    assert expression.dominant == "happy"
    assert expression.smile_mean >= 0.5


def test_astronaut_reads_as_happy(vision_analyzer):
    # Given scikit-image's astronaut photo (a smiling woman)
    from skimage import data

    # When it is analysed
    expression = vision_analyzer.analyze_frames([VideoFrame(t=0.0, rgb=data.astronaut())]).summary.expression
    # Then "happy" dominates
    assert expression is not None and expression.dominant == "happy"


@pytest.mark.parametrize("name", ["expression_anger.jpg", "expression_surprise.jpg", "single_face.jpg"])
def test_posed_photos_give_a_full_normalised_distribution(vision_results, name):
    # Given another posed photo
    expression = vision_results[f"faces/{name}"].summary.expression
    # When its expression is classified
    # Then all seven classes have a probability and they sum to one
    assert expression is not None
    assert tuple(expression.distribution) == EXPRESSION_LABELS
    assert all(0 <= p <= 1 for p in expression.distribution.values())
    assert sum(expression.distribution.values()) == pytest.approx(1.0, abs=2e-3)


def test_smile_is_higher_on_happy_than_on_anger(vision_results):
    # Given a happy and an angry face
    happy = vision_results["faces/expression_happy.jpg"].summary.expression
    anger = vision_results["faces/expression_anger.jpg"].summary.expression
    # Then the landmark smile intensity separates them
    assert happy.smile_mean > anger.smile_mean + 0.3


def test_user_facing_output_never_says_emotion(vision_results):
    # Given any analysed segment
    result = vision_results["video/single_face.mp4"]
    # Then neither the summary nor the timeline uses the word "emotion"
    assert "emotion" not in result.summary.model_dump_json().lower()
    assert "emotion" not in str(result.timeline).lower()
