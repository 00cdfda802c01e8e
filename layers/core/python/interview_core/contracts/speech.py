"""Speech analysis results: what the speech worker returns to the state machines and the report.

Pure pydantic (no numpy): Lambdas import these. Every time is in seconds on the SESSION media timeline
(the segment's `offset_s` already added), so results from different segments and windows line up.
Per-frame detail (pitch track, loudness frames, raw ASR segments) is not here: the worker writes it
to S3 as JSON and these summaries stay small enough for Step Functions payloads (256 KB).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from interview_core.contracts.base import Contract

__all__ = [
    "FillerKind",
    "FillerStats",
    "LanguageMetrics",
    "LoudnessSummary",
    "PaceSummary",
    "PauseSummary",
    "PitchSummary",
    "RateEstimate",
    "RepeatedWord",
    "SentenceSentiment",
    "SpeechSegmentSummary",
    "SpeechSpan",
    "SpokenFiller",
    "TimedWord",
    "WindowTranscript",
]

FillerKind = Literal["hesitation", "discourse"]


class SpeechSpan(Contract):
    """A stretch of voice activity."""

    start_s: float = Field(ge=0)
    end_s: float = Field(ge=0)


class PitchSummary(Contract):
    """Fundamental frequency over voiced frames; semitone measures are relative to the median."""

    median_hz: float | None = Field(default=None, description="None when too few voiced frames.")
    range_semitones: float = Field(ge=0, description="5th to 95th percentile of pitch, in semitones.")
    variability_semitones: float = Field(ge=0, description="Standard deviation of pitch, in semitones.")
    voiced_frames: int = Field(ge=0)
    monotone: bool | None = Field(
        default=None, description="Variability below the threshold; None if unknown."
    )


class LoudnessSummary(Contract):
    """RMS level of speech frames, dB relative to full scale (0 dBFS = clipping)."""

    mean_db: float | None = None
    variation_db: float = Field(ge=0, description="Standard deviation of frame levels over speech.")
    peak_db: float | None = None
    too_quiet: bool = False
    noise_db: float | None = Field(
        default=None,
        description="The room's background in the speech band (300-4000 Hz): the quietest tenth of the "
        "frames away from speech, dBFS; None with under 0.5 s of them.",
    )
    snr_db: float | None = Field(
        default=None,
        description="Speech level over noise_db, both in the speech band (so not mean_db - noise_db).",
    )


class RateEstimate(Contract):
    """Speaking rate without ASR: syllable nuclei (envelope peaks in voiced speech)."""

    syllables: int = Field(ge=0)
    syllables_per_s: float = Field(ge=0, description="Over speech time (VAD), i.e. articulation rate.")
    estimated_wpm: float = Field(ge=0, description="Over the whole segment, using syllables per word.")


class SpeechSegmentSummary(Contract):
    """Cheap live features of one media segment: feeds live nudges and the window planner."""

    seq: int = Field(ge=0, default=0)
    offset_s: float = Field(ge=0)
    duration_s: float = Field(ge=0)
    has_audio: bool
    speech_s: float = Field(ge=0)
    speech_ratio: float = Field(ge=0, le=1)
    speech_spans: list[SpeechSpan] = Field(default_factory=list)
    leading_silence_s: float = Field(ge=0)
    trailing_silence_s: float = Field(ge=0, description="Silence at the end: the window planner cuts here.")
    pitch: PitchSummary | None = None
    loudness: LoudnessSummary | None = None
    rate: RateEstimate | None = None
    latency_ms: dict[str, float] = Field(default_factory=dict)


class TimedWord(Contract):
    """One recognised word; `text` keeps Whisper's punctuation (the filler rules read it)."""

    text: str
    start_s: float = Field(ge=0)
    end_s: float = Field(ge=0)
    probability: float = Field(ge=0, le=1, default=1.0)


class SpokenFiller(Contract):
    """A filler as spoken: normalised word ("um", "you know"), its kind and time."""

    word: str
    kind: FillerKind
    start_s: float = Field(ge=0)
    end_s: float = Field(ge=0)


class FillerStats(Contract):
    count: int = Field(ge=0)
    hesitation_count: int = Field(ge=0)
    discourse_count: int = Field(ge=0)
    per_minute: float = Field(ge=0, description="Per minute of window media time.")
    per_100_words: float = Field(ge=0)
    by_word: dict[str, int] = Field(default_factory=dict)


class PaceSummary(Contract):
    word_count: int = Field(ge=0, description="Every spoken word, fillers included.")
    duration_s: float = Field(ge=0, description="Media time of the window.")
    talk_time_s: float = Field(ge=0, description="First word to last word, minus pauses.")
    wpm_overall: float = Field(ge=0, description="Words per minute of media time.")
    wpm_speaking: float = Field(ge=0, description="Words per minute of talk time.")


class PauseSummary(Contract):
    count: int = Field(ge=0)
    long_count: int = Field(ge=0)
    long_threshold_s: float = Field(gt=0)
    mean_s: float = Field(ge=0)
    max_s: float = Field(ge=0)
    total_s: float = Field(ge=0)


class SentenceSentiment(Contract):
    text: str
    start_s: float = Field(ge=0)
    end_s: float = Field(ge=0)
    compound: float = Field(ge=-1, le=1, description="VADER compound score on filler-stripped text.")


class RepeatedWord(Contract):
    word: str
    count: int = Field(ge=2)


class LanguageMetrics(Contract):
    sentences: list[SentenceSentiment] = Field(default_factory=list)
    mean_sentiment: float | None = None
    hedges: dict[str, int] = Field(default_factory=dict)
    hedge_count: int = Field(ge=0, default=0)
    immediate_repeats: int = Field(ge=0, default=0, description='Stutter-like repeats ("I, I").')
    top_repeated: list[RepeatedWord] = Field(default_factory=list, description="Most used content words.")
    type_token_ratio: float | None = None
    mattr: float | None = Field(default=None, description="Moving-average type-token ratio (window 50).")


class WindowTranscript(Contract):
    """The accurate pass over one answer window (~30 s, cut at a silence, or the answer's last part)."""

    window_index: int = Field(ge=0)
    answer_index: int = Field(ge=0)
    start_s: float = Field(ge=0)
    end_s: float = Field(ge=0)
    text: str
    language: str | None = None
    model: str
    words: list[TimedWord] = Field(default_factory=list)
    fillers: list[SpokenFiller] = Field(default_factory=list)
    filler_stats: FillerStats
    pace: PaceSummary
    pauses: PauseSummary
    language_metrics: LanguageMetrics
    room_echo_db: float | None = Field(
        default=None,
        description="The room's late reverberation, dB under the speech band's energy (higher: more echo), "
        "as weighted prediction error predicts it; None where the window is too short to read.",
    )
    dereverberated: bool = Field(
        default=False,
        description="The reading passed the worker's limit, so the echo was taken out before transcription.",
    )
    latency_ms: dict[str, float] = Field(default_factory=dict)
