"""The room's echo as the speech worker reads it (weighted prediction error), and its removal."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from evaluation.speech_renderings import add_room
from gpu_workers.media import decode_audio
from gpu_workers.speech.dereverb import read_echo
from gpu_workers.speech.options import DereverbOptions

pytestmark = pytest.mark.unit

RATE = 16_000
# A real voice, dry and close-miked (Montreal Forced Aligner test corpus, MIT; ../shared/media/real).
CLIP = Path(__file__).resolve().parents[3] / "shared" / "media" / "real" / "speech" / "mfa_crossword.flac"


@pytest.fixture(scope="module")
def dry() -> np.ndarray:
    track = decode_audio(CLIP, sample_rate=RATE)
    assert track is not None
    return track.samples


def test_a_dry_voice_reads_under_the_limit_and_is_left_as_it_is(dry: np.ndarray) -> None:
    echo = read_echo(dry, RATE, DereverbOptions())
    assert echo.db is not None and echo.db < DereverbOptions().echo_limit_db - 5
    assert not echo.dereverberated and echo.samples is dry


@pytest.mark.parametrize("rt60_s", [0.3, 0.5, 0.8])
def test_a_room_reads_over_the_limit_and_its_echo_is_taken_out(dry: np.ndarray, rt60_s: float) -> None:
    wet = add_room(dry.astype(np.float64), "test", rt60_s=rt60_s).astype(np.float32)
    echo = read_echo(wet, RATE, DereverbOptions())
    assert echo.db is not None and echo.db > DereverbOptions().echo_limit_db + 3
    assert echo.dereverberated and echo.samples.dtype == wet.dtype and len(echo.samples) == len(wet)
    # What WPE predicted has gone: read again, the dereverberated window has less late reverberation.
    again = read_echo(echo.samples, RATE, DereverbOptions()).db
    assert again is not None and again < echo.db - 1.5


def test_the_limit_decides_alone(dry: np.ndarray) -> None:
    """Dereverberation follows the reading and the limit, nothing else."""
    reading = read_echo(dry, RATE, DereverbOptions()).db
    assert reading is not None
    lowered = read_echo(dry, RATE, DereverbOptions(echo_limit_db=reading - 1))
    assert lowered.dereverberated and lowered.db == reading


def test_too_short_or_silent_gives_no_reading() -> None:
    short = np.random.default_rng(0).standard_normal(RATE // 10).astype(np.float32)
    assert read_echo(short, RATE, DereverbOptions()).db is None
    silent = np.zeros(3 * RATE, np.float32)
    echo = read_echo(silent, RATE, DereverbOptions())
    assert echo.db is None and echo.samples is silent


def test_gaps_of_digital_silence_do_not_dry_the_reading(dry: np.ndarray) -> None:
    # Given the room, and the same room with 60 ms of audio missing every 4 s (where the browser's
    # recorder stopped and the next began: the worker joins the segments with silence between them)
    wet = add_room(dry.astype(np.float64), "test").astype(np.float32)
    gapped = wet.copy()
    for start in range(0, len(gapped), 4 * RATE):
        gapped[start : start + RATE * 60 // 1000] = 0.0
    # Then both read the same room: the gaps are left out of WPE's statistics (unmasked, the gapped
    # room read 6 dB drier, under the limit)
    whole, with_gaps = (read_echo(x, RATE, DereverbOptions()).db for x in (wet, gapped))
    assert whole is not None and with_gaps is not None and abs(whole - with_gaps) < 1.5
    assert with_gaps > DereverbOptions().echo_limit_db
