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
