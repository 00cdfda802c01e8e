"""Voice activity: Silero VAD v6 (ONNX, shipped inside faster-whisper's wheel) on onnxruntime, and
plain sound level (`sounding_spans`, `loud_level_db`) where a network's judgement is not enough."""

from __future__ import annotations

from typing import Protocol

import numpy as np

from gpu_workers.speech.options import VadSettings

__all__ = [
    "LEVEL_HOP",
    "LEVEL_N_FFT",
    "SileroVad",
    "Span",
    "VoiceActivityDetector",
    "active_level",
    "audible",
    "bridged_runs",
    "frame_levels_db",
    "invert_spans",
    "loud_level_db",
    "merge_spans",
    "power_level_db",
    "sounding_spans",
]

Span = tuple[float, float]

LEVEL_N_FFT, LEVEL_HOP = 512, 160  # 32 ms frames every 10 ms at 16 kHz
# Sound is this much above the window's quiet frames (5th percentile) ... but a noisy microphone leaves
# less range than that between its noise and its loud syllables (20-26 dB on real recordings of the
# blind set, 55 dB in a studio), so on such audio a third of the range, at least 6 dB, is enough ...
_ABOVE_FLOOR_DB, _ABOVE_FLOOR_SHARE, _MIN_ABOVE_FLOOR_DB = 15.0, 1 / 3, 6.0
_BELOW_PEAK_DB = 35.0  # ... and within this of its loud frames (95th percentile)
_ACTIVE_WITHIN_DB = 20.0  # frames this close to the loud ones are speech (ITU-T P.56's active level, simply)
# Silero's input is raised to an ordinary speaking level when it is quieter (never lowered), by at most
# this much, and never past this peak.
_AUDIBLE_DBFS, _MAX_BOOST_DB, _MAX_PEAK_DBFS = -26.0, 30.0, -1.0


class VoiceActivityDetector(Protocol):
    """Speech spans in seconds from the start of `samples` (16 kHz mono float32)."""

    def __call__(self, samples: np.ndarray, sample_rate: int) -> list[Span]: ...


class SileroVad:
    """Wraps faster-whisper's cached Silero session (`get_vad_model` is lru_cached: one per process)."""

    def __init__(self, settings: VadSettings) -> None:
        from faster_whisper.vad import VadOptions, get_speech_timestamps, get_vad_model

        get_vad_model()  # load the ONNX session now, not inside the first live segment
        self._get = get_speech_timestamps
        self._options = VadOptions(
            threshold=settings.threshold,
            min_speech_duration_ms=settings.min_speech_ms,
            min_silence_duration_ms=settings.min_silence_ms,
            speech_pad_ms=settings.speech_pad_ms,
        )

    def __call__(self, samples: np.ndarray, sample_rate: int) -> list[Span]:
        if sample_rate != 16_000:
            raise ValueError("Silero VAD here expects 16 kHz audio")
        if len(samples) < 512:
            return []
        stamps = self._get(samples, vad_options=self._options, sampling_rate=sample_rate)
        return [(s["start"] / sample_rate, s["end"] / sample_rate) for s in stamps]


def invert_spans(spans: list[Span], duration_s: float) -> list[Span]:
    """Silences between (and around) speech spans."""
    gaps: list[Span] = []
    t = 0.0
    for start, end in spans:
        if start > t:
            gaps.append((t, start))
        t = max(t, end)
    if duration_s > t:
        gaps.append((t, duration_s))
    return gaps


def power_level_db(power: np.ndarray) -> np.ndarray:
    """Level (dB) of each frame of a power spectrogram (bins x frames): its mean power."""
    return np.asarray(10 * np.log10(power.mean(axis=0)))


def frame_levels_db(samples: np.ndarray) -> np.ndarray:
    """Level (dB) of each 10 ms frame of 16 kHz audio."""
    import librosa

    return power_level_db(np.abs(librosa.stft(samples, n_fft=LEVEL_N_FFT, hop_length=LEVEL_HOP)) ** 2 + 1e-12)


