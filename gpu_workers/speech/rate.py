"""Speaking rate without ASR: count syllable nuclei (after de Jong & Wempe, 2009).

Each syllable has one vowel nucleus: a local peak of intensity that stands out from the dips around
it. Peaks are kept only inside VAD speech. De Jong & Wempe also require pyin voicing at the peak;
measured on our 8 test files that filter dropped real nuclei (syllables per word 0.93 +- 31 %
instead of 1.38 +- 13 %), so it is optional (`pitch`) and off in the analyzer. Calibration: 1.0 dB
prominence and 0.1 s minimum spacing detect 1.38 nuclei per spoken word (`syllables_per_word`).
Cheap enough for every live segment; the window's ASR gives the accurate words per minute later.
"""

from __future__ import annotations

import numpy as np

from gpu_workers.speech.prosody import PitchTrack, frame_rms_db, speech_mask
from gpu_workers.speech.vad import Span

__all__ = ["syllable_nuclei"]

_HOP_S = 0.01


def syllable_nuclei(
    samples: np.ndarray,
    sample_rate: int,
    spans: list[Span],
    pitch: PitchTrack | None = None,
    *,
    min_prominence_db: float = 1.0,
    min_gap_s: float = 0.1,
    floor_below_max_db: float = 25.0,
) -> np.ndarray:
    """Times (s) of syllable nuclei: prominent intensity peaks in speech (and voiced, if `pitch`)."""
    from scipy.signal import find_peaks

    db = frame_rms_db(samples, sample_rate, _HOP_S, 0.05).astype(np.float64)
    if len(db) < 3 or not spans:
        return np.zeros(0)
    times = np.arange(len(db)) * _HOP_S
    in_speech = speech_mask(times, spans)
    if not in_speech.any():
        return np.zeros(0)
    floor = max(float(np.median(db[in_speech])) - 6.0, float(db[in_speech].max()) - floor_below_max_db)
    peaks, _ = find_peaks(
        db, height=floor, prominence=min_prominence_db, distance=max(1, round(min_gap_s / _HOP_S))
    )
    peaks = peaks[in_speech[peaks]]
    if pitch is not None and len(pitch.times):
        voiced = np.isfinite(pitch.f0)
        idx = np.clip(np.searchsorted(pitch.times, times[peaks]), 0, len(pitch.times) - 1)
        prev = np.clip(idx - 1, 0, len(pitch.times) - 1)
        near = (np.abs(pitch.times[idx] - times[peaks]) <= 2 * pitch.hop_s) & voiced[idx]
        near |= (np.abs(pitch.times[prev] - times[peaks]) <= 2 * pitch.hop_s) & voiced[prev]
        peaks = peaks[near]
    return times[peaks]
