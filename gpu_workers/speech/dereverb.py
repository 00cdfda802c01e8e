"""The room's echo, read and taken out before a window is transcribed.

In a bare room Whisper base loses words (speech README, "A candidate's room"). Weighted prediction
error (WPE, Nakatani et al. 2010; `nara_wpe`, the Paderborn reference implementation) predicts each STFT
frame's late reverberation from the frames 3-12 hops (24-96 ms) before it and subtracts it; the direct
sound and the early reflections stay. What it subtracts is also the reading of the echo: the late
reverberation's energy against the speech band's, over the louder half of the frames. Close-miked or
quiet rooms give WPE little to predict; a room's tail gives it a lot.

WPE applied to dry speech costs words (blind WER 23.7% -> 29.0%), so a window is dereverberated only
when the reading passes `DereverbOptions.echo_limit_db`. The reading takes WPE's first iteration (its
weights are the observed power); the window is dereverberated with `DereverbOptions.iterations`, which
re-estimate the dry power: one iteration alone cost echoey words (blind WER 33.3% -> 36.0%). The
acoustic hesitation detector still hears the window as recorded (`analyzer`): WPE also takes a held
vowel for echo, and the detector was trained on rooms as they sound.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gpu_workers.speech.options import DereverbOptions
from gpu_workers.speech.prosody import SPEECH_BAND_HZ

__all__ = ["Echo", "read_echo"]

_N_FFT, _HOP = 512, 128  # 32 ms frames every 8 ms at 16 kHz: WPE's usual resolution
_MIN_REACHES = 4  # frames heard, in prediction reaches (taps + delay), under which there is no reading
_DROPOUT_SAMPLES = 160  # 10 ms of exact zeros: no room is that quiet, so audio is missing there


@dataclass(frozen=True, slots=True)
class Echo:
    """`db`: late reverberation WPE predicts, dB under the speech band's energy (None: too short or
    silent); `samples`: the window without it when the reading passes the limit, else unchanged."""

    db: float | None
    samples: np.ndarray
    dereverberated: bool


def _dropouts(samples: np.ndarray, frames: int) -> np.ndarray:
    """Per STFT frame: does it touch a run of digital silence? A window joined from the browser's
    segments has such gaps where one recorder stopped and the next began (`analyzer._join`)."""
    zero = np.concatenate([[False], samples == 0, [False]])
    edges = np.flatnonzero(np.diff(zero.astype(np.int8)))
    touched = np.zeros(frames, bool)
    for a, b in zip(edges[::2], edges[1::2], strict=True):
        if b - a >= _DROPOUT_SAMPLES:  # nara_wpe's stft centres frame t on sample t * hop
            touched[max(0, (a - _N_FFT // 2) // _HOP) : min(frames, (b + _N_FFT // 2) // _HOP + 1)] = True
    return touched


def _wpe(observed: np.ndarray, options: DereverbOptions, iterations: int, heard: np.ndarray) -> np.ndarray:
    """nara_wpe's WPE (`wpe_v7`) with the frames outside `heard` left out of the filter's statistics.
    A gap of digital silence right after speech claims that the room has no tail: given its usual
    weight (the inverse of its near-zero power) it shrinks the filter, and a window with a gap every
    4 s read 10 dB drier than the same audio without them."""
    from nara_wpe.wpe import (
        build_y_tilde,
        get_filter_matrix_v7,
        get_power_inverse,
        perform_filter_operation_v5,
    )

    delayed = build_y_tilde(observed, options.taps, options.delay)
    direct = observed
    for _ in range(iterations):
        weights = get_power_inverse(direct) * heard
        filter_matrix = get_filter_matrix_v7(Y=observed, Y_tilde=delayed, inverse_power=weights)
        direct = perform_filter_operation_v5(Y=observed, Y_tilde=delayed, filter_matrix=filter_matrix)
    return direct


def read_echo(samples: np.ndarray, sample_rate: int, options: DereverbOptions) -> Echo:
    """The window's echo reading, and the window dereverberated when the room echoes."""
    from nara_wpe.utils import istft, stft

    frames = stft(samples.astype(np.float64)[None], size=_N_FFT, shift=_HOP)  # (1, T, F)
    heard = ~_dropouts(samples, frames.shape[1])
    if heard.sum() < _MIN_REACHES * (options.taps + options.delay):
        return Echo(None, samples, False)
    observed = frames.transpose(2, 0, 1)  # (F, 1, T)
    freqs = np.fft.rfftfreq(_N_FFT, 1 / sample_rate)
    band = (freqs >= SPEECH_BAND_HZ[0]) & (freqs <= SPEECH_BAND_HZ[1])
    # WPE filters each frequency on its own, so the reading needs the speech band's bins only (half).
    in_band = observed[band]
    power = (np.abs(in_band[:, 0]) ** 2).sum(axis=0)
    late = (np.abs(in_band[:, 0] - _wpe(in_band, options, 1, heard)[:, 0]) ** 2).sum(axis=0)
    louder = heard & (power > np.median(power[heard]))
    if not louder.any() or power[louder].sum() <= 0:
        return Echo(None, samples, False)
    db = float(10 * np.log10(late[louder].sum() / power[louder].sum()))
    if db < options.echo_limit_db:
        return Echo(round(db, 1), samples, False)
    direct = _wpe(observed, options, options.iterations, heard)
    out = istft(direct.transpose(1, 2, 0), size=_N_FFT, shift=_HOP)[0][: len(samples)]
    out = np.pad(out, (0, len(samples) - len(out))).astype(samples.dtype)
    return Echo(round(db, 1), out, True)
