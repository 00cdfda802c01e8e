"""The attention evaluation's vision candidates: parsed like the speech ones, cached apart from defaults."""

from __future__ import annotations

import pytest

from evaluation.attention import Clip, _options_key, _transition_errors, looks, main
from gpu_workers.vision.options import VisionOptions

pytestmark = pytest.mark.unit


def test_a_candidate_track_is_cached_apart_from_the_default_one():
    assert _options_key(VisionOptions()) == ""
    assert _options_key(VisionOptions(smoothing_s=0.2)) == ""  # the default value is the default track
    candidates = {_options_key(VisionOptions(smoothing_s=s)) for s in (0.0, 0.1)}
    assert len(candidates) == 2 and "" not in candidates


def test_an_invalid_vision_candidate_is_refused_before_any_clip_runs(capsys: pytest.CaptureFixture[str]):
    for argv in (["--vision", "smoothing=0.1"], ["--vision", "sample_fps=0"]):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2
    assert "sample_fps must be > 0" in capsys.readouterr().err


def test_a_predicted_switch_matches_one_true_switch_only():
    # Two true screen -> away switches (1.5 s, 3.5 s); only the first is predicted, 0.75 s late.
    truth = [(0.0, "screen"), (1.5, "away"), (3.0, "screen"), (3.5, "away")]
    predicted = [(0.0, "screen"), (2.25, "away"), (3.0, "screen"), (3.75, "screen")]
    assert _transition_errors(truth, predicted) == [0.75, 0.0, None]


def test_looks_count_runs_of_one_label_and_an_unsure_moment_does_not_split_one():
    # Given camera, an unsure moment, camera again, then away and camera (carphone-like, then a turn)
    clip = Clip(
        path="x.mp4",
        split="test",
        duration_s=10.0,
        face_s=[(0.0, 10.0)],
        attention=[(0.0, 2.0, "camera"), (2.0, 3.0, "unsure"), (3.0, 4.0, "camera"), (4.0, 6.0, "away"),
                   (6.0, 10.0, "camera")],
    )  # fmt: skip
    # Then the first two camera spans are one look, and samples do not count
    assert looks(clip) == {"camera": 2, "screen": 0, "away": 1}
