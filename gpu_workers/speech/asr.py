"""Speech to text with faster-whisper (CTranslate2), loaded once per process, never downloading."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import numpy as np

from gpu_workers.speech.options import AsrOptions
from gpu_workers.speech.vad import Span

_TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)  # faster-whisper's fallback schedule
_SAMPLE_RATE = 16_000  # what Whisper expects
_TOKENS_PER_S = 12  # twice fast speech's rate
_MAX_NEW_TOKENS = 224  # Whisper's own limit per 30 s window

__all__ = [
    "AsrResult",
    "Transcriber",
    "WhisperTranscriber",
    "Word",
    "drop_unspoken_words",
    "echoes_prompt",
    "loop_start",
    "norm_word",
    "place_mistimed_words",
    "transcribe_to_the_end",
]


@dataclass(frozen=True, slots=True)
class Word:
    """A recognised word, times in seconds from the start of the audio given to the transcriber."""

    text: str
    start: float
    end: float
    probability: float = 1.0


@dataclass(frozen=True, slots=True)
class AsrResult:
    words: list[Word]
    language: str | None
    segments: list[dict[str, Any]] = field(default_factory=list)
    latency_ms: float = 0.0
    passes: int = 1


class Transcriber(Protocol):
    """What the analyzer needs from an ASR model (tests pass a fake)."""

    name: str

    def transcribe(self, samples: np.ndarray) -> AsrResult: ...


class WhisperTranscriber:
    """faster-whisper with word timestamps; the model loads once, in the constructor."""

    def __init__(self, options: AsrOptions) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            from faster_whisper import WhisperModel
        except ImportError as e:  # pragma: no cover - the workers extra is missing
            raise ImportError("the speech worker needs faster-whisper: pip install '.[workers]'") from e
        from gpu_workers.speech.model_store import resolve_model_path

        self.options = options
        self.name = options.model
        path = resolve_model_path(options.model, options.cache_dir)
        t0 = time.perf_counter()
        self._model = WhisperModel(
            path,
            device=options.device,
            compute_type=options.compute_type,
            cpu_threads=options.cpu_threads,
            local_files_only=True,
        )
        self.load_ms = (time.perf_counter() - t0) * 1000

    def _decode(
        self,
        samples: np.ndarray,
        beam_size: int,
        temperature: float | tuple[float, ...],
        prompt: str | None,
        offset_s: float = 0.0,
    ) -> AsrResult:
        """One faster-whisper run; times are shifted by `offset_s` (a decode of a later part)."""
        o = self.options
        segments, info = self._model.transcribe(
            samples,
            language=o.language,
            beam_size=beam_size,
            temperature=temperature,
            word_timestamps=True,
            initial_prompt=prompt,
            condition_on_previous_text=False,  # no drift from one 30 s chunk into the next
            vad_filter=False,  # the caller already ran VAD and skips silent windows
            # Bounds the cost of a decoding loop by the audio's length: fast speech with fillers and
            # punctuation is ~6 tokens/s; a loop runs to this limit instead of Whisper's 224.
            max_new_tokens=min(_MAX_NEW_TOKENS, 16 + round(_TOKENS_PER_S * len(samples) / _SAMPLE_RATE)),
        )
        words: list[Word] = []
        raw: list[dict[str, Any]] = []
        for seg in segments:  # a generator: decoding happens here
            raw.append(
                {
                    "start": round(seg.start + offset_s, 2),
                    "end": round(seg.end + offset_s, 2),
                    "text": seg.text.strip(),
                    "avg_logprob": round(seg.avg_logprob, 3),
                    "no_speech_prob": round(seg.no_speech_prob, 3),
                    "compression_ratio": round(seg.compression_ratio, 2),
                    "temperature": seg.temperature,
                    "beam_size": beam_size,
                }
            )
            for w in seg.words or []:
                if w.word.strip():
                    start, end = float(w.start) + offset_s, float(w.end) + offset_s
                    words.append(Word(w.word.strip(), start, end, float(w.probability)))
        return AsrResult(words, info.language, raw)

    def _suspicious(self, result: AsrResult) -> bool:
        """Whisper's own failure signs: a repetition loop (text compresses too well) or low confidence."""
        o = self.options
        return any(
            s["compression_ratio"] > o.compression_ratio_threshold or s["avg_logprob"] < o.log_prob_threshold
            for s in result.segments
        )

    def transcribe(self, samples: np.ndarray) -> AsrResult:
        """Greedy first; a window that fails Whisper's checks is decoded again with beam search.

        Measured: greedy decoding with the filler prompt can start a window that opens mid-speech
        with an invented sentence loop ("I'm a very good friend of mine." x N). faster-whisper's own
        fallback re-samples at rising temperatures (5 candidates each, slow and still wrong); beam
        search at temperature 0 got that window right. Clean windows pay for one greedy pass only.
        The retry never samples: on real hesitations sampling cost up to 40 s per window and its
        output changed from run to run. Two failures that beam search does not fix are repaired
        instead: the prompt read back as speech (over breathing) and a word or phrase stacked in a loop.
        """
        o = self.options
        t0 = time.perf_counter()
        retry = bool(o.retry_beam_size and o.retry_beam_size > o.beam_size)
        result = self._decode(samples, o.beam_size, 0.0 if retry else _TEMPERATURES, o.initial_prompt)
        passes = 1
        if retry and self._suspicious(result) and loop_start(result.words, longest=1) is None:
            # A word stacked in a loop is not retried: beam search repeated the same loop (measured
            # on a real "uh uh uh" run) at five times the cost; the loop is cut below instead.
            result = self._decode(samples, o.retry_beam_size, 0.0, o.initial_prompt)
            passes += 1
        if echoes_prompt([w.text for w in result.words], o.initial_prompt):
            result = self._decode(samples, max(o.beam_size, o.retry_beam_size), 0.0, None)
            passes += 1
        cut = self._loop(result)
        if cut is not None:
            result, extra = self._continue_after(samples, result, cut)
            passes += extra
        return replace(result, latency_ms=(time.perf_counter() - t0) * 1000, passes=passes)

    def _loop(self, result: AsrResult) -> int | None:
        """Where a decoding loop starts (`loop_start`; single stacked words only on a suspicious decode)."""
        return loop_start(result.words, shortest=1 if self._suspicious(result) else 2)

    def _continue_after(self, samples: np.ndarray, result: AsrResult, cut: int) -> tuple[AsrResult, int]:
        """Keep the words before a loop and decode the audio after the last kept word once more.

        Returns the joined result and the number of extra decodes (0 when nothing is left)."""
        o = self.options
        words = result.words[:cut]
        resume_s = words[-1].end if words else 0.0
        rest = samples[round(resume_s * _SAMPLE_RATE) :]
        if len(rest) < 0.2 * _SAMPLE_RATE:
            return replace(result, words=words), 0
        more = self._decode(rest, max(o.beam_size, o.retry_beam_size), 0.0, o.initial_prompt, resume_s)
        again = self._loop(more)
        tail = more.words if again is None else more.words[:again]
        return replace(result, words=words + tail, segments=result.segments + more.segments), 1


