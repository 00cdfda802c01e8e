"""The speech worker's two entry points: cheap live features per segment, accurate ASR per window.

Models (Silero VAD, Whisper, VADER) are built once per process by `SpeechAnalyzer.create` and passed
to pure functions; Whisper loads lazily on the first window so a live-features-only worker never pays
for it. Every model call's latency is recorded in the result (`latency_ms`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from gpu_workers.media import AudioTrack, decode_audio
from gpu_workers.speech.acoustic_fillers import FillerModel, acoustic_fillers, sound_units
from gpu_workers.speech.asr import (
    AsrResult,
    Transcriber,
    Word,
    drop_unspoken_words,
    place_mistimed_words,
    transcribe_to_the_end,
)
from gpu_workers.speech.dereverb import read_echo
from gpu_workers.speech.fillers import detect_fillers, filler_rates
from gpu_workers.speech.language import SentimentScorer, language_metrics, vader_scorer
from gpu_workers.speech.options import SpeechOptions
from gpu_workers.speech.pace import pace_and_pauses
from gpu_workers.speech.prosody import loudness_track, pitch_track, summarise_loudness, summarise_pitch
from gpu_workers.speech.rate import syllable_nuclei
from gpu_workers.speech.second_decode import redecode_freed_sound
from gpu_workers.speech.vad import Span, VoiceActivityDetector, audible, merge_spans, sounding_spans
from interview_core.contracts.speech import SpeechSegmentSummary, WindowTranscript

__all__ = ["AudioInput", "SegmentResult", "SpeechAnalyzer", "WindowResult"]

AudioInput = str | Path | AudioTrack


@dataclass(frozen=True, slots=True)
class SegmentResult:
    summary: SpeechSegmentSummary
    detail: dict[str, Any]


@dataclass(frozen=True, slots=True)
class WindowResult:
    summary: WindowTranscript
    detail: dict[str, Any]


class _Timer:
    """Collects per-stage latencies in milliseconds."""

    def __init__(self) -> None:
        self.ms: dict[str, float] = {}

    def run(self, name: str, fn: Callable[[], Any]) -> Any:
        t0 = time.perf_counter()
        out = fn()
        self.ms[name] = round(self.ms.get(name, 0.0) + (time.perf_counter() - t0) * 1000, 2)
        return out


def _floats(a: np.ndarray, ndigits: int) -> list[float | None]:
    return [None if not np.isfinite(x) else round(float(x), ndigits) for x in a]


@dataclass
class SpeechAnalyzer:
    """Holds the process's models. Build with `create`; tests may construct it with fakes."""

    options: SpeechOptions
    vad: VoiceActivityDetector
    voice: VoiceActivityDetector | None = None  # the hallucination guard's (None: `vad`'s spans)
    sentiment: SentimentScorer | None = None
    filler_model: FillerModel | None = None
    transcriber_factory: Callable[[], Transcriber] | None = None
    _transcriber: Transcriber | None = field(default=None, repr=False)

    @classmethod
    def create(cls, options: SpeechOptions | None = None, *, eager_asr: bool = False) -> SpeechAnalyzer:
        """Load VAD and VADER now, Whisper on the first window (or now with `eager_asr`)."""
        from gpu_workers.speech.asr import WhisperTranscriber
        from gpu_workers.speech.vad import SileroVad

        opts = options or SpeechOptions()
        analyzer = cls(
            options=opts,
            vad=SileroVad(opts.vad),
            voice=SileroVad(replace(opts.vad, threshold=opts.asr.hallucination_vad_threshold))
            if opts.asr.hallucination_vad_threshold != opts.vad.threshold
            else None,
            sentiment=vader_scorer(),
            filler_model=FillerModel.load() if opts.acoustic_fillers else None,
            transcriber_factory=lambda: WhisperTranscriber(opts.asr),
        )
        analyzer.warm_up()
        if eager_asr:
            analyzer.transcriber()
        return analyzer

    def warm_up(self) -> None:
        """Run pyin once on a synthetic tone: loading librosa's numba kernels costs ~3 s per process
        (~35 s the very first time, when they compile), which must not land on the first live segment."""
        sr = self.options.sample_rate
        t = np.arange(sr, dtype=np.float32) / sr
        tone = (0.1 * np.sin(2 * np.pi * 120.0 * t)).astype(np.float32)
        pitch_track(tone, sr, [(0.0, 1.0)], self.options.prosody)

    def transcriber(self) -> Transcriber:
        if self._transcriber is None:
            if self.transcriber_factory is None:
                raise RuntimeError("this analyzer was built without a transcriber")
            self._transcriber = self.transcriber_factory()
        return self._transcriber

    def _decode(self, source: AudioInput) -> AudioTrack | None:
        if isinstance(source, AudioTrack):
            return source
        return decode_audio(source, sample_rate=self.options.sample_rate)

    # ---- live features -------------------------------------------------------------------------

    def analyze_segment(self, source: AudioInput, offset_s: float = 0.0, *, seq: int = 0) -> SegmentResult:
        """Live features of one segment; raises MediaDecodeError on corrupt input."""
        timer = _Timer()
        track = timer.run("decode", lambda: self._decode(source))
        if track is None:
            summary = SpeechSegmentSummary(
                seq=seq, offset_s=offset_s, duration_s=0.0, has_audio=False, speech_s=0.0, speech_ratio=0.0,
                leading_silence_s=0.0, trailing_silence_s=0.0, latency_ms=timer.ms,
            )  # fmt: skip
            return SegmentResult(summary, {"has_audio": False, "offset_s": offset_s})
        return self._segment_features(track, offset_s, seq, timer)

    def _segment_features(self, track: AudioTrack, offset_s: float, seq: int, timer: _Timer) -> SegmentResult:
        o = self.options.prosody
        y, sr, duration = track.samples, track.sample_rate, track.duration_s
        spans: list[Span] = timer.run("vad", lambda: self.vad(y, sr))
        pitch = timer.run("pitch", lambda: pitch_track(y, sr, spans, o))
        loud = timer.run("loudness", lambda: loudness_track(y, sr, spans, o))
        nuclei = timer.run("rate", lambda: syllable_nuclei(y, sr, spans))
        speech_s = sum(b - a for a, b in spans)
        summary = SpeechSegmentSummary.model_validate(
            {
                "seq": seq,
                "offset_s": offset_s,
                "duration_s": round(duration, 3),
                "has_audio": True,
                "speech_s": round(speech_s, 3),
                "speech_ratio": round(min(1.0, speech_s / duration), 3) if duration else 0.0,
                "speech_spans": [
                    {"start_s": round(offset_s + a, 3), "end_s": round(offset_s + b, 3)} for a, b in spans
                ],
                "leading_silence_s": round(spans[0][0] if spans else duration, 3),
                "trailing_silence_s": round(max(0.0, duration - spans[-1][1]) if spans else duration, 3),
                "pitch": summarise_pitch(pitch.f0, o.monotone_semitones),
                "loudness": summarise_loudness(loud, o.quiet_db),
                "rate": {
                    "syllables": len(nuclei),
                    "syllables_per_s": round(len(nuclei) / speech_s, 2) if speech_s > 0 else 0.0,
                    "estimated_wpm": round(60.0 * len(nuclei) / o.syllables_per_word / duration, 1)
                    if duration
                    else 0.0,
                },
                "latency_ms": timer.ms,
            }
        )
        detail = {
            "offset_s": offset_s,
            "summary": summary.model_dump(mode="json"),
            "pitch": {
                "hop_s": pitch.hop_s,
                "times_s": _floats(pitch.times + offset_s, 3),
                "f0_hz": _floats(pitch.f0, 1),
            },
            "loudness": {"hop_s": loud.hop_s, "start_s": offset_s, "db": _floats(loud.db, 1)},
            "syllable_times_s": _floats(nuclei + offset_s, 3),
        }
        return SegmentResult(summary, detail)

    # ---- accurate pass -------------------------------------------------------------------------

    def _join(self, parts: Sequence[tuple[AudioInput, float]], timer: _Timer) -> tuple[np.ndarray, float]:
        """Decode the window's segments and place each at its offset (gaps become silence)."""
        sr = self.options.sample_rate
        tracks: list[tuple[AudioTrack | None, float]] = []
        for src, off in parts:
            tracks.append((timer.run("decode", partial(self._decode, src)), off))
        start = min(off for _, off in tracks)
        end = max(off + (t.duration_s if t else 0.0) for t, off in tracks)
        out = np.zeros(round((end - start) * sr), np.float32)
        for t, off in tracks:
            if t is None or not len(t.samples):
                continue
            i = round((off - start) * sr)
            n = min(len(t.samples), len(out) - i)
            out[i : i + n] = t.samples[:n]
        return out, start

    def _voice_activity(self, samples: np.ndarray, timer: _Timer) -> tuple[list[Span], list[Span]]:
        """(speech spans, voice): the strict pass for pauses and pace, and voice at all (the permissive
        pass): a window spoken only in a quiet, cold or falsetto voice has no speech spans but must still
        be transcribed."""
        if not len(samples):
            return [], []
        sr = self.options.sample_rate
        spans: list[Span] = timer.run("vad", lambda: self.vad(samples, sr))
        voice = self.voice
        return spans, (timer.run("vad", lambda: voice(samples, sr)) if voice else spans)

    def transcribe_window(
        self,
        parts: Sequence[tuple[AudioInput, float]],
        *,
        window_index: int = 0,
        answer_index: int = 0,
        clip_s: tuple[float, float] | None = None,
    ) -> WindowResult:
        """Words, fillers, pace, pauses and language of one window, on the session timeline.

        `clip_s`: (start, end) session times to keep, when the planner cut inside segments.
        """
        if not parts:
            raise ValueError("a window needs at least one segment")
        timer = _Timer()
        samples, start = self._join(parts, timer)
        sr = self.options.sample_rate
        if clip_s is not None:
            a = max(0, round((clip_s[0] - start) * sr))
            b = max(a, round((clip_s[1] - start) * sr))
            samples, start = samples[a:b], start + a / sr
        duration = len(samples) / sr
        # The acoustic hesitation detector hears the window as recorded: it was trained on rooms as they
        # sound (multi-condition), and WPE takes a held vowel for echo (fed the dereverberated window it
        # heard a "hmm" in a held "looong" in loud noise; speech README).
        recorded = samples
        echo = None
        if self.options.dereverb.enabled:
            echo = timer.run("dereverb", lambda: read_echo(samples, sr, self.options.dereverb))
            samples = echo.samples
        spans, voiced = self._voice_activity(samples, timer)
        if not voiced and (louder := audible(samples, sr)) is not samples:
            # No voice at the recorded level, yet sound stands out of the background: a microphone
            # turned down. Silero, which depends on level, judges it again at an ordinary level.
            spans, voiced = self._voice_activity(louder, timer)
        transcriber = self.transcriber()
        if voiced:
            asr: AsrResult = timer.run("asr", lambda: transcribe_to_the_end(transcriber, samples, sr, voiced))
        else:  # silence: Whisper would hallucinate ("Thank you."), and it saves a model call
            asr = AsrResult(words=[], language=None)
        # A word is spoken where Silero hears voice or where the sound stands out of the room's
        # background: Silero alone dropped most of a quiet voice's words in an echoey room.
        heard_at = (
            merge_spans(voiced, timer.run("vad", lambda: sounding_spans(samples, sr))) if voiced else []
        )
        kept, dropped = drop_unspoken_words(
            asr.words, heard_at, self.options.asr.hallucination_min_speech_overlap, clip_to=spans
        )
        kept, dropped = place_mistimed_words(kept, dropped, spans)
        heard: list[Word] = []
        if self.filler_model is not None and voiced:
            model = self.filler_model
            units = timer.run("fillers_acoustic", lambda: sound_units(recorded, sr))
            kept, heard = timer.run("fillers_acoustic", lambda: acoustic_fillers(units, kept, model))
            if self.options.asr.redecode_freed_sound:
                kept, found = timer.run(
                    "asr", lambda: redecode_freed_sound(transcriber, samples, sr, kept, units, model)
                )
                heard = sorted(heard + found, key=lambda w: w.start)
        summary_dict = timer.run("text", lambda: self._text_metrics(kept, start, duration))
        summary = WindowTranscript.model_validate(
            {
                "window_index": window_index,
                "answer_index": answer_index,
                "start_s": round(start, 3),
                "end_s": round(start + duration, 3),
                "language": asr.language,
                "model": transcriber.name,
                **summary_dict,
                "room_echo_db": echo.db if echo else None,
                "dereverberated": bool(echo and echo.dereverberated),
                "latency_ms": timer.ms,
            }
        )
        detail = {
            "summary": summary.model_dump(mode="json"),
            "asr_segments": [
                {**s, "start": s["start"] + start, "end": s["end"] + start} for s in asr.segments
            ],
            "asr_passes": asr.passes,
            "dropped_words": [
                {"text": w.text, "start_s": w.start + start, "end_s": w.end + start} for w in dropped
            ],
            "speech_spans": [[round(a + start, 3), round(b + start, 3)] for a, b in spans],
            "acoustic_fillers": [
                {"text": w.text, "start_s": w.start + start, "end_s": w.end + start, "score": w.probability}
                for w in heard
            ],
        }
        return WindowResult(summary, detail)

    def _text_metrics(self, words: list[Word], start: float, duration: float) -> dict[str, Any]:
        """Summary fields computed from the transcript (pure functions; VADER injected)."""
        p = self.options.pace
        hits = detect_fillers([w.text for w in words])
        timed = [(w.text, round(w.start + start, 3), round(w.end + start, 3)) for w in words]
        pace, pauses = pace_and_pauses(
            [(w.start, w.end) for w in words],
            duration,
            pause_min_s=p.pause_min_s,
            long_pause_s=p.long_pause_s,
        )
        filler_idx = {i for h in hits for i in range(h.first, h.last + 1)}
        lang = language_metrics(timed, filler_idx, self.sentiment, mattr_window=p.mattr_window)
        summary = {
            "text": " ".join(w.text for w in words),
            "words": [
                {
                    "text": t,
                    "start_s": s,
                    "end_s": e,
                    "probability": round(min(1.0, max(0.0, w.probability)), 3),
                }
                for (t, s, e), w in zip(timed, words, strict=True)
            ],
            "fillers": [
                {"word": h.word, "kind": h.kind, "start_s": timed[h.first][1], "end_s": timed[h.last][2]}
                for h in hits
            ],
            "filler_stats": filler_rates(hits, len(words), duration),
            "pace": pace,
            "pauses": pauses,
            "language_metrics": lang,
        }
        return summary
