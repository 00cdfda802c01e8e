"""The room renderings of the speech evaluation: the noise, the room and the codec are what they claim."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from evaluation import speech_renderings as sr
from gpu_workers.media import decode_audio

pytestmark = pytest.mark.unit

RATE = sr.SAMPLE_RATE


def _speech_like(seconds: float = 2.0) -> np.ndarray:
    """A 150 Hz voiced tone switched on and off like syllables, over near-silence."""
    t = np.arange(int(seconds * RATE)) / RATE
    on = (np.sin(2 * np.pi * 2.0 * t) > 0).astype(float)
    return 0.3 * np.sin(2 * np.pi * 150.0 * t) * on + 1e-4 * np.random.default_rng(0).standard_normal(len(t))


def test_pink_noise_power_falls_ten_db_per_decade():
    noise = sr.pink_noise(RATE * 4, np.random.default_rng(1))
    power = np.abs(np.fft.rfft(noise)) ** 2
    f = np.fft.rfftfreq(len(noise), 1 / RATE)

    def band_db(lo: float) -> float:
        return 10 * np.log10(power[(f >= lo) & (f < 2 * lo)].mean())

    assert np.sqrt(np.mean(noise**2)) == pytest.approx(1.0)
    assert band_db(200) - band_db(2000) == pytest.approx(10.0, abs=1.0)


def test_noise_sits_the_declared_level_under_the_speech():
    clean = _speech_like()
    noisy = sr.add_noise(clean, "clip")
    noise = noisy - clean
    snr = 20 * np.log10(sr.active_level(clean) / np.sqrt(np.mean(noise**2)))
    assert snr == pytest.approx(sr.NOISE_SNR_DB, abs=0.01)
    # the active level is the syllables', not diluted by the silences between them
    assert sr.active_level(clean) == pytest.approx(0.3 / np.sqrt(2), rel=0.05)


def test_room_response_has_the_declared_decay_and_direct_to_reverberant_ratio():
    h = sr.room_response(np.random.default_rng(2))
    tail = h[1:]
    assert h[0] == 1.0
    assert 10 * np.log10(1.0 / np.sum(tail**2)) == pytest.approx(sr.DIRECT_TO_REVERB_DB, abs=0.01)
    # energy in the last tenth of the reverberation time is ~60 dB under the first tenth's
    tenth = len(h) // 10
    first, last = np.sum(tail[:tenth] ** 2), np.sum(tail[-tenth:] ** 2)
    assert 10 * np.log10(first / last) == pytest.approx(54.0, abs=4.0)  # 9 tenths of 60 dB apart


def test_renderings_are_deterministic_cached_and_keep_the_length(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(sr, "CACHE", tmp_path / "cache")
    source = tmp_path / "clip.wav"
    soundfile.write(source, _speech_like(), RATE)
    for name in sr.RENDERINGS:
        out = sr.render(name, source, f"real/{name}/clip.wav")
        track = decode_audio(out, sample_rate=RATE)
        assert track is not None
        assert len(track.samples) == pytest.approx(2 * RATE, abs=0.03 * RATE), name
        assert out.stat().st_mtime == sr.render(name, source, f"real/{name}/clip.wav").stat().st_mtime
    assert not list((tmp_path / "cache").rglob("*.part*")), "no half-written clip is left"
    # the same clip renders the same way in a fresh cache (the noise is seeded by the clip's name)
    first = soundfile.read(sr.render("noisy", source, "real/x.wav"))[0]
    monkeypatch.setattr(sr, "CACHE", tmp_path / "again")
    assert np.array_equal(first, soundfile.read(sr.render("noisy", source, "real/x.wav"))[0])


def test_unknown_rendering_is_refused(tmp_path: Path):
    with pytest.raises(ValueError, match="unknown rendering"):
        sr.render("underwater", tmp_path / "clip.wav", "real/clip.wav")
