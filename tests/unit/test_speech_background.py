"""The room's background as the speech worker reads it: speech level over the noise, in the speech band."""

from __future__ import annotations

import numpy as np
import pytest

from evaluation.speech_renderings import pink_noise
from gpu_workers.speech.options import ProsodyOptions
from gpu_workers.speech.prosody import (
    background_level_db,
    loudness_track,
    speech_to_noise_db,
    summarise_loudness,
)

pytestmark = pytest.mark.unit

RATE = 16_000
SPANS = [(0.5, 2.0), (2.6, 4.2), (4.8, 6.0)]  # "speech", with pauses between the phrases


def _speech() -> np.ndarray:
    """Harmonic bursts (150 Hz and overtones to 3 kHz, like a voiced vowel) inside SPANS, silence around."""
    t = np.arange(int(6.5 * RATE)) / RATE
    voice = sum(np.sin(2 * np.pi * 150.0 * k * t) / k for k in range(1, 21))
    on = np.zeros_like(t)
    for start, end in SPANS:
        on[(t >= start) & (t < end)] = 1.0
    return (0.1 * voice * on).astype(np.float64)


def _reading(samples: np.ndarray) -> float | None:
    return speech_to_noise_db(loudness_track(samples.astype(np.float32), RATE, SPANS, ProsodyOptions()))


def _noise_at(speech: np.ndarray, noise: np.ndarray, db_under: float) -> np.ndarray:
    on = np.abs(speech) > 0
    level = np.sqrt(np.mean(speech[on] ** 2))
    return noise / np.sqrt(np.mean(noise**2)) * level * 10 ** (-db_under / 20)


def test_louder_noise_reads_lower_in_steady_steps():
    # Given the same speech with pink noise 30, 20, 10 and 5 dB under it
    speech = _speech()
    noise = pink_noise(len(speech), np.random.default_rng(3))
    readings = [_reading(speech + _noise_at(speech, noise, db)) for db in (30, 20, 10, 5)]
    # Then every level has a reading, and each 10 dB louder noise reads about 10 dB lower
    assert all(r is not None for r in readings)
    r30, r20, r10, r5 = (float(r) for r in readings if r is not None)
    assert r30 - r20 == pytest.approx(10, abs=1.5) and r20 - r10 == pytest.approx(10, abs=1.5)
    assert r10 - r5 == pytest.approx(5, abs=1.5)


def test_a_rumble_under_the_speech_band_does_not_read_as_noise():
    # Given speech over a 60 Hz hum as loud as the voice itself (mains hum, a desk, wind on the mic)
    speech = _speech()
    t = np.arange(len(speech)) / RATE
    hum = _noise_at(speech, np.sin(2 * np.pi * 60.0 * t), 0.0)
    quiet = pink_noise(len(speech), np.random.default_rng(4))
    base = speech + _noise_at(speech, quiet, 40.0)
    # Then the reading barely moves: the hum carries none of what is said
    clean, hummed = _reading(base), _reading(base + hum)
    assert clean is not None and hummed is not None
    assert clean - hummed < 3.0 and hummed > 30.0


def test_no_reading_without_half_a_second_of_background():
    # Given a segment that is speech from end to end
    t = np.arange(2 * RATE) / RATE
    samples = (0.1 * np.sin(2 * np.pi * 150.0 * t)).astype(np.float32)
    track = loudness_track(samples, RATE, [(0.0, 2.0)], ProsodyOptions())
    # Then there is no background reading, and the summary says so rather than guessing
    assert background_level_db(track) is None and speech_to_noise_db(track) is None
    summary = summarise_loudness(track, quiet_db=-35.0)
    assert summary["noise_db"] is None and summary["snr_db"] is None and summary["mean_db"] is not None


def test_digital_silence_is_not_a_background():
    # Given speech with perfect digital silence between phrases (muted, padded)
    track = loudness_track(_speech().astype(np.float32), RATE, SPANS, ProsodyOptions())
    # Then there is no background to read, rather than an infinitely quiet one
    assert background_level_db(track) is None


def test_the_camera_check_model_waits_for_speech_and_reads_it_like_the_worker():
    from evaluation.speech_noise import browser_levels, browser_reading

    # Given the speech over steady pink noise 20 dB under it, and the noise alone
    speech = _speech()
    noise = _noise_at(speech, pink_noise(len(speech), np.random.default_rng(5)), 20.0)
    # Then the noise alone gives no reading (nobody spoke), and the speech reads near the worker
    assert browser_reading(browser_levels(noise, RATE)) is None
    page, worker = browser_reading(browser_levels(speech + noise, RATE)), _reading(speech + noise)
    assert page is not None and worker is not None and abs(page - worker) < 3.0
