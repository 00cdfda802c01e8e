"""Shared fixtures for model tests: each model is loaded once per test session."""

# ---- speech (gpu_workers.speech) ----------------------------------------------------------------
import json as _speech_json
import os as _speech_os
from pathlib import Path as _SpeechPath

import pytest

SPEECH_MEDIA = _SpeechPath(__file__).resolve().parents[1] / "media" / "speech"
SPEECH_FILES = [
    "fillers/answer_strength.wav",
    "fillers/answer_conflict.wav",
    "fillers/answer_clean.wav",
    "fillers/answer_fast.wav",
    "fillers/answer_slow.wav",
    "librivox_0870.wav",
    "librivox_0880.wav",
    "librivox_0890.wav",
]


@pytest.fixture(scope="session")
def speech_analyzer():
    """The default analyzer (base model, int8, filler prompt), built once."""
    _speech_os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from gpu_workers.speech import SpeechAnalyzer

    return SpeechAnalyzer.create(eager_asr=True)


@pytest.fixture(scope="session")
def speech_windows(speech_analyzer):
    """Every speech test file transcribed once, as one window each: {relative path: WindowResult}."""
    return {name: speech_analyzer.transcribe_window([(SPEECH_MEDIA / name, 0.0)]) for name in SPEECH_FILES}


@pytest.fixture(scope="session")
def speech_segments(speech_analyzer):
    """Live features of every speech test file, computed once: {relative path: SegmentResult}."""
    return {name: speech_analyzer.analyze_segment(SPEECH_MEDIA / name) for name in SPEECH_FILES}


@pytest.fixture(scope="session")
def filler_truth():
    return _speech_json.loads((SPEECH_MEDIA / "fillers" / "truth.json").read_text())


# ---- vision (gpu_workers.vision) ----------------------------------------------------------------
@pytest.fixture(scope="session")
def vision_media(request):
    """Folder of the vision test media (faces/, video/); see tests/media/MANIFEST.md."""
    return request.config.rootpath / "tests" / "media"


@pytest.fixture(scope="session")
def vision_analyzer():
    """The default vision analyzer; models are loaded once for the whole session."""
    from gpu_workers.vision import VisionAnalyzer, VisionOptions

    return VisionAnalyzer.create(VisionOptions())


@pytest.fixture(scope="session")
def vision_results(vision_analyzer, vision_media):
    """Each test media file analysed once: {path relative to tests/media: AnalysisResult}."""
    names = [
        "faces/single_face.jpg",
        "faces/multi_face_5.jpg",
        "faces/expression_happy.jpg",
        "faces/expression_anger.jpg",
        "faces/expression_surprise.jpg",
        "faces/expression_disgust_profile.jpg",
        "video/single_face.mp4",
        "video/no_face.mp4",
        "video/face_then_no_face_480p.mov",
    ]
    return {name: vision_analyzer.analyze(vision_media / name) for name in names}
