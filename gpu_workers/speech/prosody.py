"""Pitch (librosa pyin) and loudness (frame RMS) of the voiced parts of a segment.

Pitch runs only inside VAD speech spans and on audio downsampled to 8 kHz: pyin's cost grows with
frames and sample rate, and silence carries no pitch anyway. Summaries use semitones relative to the
speaker's own median so that "monotone" means the same for deep and high voices.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gpu_workers.speech.options import ProsodyOptions
from gpu_workers.speech.vad import Span

__all__ = [
    "LoudnessTrack",
    "PitchTrack",
    "background_level_db",
    "frame_rms_db",
    "loudness_track",
    "pitch_track",
    "speech_mask",
    "speech_to_noise_db",
    "summarise_loudness",
    "summarise_pitch",
]

_MIN_VOICED = 10
# The room's background is read away from speech: frames this close to a speech span still hold its
# onset, its decay and its echo. Under this much background in a segment there is no reading.
_NOISE_GUARD_S = 0.1
_MIN_NOISE_S = 0.5
_DIGITAL_SILENCE_DB = -95.0  # padding and muted stretches: no microphone is this quiet
_PADDING_DB = -70.0  # pad frames and digital silence inside speech spans
# Speech over noise is read in the band that carries what is said: a rumble under it (wind, a desk, mains
# hum) can be louder than the voice and leave every word intelligible (two real recordings of the speech
# evaluation: broadband 6-7 dB, every hesitation found, transcripts near word-exact).
SPEECH_BAND_HZ = (300.0, 4000.0)
BACKGROUND_PERCENTILE = 10


@dataclass(frozen=True, slots=True)
class PitchTrack:
    """f0 in Hz per frame (NaN where unvoiced), frame times in seconds from the segment start."""

    times: np.ndarray
    f0: np.ndarray
    hop_s: float


@dataclass(frozen=True, slots=True)
class LoudnessTrack:
    times: np.ndarray
    db: np.ndarray
    speech_mask: np.ndarray
    hop_s: float
    near_speech: np.ndarray  # speech_mask widened by _NOISE_GUARD_S each side
    band_db: np.ndarray  # level of the speech band (SPEECH_BAND_HZ) per frame


def pitch_track(
    samples: np.ndarray, sample_rate: int, spans: list[Span], options: ProsodyOptions
) -> PitchTrack:
    """Run pyin on each speech span (downsampled) and stitch the frames onto the segment timeline."""
    import librosa
    from scipy.signal import resample_poly

    sr = options.pitch_sample_rate
    hop = round(options.hop_s * sr)
    frame = 1 << int(np.ceil(np.log2(3 * sr / options.fmin_hz)))  # >= 3 periods of the lowest pitch
    times: list[np.ndarray] = []
    values: list[np.ndarray] = []
    for start, end in spans:
        chunk = samples[int(start * sample_rate) : int(end * sample_rate)]
        if sr != sample_rate:
            chunk = resample_poly(chunk, sr, sample_rate).astype(np.float32)
        if len(chunk) < frame:
            continue
        f0, _, _ = librosa.pyin(
            chunk,
            fmin=options.fmin_hz,
            fmax=options.fmax_hz,
            sr=sr,
            frame_length=frame,
            hop_length=hop,
            resolution=options.pitch_resolution,
            n_thresholds=options.pitch_thresholds,
            center=True,
        )
        times.append(start + np.arange(len(f0)) * hop / sr)
        values.append(f0)
    if not values:
        return PitchTrack(np.zeros(0), np.zeros(0), options.hop_s)
    return PitchTrack(np.concatenate(times), np.concatenate(values), options.hop_s)


def summarise_pitch(f0: np.ndarray, monotone_semitones: float) -> dict[str, float | int | bool | None]:
    """Median, 5-95 % range and standard deviation in semitones over voiced frames."""
    voiced = f0[np.isfinite(f0) & (f0 > 0)]
    if len(voiced) < _MIN_VOICED:
        return {
            "median_hz": None,
            "range_semitones": 0.0,
            "variability_semitones": 0.0,
            "voiced_frames": len(voiced),
            "monotone": None,
        }
    median = float(np.median(voiced))
    semis = 12.0 * np.log2(voiced / median)
    p5, p95 = np.percentile(semis, [5, 95])
    std = float(np.std(semis))
    return {
        "median_hz": round(median, 1),
        "range_semitones": round(float(p95 - p5), 2),
        "variability_semitones": round(std, 2),
        "voiced_frames": len(voiced),
        "monotone": std < monotone_semitones,
    }


def frame_rms_db(samples: np.ndarray, sample_rate: int, hop_s: float, frame_s: float) -> np.ndarray:
    """RMS level per frame in dBFS (floor -100 dB), frames centred every `hop_s`."""
    hop, frame = max(1, round(hop_s * sample_rate)), max(1, round(frame_s * sample_rate))
    n = len(samples) // hop
    if n == 0:
        return np.zeros(0, np.float32)
    padded = np.pad(samples.astype(np.float64), (frame // 2, frame))
    power = np.concatenate([[0.0], np.cumsum(padded**2)])
    starts = np.arange(n) * hop
    mean_power = (power[starts + frame] - power[starts]) / frame
    return (10.0 * np.log10(np.maximum(mean_power, 1e-10))).astype(np.float32)


def speech_mask(times: np.ndarray, spans: list[Span]) -> np.ndarray:
    mask = np.zeros(len(times), bool)
    for start, end in spans:
        mask |= (times >= start) & (times < end)
    return mask


def loudness_track(
    samples: np.ndarray, sample_rate: int, spans: list[Span], options: ProsodyOptions
) -> LoudnessTrack:
    from scipy.signal import butter, sosfilt

    db = frame_rms_db(samples, sample_rate, options.hop_s, 2 * options.hop_s)
    times = np.arange(len(db)) * options.hop_s
    band = sosfilt(butter(4, SPEECH_BAND_HZ, btype="bandpass", fs=sample_rate, output="sos"), samples)
    guarded = [(start - _NOISE_GUARD_S, end + _NOISE_GUARD_S) for start, end in spans]
    return LoudnessTrack(
        times=times,
        db=db,
        speech_mask=speech_mask(times, spans),
        hop_s=options.hop_s,
        near_speech=speech_mask(times, guarded),
        band_db=frame_rms_db(band, sample_rate, options.hop_s, 2 * options.hop_s),
    )


def _power_mean_db(db: np.ndarray) -> float:
    return float(10.0 * np.log10(np.mean(10.0 ** (db / 10.0))))


def background_level_db(track: LoudnessTrack) -> float | None:
    """The room's background level in the speech band (fan, traffic, hiss), dBFS: the quietest tenth of the
    frames away from speech; None with under `_MIN_NOISE_S` of such frames. Not their median: what the
    voice detector leaves out is not all background (a held "sooo", a breath, a cough, a quiet cold
    voice), and on the real clips the median read two recordings that the analysis reads well as 5 and
    9 dB over their noise; the low percentile reads a steady noise about 5 dB under its mean power, which
    the report's limit takes into account (`interview_core.feedback.build.NOISY_ROOM_DB`)."""
    db = track.band_db[~track.near_speech & (track.db > _DIGITAL_SILENCE_DB)]
    if len(db) * track.hop_s < _MIN_NOISE_S:
        return None
    return float(np.percentile(db, BACKGROUND_PERCENTILE))