# Voice this long after Whisper's last word is speech it skipped, not a trailing breath or laugh: over
# every real clip of every rendering of the speech evaluation, the permissive voice pass runs on at most
# 3.1 s past the last word, except where Whisper stopped early (7.2 and 15.4 s of a telephone call).
_SKIPPED_VOICE_S = 4.0
_MAX_CONTINUATIONS = 2


def transcribe_to_the_end(
    transcriber: Transcriber, samples: np.ndarray, sample_rate: int, voice: list[Span]
) -> AsrResult:
    """`transcriber`'s result, continued where Whisper stopped early.

    Whisper can end a 30 s chunk with a final timestamp and skip the rest of it: on a noisy and on an
    echoey rendering of a real telephone call it wrote the first 8.6 s of 24 s and nothing after. When
    `voice` (seconds of the window) holds at least `_SKIPPED_VOICE_S` after the last word, the audio after
    that word is decoded again (at most `_MAX_CONTINUATIONS` times) and its words appended; the guard that
    follows judges them like any other. A result without words is left alone: decoding the same audio
    again would say the same."""
    result = transcriber.transcribe(samples)
    for _ in range(_MAX_CONTINUATIONS):
        if not result.words:
            break
        resume_s = max(w.end for w in result.words)
        if _overlap(resume_s, float("inf"), voice) < _SKIPPED_VOICE_S:
            break
        more = transcriber.transcribe(samples[round(resume_s * sample_rate) :])
        if not more.words:
            break
        words = [replace(w, start=w.start + resume_s, end=w.end + resume_s) for w in more.words]
        segments = [
            {**seg, "start": seg["start"] + resume_s, "end": seg["end"] + resume_s} for seg in more.segments
        ]
        result = replace(
            result,
            words=result.words + words,
            segments=result.segments + segments,
            latency_ms=result.latency_ms + more.latency_ms,
            passes=result.passes + more.passes,
        )
    return result


def norm_word(text: str) -> str:
    """Lower case, without the punctuation Whisper puts around a word."""
    return text.strip(" ,.?!;:-").lower()


