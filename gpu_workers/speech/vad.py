"""Voice activity: Silero VAD v6 (ONNX, shipped inside faster-whisper's wheel) on onnxruntime."""

from __future__ import annotations

from typing import Protocol

import numpy as np

from gpu_workers.speech.options import VadSettings

__all__ = ["SileroVad", "Span", "VoiceActivityDetector", "invert_spans"]

Span = tuple[float, float]


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
