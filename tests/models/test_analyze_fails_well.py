"""`interview analyze` on files it cannot use: one line saying what is wrong, exit status 2, no
traceback and no native library chatter (those lines go to .cache/logs/analyze-native.log)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.models
SAMPLE = Path(__file__).resolve().parents[1] / "media" / "sample_interview.webm"


def _analyze(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "local_platform.cli", "analyze", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("noise.webm", bytes(range(256)) * 80, "not a recording"),
        ("truncated.webm", SAMPLE.read_bytes()[:3000], "no audio or video could be decoded"),
    ],
)
def test_an_unusable_file_is_one_line_and_exit_2(
    tmp_path: Path, name: str, content: bytes, says: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    done = _analyze(path)
    assert done.returncode == 2
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert len(lines) == 1 and says in lines[0], lines
    assert "Traceback" not in done.stderr


def test_a_missing_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = _analyze(tmp_path / "nowhere.webm")
    assert done.returncode == 2 and "Cannot read" in done.stderr and len(done.stderr.splitlines()) == 1


def test_a_whole_recording_too_short_to_analyse_says_so(tmp_path: Path) -> None:
    import numpy as np
    import soundfile

    # Given a valid WAV of 0.3 s (a truncated file decodes that little too, but declares more)
    path = tmp_path / "hello.wav"
    soundfile.write(path, 0.1 * np.sin(np.linspace(0, 2 * np.pi * 132, 4800)), 16000)
    done = _analyze(path)
    # Then it is told apart from a truncated file
    assert done.returncode == 2
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert lines == ["hello.wav: 0.3 s is too short to analyse (at least 0.5 s)"], lines