def bridged_runs(mask: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """[start, end) frame index pairs of the True runs of `mask`, joined across gaps of up to `gap` frames."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    out: list[tuple[int, int]] = []
    for a, b in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True):
        if out and a - out[-1][1] <= gap:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def loud_level_db(level: np.ndarray) -> float:
    """The level above which a frame of this window is sound, not the window's background."""
    floor, peak = float(np.percentile(level, 5)), float(np.percentile(level, 95))
    above = min(_ABOVE_FLOOR_DB, max(_MIN_ABOVE_FLOOR_DB, _ABOVE_FLOOR_SHARE * (peak - floor)))
    return max(floor + above, peak - _BELOW_PEAK_DB)


def sounding_spans(
    samples: np.ndarray, sample_rate: int, min_frames: int = 10, bridge_frames: int = 3
) -> list[Span]:
    """Stretches clearly louder than the window's background (`loud_level_db`), at least `min_frames`
    10 ms frames long, joined across dips of up to `bridge_frames` (the acoustic detector's units' own).

    Silero's speech probability fails on some real rooms: on a quiet, cold voice in a bare, echoey room
    (the speech evaluation's `echoey` rendering) it sank from 0.6 to under 0.05 within 10 s of talking,
    while the words stayed 10-16 dB above the room's background. Level knows nothing about speech, so
    it only ever adds to Silero's judgement, never replaces it.
    """
    if sample_rate != 16_000:
        raise ValueError("sound level here expects 16 kHz audio")
    if len(samples) < LEVEL_N_FFT:
        return []
    level = frame_levels_db(samples)
    frame_s = LEVEL_HOP / sample_rate
    runs = bridged_runs(level > loud_level_db(level), bridge_frames)
    return [(round(a * frame_s, 3), round(b * frame_s, 3)) for a, b in runs if b - a >= min_frames]


def merge_spans(*groups: list[Span]) -> list[Span]:
    """The union of span lists, as sorted, non-overlapping spans."""
    merged: list[Span] = []
    for start, end in sorted(s for group in groups for s in group):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def active_level(samples: np.ndarray, frame: int = 320) -> float:
    """RMS of the speech-active 20 ms frames: those within 20 dB of the 95th-percentile frame."""
    n = len(samples) // frame
    if n == 0:
        return float(np.sqrt(np.mean(samples**2))) if len(samples) else 0.0
    power = (samples[: n * frame].reshape(n, frame).astype(np.float64) ** 2).mean(axis=1) + 1e-12
    db = 10 * np.log10(power)
    return float(np.sqrt(power[db >= np.percentile(db, 95) - _ACTIVE_WITHIN_DB].mean()))


def audible(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    """`samples` raised to an ordinary speaking level (active level -26 dBFS) when quieter, for Silero;
    unchanged when no sound stands out of the window's background (`sounding_spans`).

    Silero's speech probability depends on level: a real cold voice that it hears as recorded was no
    voice at all 20 dB quieter (a laptop microphone with its gain down), so the window never reached
    Whisper and the answer had no transcript. Whisper and the sound-level rules are relative to the
    window and need no such help. A quiet room is not raised: white noise alone at -50 dBFS, raised,
    read as voice, and Whisper wrote "Yeah. Yeah. Yeah. Yeah." over it."""
    level = active_level(samples)
    peak = float(np.abs(samples).max()) if len(samples) else 0.0
    if level <= 0.0 or peak <= 0.0 or not sounding_spans(samples, sample_rate):
        return samples
    boost_db = min(_AUDIBLE_DBFS - 20 * np.log10(level), _MAX_BOOST_DB, _MAX_PEAK_DBFS - 20 * np.log10(peak))
    return samples if boost_db <= 0.0 else (samples * 10 ** (boost_db / 20)).astype(samples.dtype)
