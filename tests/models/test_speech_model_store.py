"""The split Whisper base model is assembled once, atomically, even by concurrent processes."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from gpu_workers.speech.model_store import (
    BASE_MODEL_BYTES,
    ModelUnavailableError,
    assemble_base_model,
    resolve_model_path,
)

pytestmark = pytest.mark.models


def test_concurrent_assembly_yields_one_complete_folder(tmp_path):
    # Given an empty cache, When two workers assemble the model at the same time
    with ThreadPoolExecutor(2) as pool:
        paths = list(pool.map(lambda _: assemble_base_model(tmp_path), range(2)))
    # Then both get the same complete folder and no temporary folder is left behind
    assert paths[0] == paths[1] == tmp_path / "whisper-base"
    assert (paths[0] / "model.bin").stat().st_size == BASE_MODEL_BYTES
    assert {p.name for p in tmp_path.iterdir()} == {"whisper-base"}
    # and a second call reuses it without copying
    mtime = (paths[0] / "model.bin").stat().st_mtime_ns
    assert assemble_base_model(tmp_path) == paths[0]
    assert (paths[0] / "model.bin").stat().st_mtime_ns == mtime


def test_unknown_model_is_a_clear_error(tmp_path):
    with pytest.raises(ModelUnavailableError):
        resolve_model_path("large-v3", tmp_path)


def test_tiny_en_resolves_to_the_bundled_folder(tmp_path):
    assert resolve_model_path("tiny.en", tmp_path).endswith("model")
