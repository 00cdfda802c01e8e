"""Hesitations that Whisper dropped: voiced stretches its word timings leave uncovered.

A dropped "um"/"uh"/"hm" leaves a gap between words that is nevertheless voiced (periodic, loud
enough). Breaths, clicks and silence are not periodic, so they do not become candidates. Each
candidate is cut out, the candidates are joined with silence between them and decoded once more
with a prompt made of hesitations; only hesitation words that land inside a candidate are kept.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from gpu_workers.speech.asr import Transcriber, Word
from gpu_workers.speech.fillers import HESITATIONS
from gpu_workers.speech.text import tokenize
from gpu_workers.speech.vad import Span

__all__ = [
    "add_hesitations",
    "gap_track",
    "place_gap_words",
    "recover_hesitations",
    "uncovered_voiced_spans",
    "voiced_frames",
]

_FRAME_S = 0.04
_HOP_S = 0.02


def voiced_frames(
    samples: np.ndarray, sr: int, *, fmin_hz: float = 65.0, fmax_hz: float = 400.0, periodicity: float = 0.5
) -> np.ndarray:
    """One bool per 20 ms hop: the 40 ms frame there is periodic at a speech pitch and not quiet.

    Periodicity is the normalised autocorrelation peak at a lag within the pitch range; loudness is
    judged against the clip's own level (within 35 dB of its loudest frames), so no absolute
    calibration is needed.
    """
    n, hop = round(_FRAME_S * sr), round(_HOP_S * sr)
    if len(samples) < n:
        return np.zeros(0, bool)
    frames = np.lib.stride_tricks.sliding_window_view(samples.astype(np.float32), n)[::hop]
    frames = frames - frames.mean(axis=1, keepdims=True)
    spec = np.fft.rfft(frames * np.hanning(n), 2 * n, axis=1)
    ac = np.fft.irfft(np.abs(spec) ** 2, axis=1)
    lo, hi = int(sr / fmax_hz), int(sr / fmin_hz)
    peak = ac[:, lo : hi + 1].max(axis=1) / np.maximum(ac[:, 0], 1e-12)
    db = 10 * np.log10(np.maximum((frames**2).mean(axis=1), 1e-12))
    loud = db > np.percentile(db, 95) - 35.0
    return (peak > periodicity) & loud


def uncovered_voiced_spans(
    voiced: np.ndarray,
    words: Sequence[Word],
    *,
    margin_s: float = 0.04,
    bridge_s: float = 0.1,
    min_s: float = 0.15,
) -> list[Span]:
    """Voiced stretches (>= `min_s`, holes < `bridge_s` bridged) that no recognised word covers."""
    free = voiced.copy()
    for w in words:
        a = max(0, int((w.start - margin_s) / _HOP_S))
        b = int(np.ceil((w.end + margin_s) / _HOP_S))
        free[a:b] = False
    spans: list[Span] = []
    idx = np.flatnonzero(free)
    if not len(idx):
        return spans
    breaks = np.flatnonzero(np.diff(idx) > round(bridge_s / _HOP_S)) + 1
    for run in np.split(idx, breaks):
        start, end = run[0] * _HOP_S, (run[-1] + 1) * _HOP_S + (_FRAME_S - _HOP_S)
        if end - start >= min_s:
            spans.append((round(start, 3), round(end, 3)))
    return spans


def gap_track(samples: np.ndarray, sr: int, gaps: Sequence[Span], *, pad_s: float = 0.4) -> np.ndarray:
    """The candidates back to back, each preceded by `pad_s` of silence (and one after the last)."""
    pad = np.zeros(round(pad_s * sr), np.float32)
    parts: list[np.ndarray] = []
    for a, b in gaps:
        parts += [pad, samples[round(a * sr) : round(b * sr)].astype(np.float32)]
    return np.concatenate([*parts, pad]) if parts else pad


def place_gap_words(
    words: Sequence[Word], gaps: Sequence[Span], sr: int, *, pad_s: float = 0.4
) -> list[Word]:
    """Hesitations decoded from `gap_track`, moved back to the window's time line.

    A word belongs to the candidate its middle is nearest to, and only if that is within half the
    padding (Whisper may invent a word in the silence); only hesitation words are taken: the gap
    pass adds fillers, never other words.
    """
    offsets: list[tuple[float, float, float]] = []  # (start in gap track, end, shift to window time)
    t = pad_s
    for a, b in gaps:
        length = round(b * sr - a * sr) / sr
        offsets.append((t, t + length, a - t))
        t += length + pad_s
    placed: list[Word] = []
    for word, token in zip(words, tokenize([w.text for w in words]), strict=True):
        if token.norm not in HESITATIONS or not offsets:
            continue
        mid = (word.start + word.end) / 2
        distance, lo, hi, shift = min((max(lo - mid, mid - hi, 0.0), lo, hi, s) for lo, hi, s in offsets)
        if distance <= pad_s / 2:
            start, end = max(word.start, lo) + shift, max(min(word.end, hi), max(word.start, lo)) + shift
            placed.append(Word(f"{token.norm},", round(start, 3), round(end, 3), word.probability))
    return placed


def add_hesitations(words: Sequence[Word], found: Sequence[Word], min_apart_s: float = 0.3) -> list[Word]:
    """`words` with the gap pass's hesitations merged in by time, except those that repeat a
    hesitation already heard nearby (Whisper's timing of that one was off, not a second sound)."""

    def kind(word: Word) -> str | None:
        return HESITATIONS.get(word.text.strip(" ,.?!").lower())

    heard = [(w.start, kind(w)) for w in words if kind(w)]
    extra = [f for f in found if not any(abs(f.start - t) < min_apart_s and k == kind(f) for t, k in heard)]
    return sorted([*words, *extra], key=lambda w: w.start)


def recover_hesitations(
    samples: np.ndarray, sr: int, words: list[Word], transcriber: Transcriber
) -> tuple[list[Word], list[Span]]:
    """The gap pass: (words with recovered hesitations, the candidate spans decoded)."""
    gaps = uncovered_voiced_spans(voiced_frames(samples, sr), words)
    if not gaps:
        return words, gaps
    found = place_gap_words(transcriber.transcribe_hesitations(gap_track(samples, sr, gaps)), gaps, sr)
    return add_hesitations(words, found), gaps
