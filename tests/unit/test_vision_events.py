"""The vision samples in events/vision/ are real analyzer output and must match the contract."""

import json
from pathlib import Path

import pytest

from interview_core.contracts.vision import EXPRESSION_LABELS, VisionSummary

pytestmark = pytest.mark.unit

EVENTS = Path(__file__).resolve().parents[2] / "events" / "vision"
SUMMARIES = sorted(EVENTS.glob("*_summary.json"))


def test_samples_exist():
    assert {p.name for p in SUMMARIES} >= {
        "segment_summary.json",
        "recording_summary.json",
        "no_video_summary.json",
    }


@pytest.mark.parametrize("path", SUMMARIES, ids=lambda p: p.name)
def test_summary_sample_validates(path):
    # Given a stored sample, When parsed by the contract, Then it validates and round-trips unchanged
    data = json.loads(path.read_text())
    summary = VisionSummary.model_validate(data)
    assert summary.model_dump(mode="json") == data
    assert len(path.read_bytes()) < 256_000


def test_timeline_sample_shape():
    data = json.loads((EVENTS / "segment_timeline.json").read_text())
    assert data["schema_version"] == 2
    assert data["expression_labels"] == list(EXPRESSION_LABELS)
    frames = data["frames"]
    assert frames and all({"t", "face"} <= set(f) for f in frames)
    assert [f["t"] for f in frames] == sorted(f["t"] for f in frames)
    assert any("expression" in f and len(f["expression"]) == 7 for f in frames)
