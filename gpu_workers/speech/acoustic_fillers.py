"""Hesitations found in the sound itself, for the ones Whisper does not write.

Whisper base drops soft or isolated hesitations ("hm hm um" that Silero does not even call speech)
and never writes "hm" for a real voice. A hesitation is acoustically simple: one voiced sound of
0.15-2 s whose spectrum hardly changes (a held vowel "uh" or a nasal "mm"), not a noisy breath or
laugh, loud enough to be meant. So the window is cut into sound units (loud, non-noisy stretches split
at level dips: roughly syllables), each unit gets a few features, and a logistic regression trained on
hand-timed hesitations of the tune clips (`tools/train_filler_model.py`) scores it. A unit that
scores above the model's threshold and that no Whisper word explains becomes a hesitation word in the
transcript, named by where its sound is nasal: "uh" (a vowel), "um" (a vowel closing into a nasal),
"hmm" (nasal throughout).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from operator import attrgetter
from pathlib import Path

import numpy as np

from gpu_workers.speech.asr import Word, norm_word
from gpu_workers.speech.fillers import HESITATIONS
from gpu_workers.speech.vad import LEVEL_HOP, LEVEL_N_FFT, bridged_runs, loud_level_db, power_level_db
from interview_core.analysis.logistic import Logistic

__all__ = [
    "FEATURES",
    "MODEL_PATH",
    "FillerModel",
    "SoundUnit",
    "UnitLimits",
    "acoustic_fillers",
    "filler_kind",
    "freed_sound",
    "sound_units",
]

MODEL_PATH = Path(__file__).with_name("assets") / "filler_model.json"
FEATURES = (
    "log_duration_s",
    "level_db",
    "flatness",
    "periodicity",
    "change",
    "spread",
    "pitch_step",
    "pitch_offset",
)

_SAMPLE_RATE = 16_000
_N_FFT, _HOP = LEVEL_N_FFT, LEVEL_HOP  # 32 ms (resolves a held vowel's first formants) every 10 ms
_FRAME_S = _HOP / _SAMPLE_RATE
_MAX_FLATNESS = 0.3  # noise-like frames (breath, "s", "f") are flatter
_BRIDGE_FRAMES = 3  # a dip this short does not end a unit
_DIP_DB = 6.0  # a level dip this deep between two louder parts splits a unit (a new syllable)
_MIN_UNIT_FRAMES = 10
_NASAL_DB = -4.0  # 80-500 Hz over 500-4000 Hz: a closed mouth ("m") keeps only the low band
_MIN_LAG, _MAX_LAG = 40, 240  # pitch periods of 400 Hz down to 67 Hz, in samples
_VOICED = 0.4  # autocorrelation peak of a voiced frame
_NO_PITCH = 12.0  # semitones: the pitch features of a unit without enough voiced frames


@dataclass(frozen=True, slots=True)
class SoundUnit:
    """A loud, voiced stretch (seconds from the window start), its `FEATURES` and the nasality
    (dB, low band over mid band) of its first and last third."""

    start: float
    end: float
    features: tuple[float, ...]
    nasal_onset_db: float
    nasal_offset_db: float

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class UnitLimits:
    """Units outside these are never fillers and never scored (nor trained on): too short or too long
    for a hesitation, or unvoiced ("uh", "um" and "hm" are voiced; a click, a breath or a noisy burst
    at a window's edge is not). Voicing is the unit's median periodicity."""

    min_duration_s: float
    max_duration_s: float
    min_periodicity: float

    def admit(self, unit: SoundUnit) -> bool:
        voicing = unit.features[FEATURES.index("periodicity")]
        return self.min_duration_s <= unit.duration <= self.max_duration_s and voicing >= self.min_periodicity


@dataclass(frozen=True, slots=True)
class FillerModel:
    """The logistic regression over `FEATURES` (the content model's `Logistic`) and its `UnitLimits`."""

    logistic: Logistic
    limits: UnitLimits

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> FillerModel:
        data = json.loads(path.read_text())
        logistic = Logistic.from_json(data)
        if logistic.features != FEATURES:
            raise ValueError(f"{path}: features {list(logistic.features)} are not {list(FEATURES)}")
        limits = ("min_duration_s", "max_duration_s", "min_periodicity")
        return cls(logistic, UnitLimits(**{k: float(data[k]) for k in limits}))

    def probability(self, unit: SoundUnit) -> float:
        return self.logistic.probability(unit.features)

    def is_filler(self, unit: SoundUnit) -> bool:
        return self.limits.admit(unit) and self.probability(unit) >= self.logistic.threshold


def _split_at_dips(level: np.ndarray, a: int, b: int) -> list[tuple[int, int]]:
    from scipy.signal import find_peaks

    dips, _ = find_peaks(-level[a:b], prominence=_DIP_DB)
    cuts = [a, *(a + int(d) for d in dips), b]
    return list(pairwise(cuts))


@dataclass(frozen=True, slots=True)
class _Frames:
    """Per-10 ms-frame measures of a window."""

    level: np.ndarray  # dB
    flatness: np.ndarray  # 0 (tonal) .. 1 (white noise), 80-4000 Hz
    nasal: np.ndarray  # dB, 80-500 Hz over 500-4000 Hz
    mfcc: np.ndarray  # coefficients 1-12 (the spectral envelope's shape)
    change: np.ndarray  # MFCC movement over 40 ms
    periodicity: np.ndarray  # normalised autocorrelation peak at a pitch period
    semitones: np.ndarray  # pitch of that peak, semitones over 100 Hz


def _frames(samples: np.ndarray) -> _Frames:
    import librosa

    power = np.abs(librosa.stft(samples, n_fft=_N_FFT, hop_length=_HOP)) ** 2 + 1e-12
    freqs = librosa.fft_frequencies(sr=_SAMPLE_RATE, n_fft=_N_FFT)
    in_band = (freqs >= 80) & (freqs < 4000)
    speech_band = power[in_band]
    low = power[(freqs >= 80) & (freqs < 500)].sum(axis=0)
    mid = power[(freqs >= 500) & (freqs < 4000)].sum(axis=0)
    mel = librosa.feature.melspectrogram(S=power, sr=_SAMPLE_RATE, n_mels=40)
    mfcc = librosa.feature.mfcc(S=librosa.power_to_db(mel), n_mfcc=13)[1:]
    change = np.zeros(mfcc.shape[1])
    change[2:-2] = np.linalg.norm(mfcc[:, 4:] - mfcc[:, :-4], axis=0)
    # Voicing and pitch: the autocorrelation (inverse FFT of the power, speech band only so that low
    # rumble such as breath on the microphone does not look periodic) peaks at one pitch period,
    # 2.5-15 ms (67-400 Hz), for a voiced sound; breath and laughter's noisy bursts have no such peak.
    autocorr = np.fft.irfft(np.where(in_band[:, None], power, 0.0), axis=0)
    lag = _MIN_LAG + autocorr[_MIN_LAG:_MAX_LAG].argmax(axis=0)
    return _Frames(
        level=power_level_db(power),
        flatness=np.exp(np.log(speech_band).mean(axis=0)) / speech_band.mean(axis=0),
        nasal=10 * np.log10(low / mid),
        mfcc=mfcc,
        change=change,
        periodicity=autocorr[lag, np.arange(len(lag))] / autocorr[0],
        semitones=12 * np.log2(_SAMPLE_RATE / lag / 100.0),
    )


def _pitch_features(f: _Frames, a: int, b: int, speaker: float) -> tuple[float, float]:
    """(median frame-to-frame pitch step, distance from the speaker's median pitch), in semitones;
    a held hesitation is steady and in the speaker's usual range. Unvoiced units get the worst."""
    voiced = f.semitones[a:b][f.periodicity[a:b] >= _VOICED]
    if len(voiced) < 3:
        return _NO_PITCH, _NO_PITCH
    step = float(np.median(np.abs(np.diff(voiced))))
    return min(step, _NO_PITCH), min(abs(float(np.median(voiced)) - speaker), _NO_PITCH)


def sound_units(samples: np.ndarray, sample_rate: int = _SAMPLE_RATE) -> list[SoundUnit]:
    """Syllable-sized loud, voiced stretches of 16 kHz mono audio, with their features."""
    from scipy.ndimage import uniform_filter1d

    if sample_rate != _SAMPLE_RATE:
        raise ValueError(f"sound units need {_SAMPLE_RATE} Hz audio, got {sample_rate}")
    if len(samples) < _N_FFT:
        return []
    f = _frames(samples)
    peak = np.percentile(f.level, 95)
    loud = (f.level > loud_level_db(f.level)) & (f.flatness < _MAX_FLATNESS)
    voiced = loud & (f.periodicity >= _VOICED)
    speaker = float(np.median(f.semitones[voiced])) if voiced.any() else 0.0
    smooth = uniform_filter1d(f.level, 5)
    units: list[SoundUnit] = []
    for a0, b0 in bridged_runs(loud, _BRIDGE_FRAMES):
        for a, b in _split_at_dips(smooth, a0, b0):
            if b - a < _MIN_UNIT_FRAMES:
                continue
            third = max(1, (b - a) // 3)
            features = (
                float(np.log((b - a) * _FRAME_S)),
                float(np.median(f.level[a:b]) - peak),
                float(np.median(f.flatness[a:b])),
                float(np.median(f.periodicity[a:b])),
                float(f.change[a + 2 : b - 2].mean()),
                float(f.mfcc[:, a + 2 : b - 2].std(axis=1).mean()),  # how far the sound moves in all
                *_pitch_features(f, a, b, speaker),
            )
            units.append(
                SoundUnit(
                    start=round(a * _FRAME_S, 3),
                    end=round(b * _FRAME_S, 3),
                    features=features,
                    nasal_onset_db=float(np.median(f.nasal[a : a + third])),
                    nasal_offset_db=float(np.median(f.nasal[b - third : b])),
                )
            )
    return units


def filler_kind(unit: SoundUnit) -> str:
    """'hmm' when nasal from the start, 'um' when a vowel closes into a nasal, else 'uh'."""
    if unit.nasal_onset_db >= _NASAL_DB:
        return "hmm"
    return "um" if unit.nasal_offset_db >= _NASAL_DB else "uh"


def _overlap(unit: SoundUnit, word: Word) -> float:
    return max(0.0, min(unit.end, word.end) - max(unit.start, word.start))


def _touches(unit: SoundUnit, word: Word) -> bool:
    return word.start <= unit.end and word.end >= unit.start  # zero-length words too


# Whisper times a hesitation it does not write into a neighbouring word: on a real cold-voice clip,
# "happened uh and uh that" came back as "happened and that" with "and" over 1.1 s. A word longer than
# both of these is overlong; it explains only the sound continuous with its onset (units joined across
# gaps under `_JOIN_S`), so a filler-like unit behind a gap inside it is free to be a hesitation. A held
# ending ("sooo", a drawn-out "aligner") is continuous sound and stays the word's. Limits set from the
# tune clips' word durations (longest ordinary words 0.4-0.7 s, 0.05-0.2 s per letter).
_OVERLONG_S = 0.6
_OVERLONG_S_PER_LETTER = 0.2
_JOIN_S = 0.15


def _own_sound(word: Word, units: Sequence[SoundUnit]) -> Word:
    """`word` cut back to the units continuous with its onset when it is overlong, else `word`."""
    length = word.end - word.start
    letters = sum(c.isalpha() for c in word.text)
    if length < _OVERLONG_S or length < _OVERLONG_S_PER_LETTER * letters:
        return word
    inside = sorted((u for u in units if u.end > word.start and u.start < word.end), key=attrgetter("start"))
    if not inside:
        return word
    end = inside[0].end
    for unit in inside[1:]:
        if unit.start - end >= _JOIN_S:
            break
        end = max(end, unit.end)
    return replace(word, end=min(word.end, end))


def _explained(
    unit: SoundUnit, hesitations: Sequence[Word], others: Sequence[Word], max_share: float
) -> bool:
    """A hesitation Whisper wrote touches the unit (counted once, as Whisper's: its times are often off
    by a few tenths), a word runs into the unit's start (the word's lengthened ending, "sooo"), or
    words cover more than `max_share` of it."""
    if any(_touches(unit, w) for w in hesitations):
        return True
    if any(w.start < unit.start < w.end for w in others):
        return True
    return sum(_overlap(unit, w) for w in others) > max_share * unit.duration


# Whisper's word for hesitations it cannot name among cut-off words (a real clip: "Oh, oh, oh, ..."
# over an "uh" and an "hm"). A spoken "oh" glides (a diphthong), so the model does not score it as a
# held filler; a steady, filler-like sound under it is a hesitation.
_MISNAMED = frozenset({"oh"})


def _renamed(word: Word, units: Sequence[SoundUnit], model: FillerModel) -> Word | None:
    """The hesitation a misnamed word is, at its sound's time, or None when it is the word it says."""
    if norm_word(word.text) not in _MISNAMED:
        return None
    heard = [u for u in units if _touches(u, word) and model.is_filler(u)]
    if not heard:
        return None
    unit = max(heard, key=lambda u: _overlap(u, word))
    kind = filler_kind(unit)
    name = kind.capitalize() if word.text[:1].isupper() else kind
    punctuation = word.text[len(word.text.rstrip(",.?!;:")) :]
    return Word(name + punctuation, unit.start, unit.end, round(model.probability(unit), 3))


def acoustic_fillers(
    units: Sequence[SoundUnit],
    words: Sequence[Word],
    model: FillerModel,
    *,
    max_word_share: float = 0.5,
) -> tuple[list[Word], list[Word]]:
    """(the transcript's words with the hesitations heard in the sound, those hesitations).

    A filler-like unit that Whisper's words do not explain becomes a hesitation word at the unit's
    time; an "oh" written over a filler-like unit becomes the hesitation it is. A hesitation Whisper
    wrote with no time (zero length) outside any sound unit is Whisper's count without a place
    (measured in a real run of six "uh": five timed, one stacked on the next word): it takes the
    nearest heard unit's time instead of being counted twice.
    """
    renamed = {i: r for i, w in enumerate(words) if (r := _renamed(w, units, model)) is not None}
    words = [renamed.get(i, w) for i, w in enumerate(words)]
    hesitations = [w for w in words if norm_word(w.text) in HESITATIONS]
    own = [w if w in hesitations else _own_sound(w, units) for w in words]
    others = [o for o, w in zip(own, words, strict=True) if w not in hesitations]
    heard = [
        Word(f"{filler_kind(u)},", u.start, u.end, round(model.probability(u), 3))
        for u in units
        if not _explained(u, hesitations, others, max_word_share) and model.is_filler(u)
    ]
    # An overlong word that a hesitation was freed from ends where its own sound does.
    words = [
        o if any(o.end <= h.start < w.end for h in heard) else w for o, w in zip(own, words, strict=True)
    ]
    placed: dict[int, Word] = {}
    for i, w in enumerate(words):
        untimed = w in hesitations and w.end <= w.start and not any(_touches(u, w) for u in units)
        if untimed and heard:
            nearest = min(heard, key=lambda h: abs((h.start + h.end) / 2 - w.start))
            heard.remove(nearest)
            placed[i] = replace(w, start=nearest.start, end=nearest.end)
    kept = [placed.get(i, w) for i, w in enumerate(words)]
    by_time = attrgetter("start")
    return sorted(kept + heard, key=by_time), sorted(heard + list(renamed.values()), key=by_time)


def freed_sound(
    words: Sequence[Word], units: Sequence[SoundUnit], model: FillerModel
) -> list[tuple[int, float, float, float]]:
    """(word index, end of the word's own sound, start, end) of voiced sound that an overlong word's
    timing covers past its own sound and that the model did not call a hesitation: where Whisper may
    have folded in one it did not write."""
    freed = []
    for i, word in enumerate(words):
        if norm_word(word.text) in HESITATIONS:
            continue
        own = _own_sound(word, units)
        behind = [
            u for u in units if own.end <= u.start and u.end <= word.end + _JOIN_S and model.limits.admit(u)
        ]
        if own.end < word.end and behind:
            freed.append((i, own.end, behind[0].start, behind[-1].end))
    return freed