def echoes_prompt(words: Sequence[str], prompt: str | None, n: int = 4) -> bool:
    """True when `n` consecutive words of the output are `n` consecutive words of the prompt.

    Measured on a real clip of breathing between words: Whisper base read the filler prompt back
    ("mean, like, you know, I was, um,") instead of the real words."""
    if not prompt:
        return False
    said = [norm_word(w) for w in prompt.split()]
    grams = {tuple(said[i : i + n]) for i in range(len(said) - n + 1)}
    heard = [norm_word(w) for w in words]
    return any(tuple(heard[i : i + n]) in grams for i in range(len(heard) - n + 1))


def loop_start(
    words: Sequence[Word], min_onset_s: float = 0.1, *, shortest: int = 1, longest: int = 3
) -> int | None:
    """Index of the first word of a decoding loop: a phrase of `shortest` to `longest` words that
    repeats the phrase before it less than `min_onset_s` per word later.

    In a decoding loop Whisper stacks tokens on nearly the same instant ("uh," x 100 at 5.56 s; "I'm
    sorry," x 4 in 0.12 s at the end of a real clip); a spoken repetition takes time to say. Single
    words (`shortest=1`) only on decodes that fail the compression check: in fluent speech "word, word"
    can be timed 0.08 s apart; no one says a phrase of two words or more twice in 0.1 s per word."""
    said = [norm_word(w.text) for w in words]
    for i in range(1, len(words)):
        for n in range(shortest, min(longest, i) + 1):
            if said[i : i + n] == said[i - n : i] and words[i].start - words[i - n].start < min_onset_s * n:
                return i
    return None


def _overlap(start: float, end: float, spans: list[Span]) -> float:
    return sum(max(0.0, min(end, b) - max(start, a)) for a, b in spans)


def _trim(word: Word, spans: list[Span]) -> Word:
    """Clip a word to the speech spans it overlaps: Whisper stretches the first word after a silence
    back into it (a "He" at 0.0-1.34 s when speech starts at 1.22 s), which would hide the pause."""
    touching = [(a, b) for a, b in spans if min(word.end, b) > max(word.start, a)]
    if not touching:
        return word
    start, end = max(word.start, touching[0][0]), min(word.end, touching[-1][1])
    return replace(word, start=start, end=end) if end > start else word


def drop_unspoken_words(
    words: list[Word],
    spans: list[Span],
    min_overlap: float,
    min_overlap_s: float = 0.08,
    clip_to: list[Span] | None = None,
) -> tuple[list[Word], list[Word]]:
    """Split words into (kept, dropped): a word must overlap voice activity (`spans`); kept words are
    clipped to the speech they touch (`clip_to`, default `spans`: the analyzer judges voice with a
    permissive pass and clips to the strict speech spans, so a quiet voice keeps its words and a word
    stretched from speech into a silence still loses that silence; a word that touches no strict span,
    all quiet voice, keeps Whisper's times).

    Guards against hallucinations that the filler prompt can induce (an "Um," invented in trailing
    silence) and Whisper's classic "Thank you." on non-speech. A word is kept if at least
    `min_overlap` of it, or `min_overlap_s` seconds of it, is speech: the absolute floor keeps real
    first words whose timestamps Whisper stretched back into a leading silence. Zero-length words are
    judged on a 0.1 s neighbourhood.
    """
    kept: list[Word] = []
    dropped: list[Word] = []
    for w in words:
        start, end = (w.start, w.end) if w.end - w.start >= 0.05 else (w.start - 0.05, w.end + 0.05)
        seconds = _overlap(start, end, spans)
        if seconds >= min_overlap_s or seconds / max(end - start, 1e-6) >= min_overlap:
            kept.append(_trim(w, spans if clip_to is None else clip_to))
        else:
            dropped.append(w)
    return kept, dropped


def place_mistimed_words(
    kept: list[Word], dropped: list[Word], spans: list[Span], max_shift_s: float = 0.3
) -> tuple[list[Word], list[Word]]:
    """Give a dropped word the speech span next to it when no kept word claims that span.

    Whisper sometimes cannot time a word in a run of short sounds and gives it zero length just
    beside the sound (a real "uh uh uh": "uh" at 1.76 s and 3.82 s, the sounds at 1.86-2.17 s and
    3.17-3.61 s, no other word there). The guard drops such a word; a span that no word overlaps,
    within `max_shift_s` of it, is that word's sound. One word per span, words in time order.
    """
    said = [(w.start, w.end) for w in kept]
    free = [s for s in spans if _overlap(s[0], s[1], said) == 0.0]
    placed: list[Word] = []
    still: list[Word] = []
    for w in dropped:
        mid = (w.start + w.end) / 2
        near = [(max(a - mid, mid - b, 0.0), (a, b)) for a, b in free]
        distance, span = min(near, default=(float("inf"), (0.0, 0.0)))
        if distance <= max_shift_s:
            free.remove(span)
            placed.append(replace(w, start=span[0], end=span[1]))
        else:
            still.append(w)
    return sorted(kept + placed, key=lambda w: w.start), still
