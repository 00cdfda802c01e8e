"""A second decoding pass over the sound Whisper's own timing marks as suspicious.

Whisper times a hesitation it does not write into a neighbouring word, which then lasts far longer than
it takes to say (`acoustic_fillers.freed_sound`: the voiced units such an overlong word covers past its
own sound). Decoded again among its neighbouring words, that stretch often comes back with the
hesitation written (a real "words um and" that the first pass wrote as "words and"). Isolated stretches
without context were tried earlier and Whisper heard "um" at every word edge (speech README).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from gpu_workers.speech.acoustic_fillers import FillerModel, SoundUnit, freed_sound
from gpu_workers.speech.asr import Transcriber, Word, norm_word
from gpu_workers.speech.fillers import HESITATIONS

__all__ = ["redecode_freed_sound"]

_JOIN_GAP_S = 0.5  # silence between the pieces decoded together


def redecode_freed_sound(
    transcriber: Transcriber,
    samples: np.ndarray,
    sample_rate: int,
    words: list[Word],
    units: Sequence[SoundUnit],
    model: FillerModel,
) -> tuple[list[Word], list[Word]]:
    """(words with the hesitations found, those hesitations): every `freed_sound` stretch of the window,
    with the word before and after it, decoded again in one pass (the pieces joined by short silences: one
    extra decode per window, however many stretches, since Whisper's encoder costs the same for 3 s as for
    30 s). A hesitation Whisper writes over a stretch takes the time of the stretch's units under it; the
    overlong word ends where its own sound does, or, when Whisper now says it after the hesitation, takes
    the time after it."""
    freed = freed_sound(words, units, model)
    if not freed:
        return words, []
    # Each stretch with the word before and after it; stretches sharing words are one piece, since
    # Whisper given the same speech twice in a row invents a loop (measured on a real clip).
    spans: list[list[float]] = []
    for i, _, _, _ in freed:
        lo = words[i - 1].start if i > 0 else 0.0
        hi = words[i + 1].end if i + 1 < len(words) else len(samples) / sample_rate
        if spans and lo <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], hi)
        else:
            spans.append([lo, hi])
    gap = np.zeros(round(_JOIN_GAP_S * sample_rate), dtype=samples.dtype)
    pieces: list[np.ndarray] = []
    placed: list[tuple[float, float, float]] = []  # (start, end) in the joined audio, and its window time
    at = 0.0
    for lo, hi in spans:
        piece = samples[round(lo * sample_rate) : round(hi * sample_rate)]
        placed.append((at, at + len(piece) / sample_rate, lo))
        pieces += [piece, gap]
        at += len(piece) / sample_rate + _JOIN_GAP_S
    again = transcriber.transcribe(np.concatenate(pieces[:-1]))
    said = [
        (w.start - a + lo, w.end - a + lo, n)
        for n, w in enumerate(again.words)
        if norm_word(w.text) in HESITATIONS
        for a, b, lo in placed
        if a <= w.start < b
    ]
    # Each hesitation Whisper wrote belongs to the one stretch it lies on or nearest.
    claimed: dict[int, tuple[float, float, int]] = {}
    for a, b, n in said:
        fit = [
            (max(start - b, a - end, 0.0), max(a, start) - min(b, end), k)  # distance, then overlap
            for k, (_, _, start, end) in enumerate(freed)
        ]
        distance, _, k = min(fit)
        if distance <= 0.1 and k not in claimed:
            claimed[k] = (a, b, n)
    words = list(words)
    found: list[Word] = []
    for k in sorted(claimed, reverse=True):
        i, own_end, start, end = freed[k]
        a, b, n = claimed[k]
        # The hesitation is the stretch's units under Whisper's word (the stretch may hold the overlong
        # word's own sound too: "to ask" timed over "to um ask")
        under = [
            u for u in units if start <= u.start and u.end <= end and u.start < b + 0.1 and u.end > a - 0.1
        ]
        said_word = again.words[n]
        hesitation = Word(
            said_word.text,
            min((u.start for u in under), default=max(start, a)),
            max((u.end for u in under), default=min(end, b)),
            said_word.probability,
        )
        word = words[i]
        follows = [norm_word(w.text) for w in again.words[n + 1 : n + 3]]
        if norm_word(word.text) in follows:  # Whisper now says the word after the hesitation
            words[i : i + 1] = [
                hesitation,
                replace(word, start=hesitation.end, end=max(hesitation.end, word.end)),
            ]
        else:
            words[i : i + 1] = [replace(word, end=own_end), hesitation]
        found.append(hesitation)
    return words, found