def speech_to_noise_db(track: LoudnessTrack, noise_db: float | None = None) -> float | None:
    """Speech level over the background (`noise_db`, else `background_level_db`), both in the speech band;
    None without a background reading."""
    noise = background_level_db(track) if noise_db is None else noise_db
    speech = track.band_db[track.speech_mask & (track.db > _PADDING_DB)]
    return None if noise is None or len(speech) == 0 else _power_mean_db(speech) - noise


def summarise_loudness(track: LoudnessTrack, quiet_db: float) -> dict[str, float | bool | None]:
    """Level of speech frames: mean from mean power (not mean of dB), variation as std of dB; the
    background's level and the speech's margin over it."""
    db = track.db[track.speech_mask]
    db = db[db > _PADDING_DB]
    noise = background_level_db(track)
    snr = speech_to_noise_db(track, noise)
    background = {
        "noise_db": None if noise is None else round(noise, 1),
        "snr_db": None if snr is None else round(snr, 1),
    }
    if len(db) == 0:
        return {"mean_db": None, "variation_db": 0.0, "peak_db": None, "too_quiet": False, **background}
    mean_db = _power_mean_db(db)
    return {
        "mean_db": round(mean_db, 1),
        "variation_db": round(float(np.std(db)), 2),
        "peak_db": round(float(np.max(db)), 1),
        "too_quiet": mean_db < quiet_db,
        **background,
    }
