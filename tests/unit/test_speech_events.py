"""`events/speech/*.json` (produced by `python -m gpu_workers.speech` on real media) match the contracts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interview_core.analysis.windows import plan_windows
from interview_core.contracts.speech import SpeechSegmentSummary, WindowTranscript

pytestmark = pytest.mark.unit

EVENTS = Path(__file__).resolve().parents[2] / "events" / "speech"
MODELS: dict[str, type[SpeechSegmentSummary] | type[WindowTranscript]] = {
    "segment_summary": SpeechSegmentSummary,
    "window_transcript": WindowTranscript,
}


def _model_for(path: Path) -> type[SpeechSegmentSummary] | type[WindowTranscript]:
    return next(model for prefix, model in MODELS.items() if path.stem.startswith(prefix))


@pytest.mark.parametrize("path", sorted(EVENTS.glob("*.json")), ids=lambda p: p.stem)
def test_sample_validates_against_its_contract(path):
    # Given a sample produced by the worker, When parsed, Then it validates and round-trips
    model = _model_for(path)
    data = json.loads(path.read_text())
    parsed = model.model_validate(data)
    assert model.model_validate(parsed.model_dump(mode="json")) == parsed


def test_samples_cover_both_contracts():
    stems = {p.stem for p in EVENTS.glob("*.json")}
    assert any(s.startswith("segment_summary") for s in stems)
    assert any(s.startswith("window_transcript") for s in stems)


def test_window_sample_is_small_enough_for_step_functions():
    for path in EVENTS.glob("window_transcript*.json"):
        compact = json.dumps(json.loads(path.read_text()), separators=(",", ":"))
        assert len(compact.encode()) < 64_000  # a 30 s window; payload limit is 256 KB


def test_planner_reads_segment_sample():
    summary = SpeechSegmentSummary.model_validate_json((EVENTS / "segment_summary.json").read_text())
    plan = plan_windows([summary], answer_ended=True)
    assert plan.windows[0].seqs == (0,) and plan.windows[0].has_speech
