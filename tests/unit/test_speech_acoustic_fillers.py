"""The acoustic filler detector's pieces (no model files, no real media): sound units on made sounds,
the kind by nasality, which units Whisper's words explain, the committed model's shape."""

from __future__ import annotations

import json

import numpy as np
import pytest

from gpu_workers.speech.acoustic_fillers import (
    FEATURES,
    MODEL_PATH,
    FillerModel,
    SoundUnit,
    UnitLimits,
    acoustic_fillers,
    filler_kind,
    freed_sound,
    sound_units,
)
from gpu_workers.speech.asr import AsrResult, Word
from gpu_workers.speech.second_decode import redecode_freed_sound
from interview_core.analysis.logistic import Logistic

pytestmark = pytest.mark.unit

SR = 16_000


def _vowel(seconds: float, f0: float = 110.0, formants: tuple[float, ...] = (700.0, 1200.0)) -> np.ndarray:
    """A held vowel: harmonics of f0 shaped by fixed formant peaks (what a steady "uh" is)."""
    t = np.arange(round(seconds * SR)) / SR
    out = np.zeros_like(t)
    for k in range(1, int(4000 / f0)):
        f = k * f0
        gain = sum(1.0 / (1.0 + ((f - fm) / 90.0) ** 2) for fm in formants) + 0.02
        out += gain * np.sin(2 * np.pi * f * t)
    return (0.1 * out / np.abs(out).max()).astype(np.float32)


def _with_silence(*parts: np.ndarray, gap_s: float = 0.4) -> np.ndarray:
    quiet = np.random.default_rng(0).normal(0, 1e-4, round(gap_s * SR)).astype(np.float32)
    chunks = [quiet]
    for p in parts:
        chunks += [p, quiet]
    return np.concatenate(chunks)


def _unit(
    start: float, end: float, *, onset: float = -10.0, offset: float = -10.0, periodicity: float = 0.5
) -> SoundUnit:
    features = tuple(periodicity if name == "periodicity" else 0.0 for name in FEATURES)
    return SoundUnit(start, end, features, onset, offset)


class _Always:
    """A model that calls every unit a filler (or none, with `hears=False`): isolates the merge rules."""

    limits = UnitLimits(min_duration_s=0.15, max_duration_s=2.0, min_periodicity=0.4)

    def __init__(self, hears: bool = True) -> None:
        self.hears = hears

    def is_filler(self, unit: SoundUnit) -> bool:
        return self.hears

    def probability(self, unit: SoundUnit) -> float:
        return 0.9 if self.hears else 0.1


def test_a_held_vowel_is_one_steady_unit_at_its_time():
    # Given 0.6 s of a held vowel between silences
    audio = _with_silence(_vowel(0.6))
    # When it is cut into sound units
    (unit,) = sound_units(audio, SR)
    # Then one unit covers the vowel (0.4-1.0 s) and its spectrum barely moves
    assert unit.start == pytest.approx(0.4, abs=0.05) and unit.end == pytest.approx(1.0, abs=0.05)
    features = dict(zip(FEATURES, unit.features, strict=True))
    assert features["periodicity"] > 0.5 and features["flatness"] < 0.1


def test_noise_makes_no_unit():
    # Given a burst of white noise (a breath, a fricative) as loud as speech
    noise = np.random.default_rng(1).normal(0, 0.05, SR // 2).astype(np.float32)
    # Then no sound unit: noise is flat, not voiced
    assert sound_units(_with_silence(noise), SR) == []


def test_a_gliding_sound_moves_more_than_a_held_one():
    # Given a held vowel and a diphthong-like glide made of three different vowels of the same length
    held = sound_units(_with_silence(_vowel(0.6)), SR)[0]
    vowels = [(300.0, 2300.0), (700.0, 1200.0), (500.0, 900.0)]
    glide_audio = np.concatenate([_vowel(0.2, formants=f) for f in vowels])
    glides = sound_units(_with_silence(glide_audio), SR)
    # Then the glide's spectral change is larger
    change = FEATURES.index("change")
    assert max(u.features[change] for u in glides) > held.features[change]


def test_other_sample_rates_are_refused():
    with pytest.raises(ValueError, match="16000"):
        sound_units(np.zeros(8000, np.float32), 8000)


def test_short_audio_has_no_units():
    assert sound_units(np.zeros(100, np.float32), SR) == []


@pytest.mark.parametrize(
    ("onset", "offset", "kind"),
    [(-10.0, -10.0, "uh"), (-10.0, 2.0, "um"), (1.0, 2.0, "hmm"), (0.0, -9.0, "hmm")],
)
def test_kind_follows_where_the_sound_is_nasal(onset, offset, kind):
    # A vowel throughout is "uh", a vowel closing into a nasal is "um", nasal from the start is "hmm"
    assert filler_kind(_unit(1.0, 1.5, onset=onset, offset=offset)) == kind


def test_units_explained_by_whisper_words_are_not_added():
    units = [_unit(1.0, 1.5), _unit(2.0, 2.6), _unit(3.0, 3.4), _unit(4.0, 4.5, offset=3.0), _unit(5.0, 5.6)]
    words = [
        Word("uh,", 1.45, 1.45),  # a hesitation Whisper wrote, touching the first unit: already counted
        Word("so", 1.9, 2.5),  # covers most of the second unit: a lengthened word
        Word("today", 2.5, 2.95),  # ends before the third: that one is a dropped filler
        Word("well", 4.8, 5.1),  # runs into the last unit's start: its lengthened ending ("welll")
    ]
    merged, heard = acoustic_fillers(units, words, _Always())  # type: ignore[arg-type]
    assert [(w.text, w.start, w.end) for w in heard] == [("uh,", 3.0, 3.4), ("um,", 4.0, 4.5)]
    # and the heard ones join the transcript in time order, Whisper's words unchanged
    assert [w.text for w in merged] == ["uh,", "so", "today", "uh,", "um,", "well"]


def test_an_overlong_word_explains_only_the_sound_continuous_with_its_onset():
    # Given Whisper's "happened and that" over "happened uh and uh that" (a real cold-voice clip), its
    # "and" timed over 1.14 s: its own sound, a gap, then a held "uh"; and a drawn-out "sooo" whose
    # sound runs on without a gap
    units = [
        _unit(19.3, 19.53),
        _unit(19.84, 20.2),
        _unit(20.55, 20.9),
        _unit(22.0, 22.3),
        _unit(22.35, 23.0),
    ]
    words = [
        Word("happened", 18.98, 19.36),
        Word("and", 19.36, 20.5),
        Word("that,", 20.5, 21.0),
        Word("sooo", 22.0, 23.0),
    ]
    merged, heard = acoustic_fillers(units, words, _Always())  # type: ignore[arg-type]
    # Then the sound behind the gap is a hesitation, and "and" ends where its own sound does
    assert [(w.text, w.start, w.end) for w in heard] == [("uh,", 19.84, 20.2)]
    assert [(w.text, w.start, w.end) for w in merged] == [
        ("happened", 18.98, 19.36),
        ("and", 19.36, 19.53),
        ("uh,", 19.84, 20.2),
        ("that,", 20.5, 21.0),
        ("sooo", 22.0, 23.0),
    ]


class _Redecoder:
    """A transcriber that hears `words` (times relative to the clip it is given) and records the clips."""

    name = "fake"

    def __init__(self, words: list[Word]) -> None:
        self.words = words
        self.clips: list[float] = []

    def transcribe(self, samples: np.ndarray) -> AsrResult:
        self.clips.append(len(samples) / SR)
        return AsrResult(words=self.words, language="en")


def test_sound_an_overlong_word_covers_past_its_own_is_decoded_again_with_its_neighbours():
    # Given "words and that" where Whisper's "and" (22.0-23.48 s, a real clip) covers its own sound, a gap,
    # then a voiced sound the model did not call a hesitation
    units = [_unit(22.0, 22.3), _unit(22.87, 23.54), _unit(23.6, 24.3)]
    words = [Word("words,", 21.86, 22.0), Word("and", 22.0, 23.48), Word("that", 23.48, 24.38)]
    assert freed_sound(words, units, _Always(hears=False)) == [(1, 22.3, 22.87, 23.54)]  # type: ignore[arg-type]
    # When the clip from "words" to "that" is decoded again and Whisper writes "um" over that sound
    redecoder = _Redecoder([Word("words,", 0.0, 0.2), Word("um,", 1.0, 1.4), Word("and", 1.6, 1.8)])
    samples = np.zeros(25 * SR, dtype=np.float32)
    merged, found = redecode_freed_sound(redecoder, samples, SR, words, units, _Always(hears=False))  # type: ignore[arg-type]
    # Then the hesitation joins at the sound's time, and "and", which Whisper now says after it, follows it
    assert redecoder.clips == [pytest.approx(24.38 - 21.86)]
    assert [(w.text, w.start, w.end) for w in found] == [("um,", 22.87, 23.54)]
    assert [(w.text, w.start, w.end) for w in merged] == [
        ("words,", 21.86, 22.0),
        ("um,", 22.87, 23.54),
        ("and", 23.54, 23.54),
        ("that", 23.48, 24.38),
    ]
    # and had Whisper said "and" first, "and" would end where its own sound does
    redecoder = _Redecoder([Word("words,", 0.0, 0.2), Word("and", 0.3, 0.5), Word("um,", 1.0, 1.4)])
    merged, _ = redecode_freed_sound(redecoder, samples, SR, words, units, _Always(hears=False))  # type: ignore[arg-type]
    assert [(w.text, w.start, w.end) for w in merged][1:3] == [("and", 22.0, 22.3), ("um,", 22.87, 23.54)]


def test_the_hesitation_takes_only_the_units_under_it_and_the_word_the_rest():
    # Given "to ask for" where Whisper timed "ask" over "um ask" (synthetic voice, a window opening
    # mid-speech): its own sound is the end of "to", then the "um", then the "ask"
    units = [_unit(14.73, 15.01), _unit(15.3, 15.76), _unit(16.05, 16.38), _unit(16.58, 16.8)]
    words = [Word("to", 14.5, 14.92), Word("ask", 14.92, 16.4), Word("for", 16.4, 16.74)]
    # When Whisper, given 14.5-16.74 s again, says "to, um, ask"
    redecoder = _Redecoder([Word("to,", 0.08, 0.48), Word("um,", 0.82, 1.16), Word("ask", 1.44, 1.9)])
    silence = np.zeros(18 * SR, np.float32)
    merged, _ = redecode_freed_sound(redecoder, silence, SR, words, units, _Always(False))  # type: ignore[arg-type]
    # Then "um" is the unit under Whisper's "um", and "ask" the sound after it
    assert [(w.text, w.start, w.end) for w in merged] == [
        ("to", 14.5, 14.92),
        ("um,", 15.3, 15.76),
        ("ask", 15.76, 16.4),
        ("for", 16.4, 16.74),
    ]


def test_all_freed_stretches_of_a_window_are_decoded_in_one_pass():
    # Given two overlong words, each over its own sound, a gap and a voiced sound
    units = [_unit(1.0, 1.2), _unit(1.6, 2.0), _unit(10.0, 10.2), _unit(10.6, 11.0)]
    words = [Word("so", 0.5, 0.9), Word("and", 1.0, 2.1), Word("then", 2.1, 2.4)]
    words += [Word("well", 9.6, 9.9), Word("but", 10.0, 11.1), Word("no.", 11.1, 11.4)]
    # When Whisper, given both pieces (0.5-2.4 s, then after 0.5 s of silence 9.6-11.4 s), writes "uh" in
    # the second one only
    redecoder = _Redecoder([Word("uh,", 1.9 + 0.5 + 0.6, 1.9 + 0.5 + 1.4)])
    merged, found = redecode_freed_sound(
        redecoder, np.zeros(12 * SR, np.float32), SR, words, units, _Always(False)
    )  # type: ignore[arg-type]
    # Then one decode was made, and the "uh" lands on the second stretch, on the window's time
    assert redecoder.clips == [pytest.approx(1.9 + 0.5 + 1.8)]
    assert [(w.text, w.start, w.end) for w in found] == [("uh,", 10.6, 11.0)]
    assert [w.text for w in merged] == ["so", "and", "then", "well", "but", "uh,", "no."]


def test_neighbouring_stretches_are_decoded_as_one_piece_and_a_hesitation_counts_once():
    # Given "words and that should" from a real clip: "and" and "that" both overlong, sharing context
    units = [_unit(22.0, 22.3), _unit(22.87, 23.54), _unit(23.6, 23.9), _unit(24.18, 24.45)]
    words = [Word("words,", 21.86, 22.0), Word("and", 22.0, 23.48), Word("that", 23.48, 24.38)]
    words += [Word("should", 24.38, 24.48)]
    # When Whisper, given 21.86-24.48 s once, writes one "um" over the first stretch
    redecoder = _Redecoder([Word("words,", 0.0, 0.42), Word("um,", 1.02, 1.36), Word("and", 2.38, 2.4)])
    merged, found = redecode_freed_sound(
        redecoder, np.zeros(25 * SR, np.float32), SR, words, units, _Always(False)
    )  # type: ignore[arg-type]
    # Then the speech was sent once, not twice, and the "um" belongs to the stretch it lies on only
    assert redecoder.clips == [pytest.approx(24.48 - 21.86)]
    assert [(w.text, w.start, w.end) for w in found] == [("um,", 22.87, 23.54)]
    assert [w.text for w in merged] == ["words,", "um,", "and", "that", "should"]


def test_a_second_decode_without_a_hesitation_there_changes_nothing():
    units = [_unit(22.0, 22.3), _unit(22.87, 23.54)]
    words = [Word("words,", 21.86, 22.0), Word("and", 22.0, 23.48)]
    redecoder = _Redecoder([Word("words,", 0.0, 0.2), Word("and", 0.3, 1.5), Word("uh", 0.0, 0.1)])
    merged, found = redecode_freed_sound(
        redecoder, np.zeros(25 * SR, np.float32), SR, words, units, _Always(False)
    )  # type: ignore[arg-type]
    # (the only hesitation it wrote lies before the freed sound)
    assert merged == words and found == []


def test_an_untimed_whisper_hesitation_takes_the_heard_units_time_instead_of_counting_twice():
    # Given Whisper's "uh" stacked with zero length on the next word's start (no sound there), and a
    # filler-like unit no word explains
    units = [_unit(1.4, 1.6), _unit(5.4, 5.6)]
    words = [Word("uh,", 5.32, 5.32), Word("forced", 5.32, 5.7)]
    merged, heard = acoustic_fillers(units, words, _Always())  # type: ignore[arg-type]
    # Then one "uh" is reported, at the unit's time
    assert heard == [] and [(w.text, w.start, w.end) for w in merged] == [
        ("uh,", 1.4, 1.6),
        ("forced", 5.32, 5.7),
    ]


def test_oh_over_a_held_sound_is_the_hesitation_it_sounds_like():
    # Given Whisper's "Oh," and "oh." over filler-like sounds (a vowel, a nasal) among cut-off words
    units = [_unit(6.5, 6.9), _unit(8.2, 8.6, onset=2.0, offset=2.0)]
    words = [Word("Fort,", 5.2, 5.5), Word("Oh,", 6.58, 6.66), Word("oh.", 8.3, 8.5)]
    merged, heard = acoustic_fillers(units, words, _Always())  # type: ignore[arg-type]
    # Then each becomes that hesitation at its sound's time, keeping case and punctuation
    assert [(w.text, w.start, w.end) for w in merged] == [
        ("Fort,", 5.2, 5.5),
        ("Uh,", 6.5, 6.9),
        ("hmm.", 8.2, 8.6),
    ]
    assert [w.text for w in heard] == ["Uh,", "hmm."]


def test_oh_over_a_sound_that_is_no_filler_stays_oh():
    units = [_unit(6.5, 6.9)]
    words = [Word("Oh,", 6.58, 6.66), Word("right.", 6.9, 7.2)]
    merged, heard = acoustic_fillers(units, words, _Always(hears=False))  # type: ignore[arg-type]
    assert merged == words and heard == []


def test_filler_model_needs_its_duration_range_voicing_and_threshold():
    logistic = Logistic(
        FEATURES, (0.0,) * len(FEATURES), (1.0,) * len(FEATURES), (0.0,) * len(FEATURES), 0.0, 0.5
    )
    model = FillerModel(logistic, UnitLimits(min_duration_s=0.15, max_duration_s=2.0, min_periodicity=0.4))
    # Probability 0.5 everywhere (zero weights): in range it passes, too short or too long it does not
    assert model.is_filler(_unit(1.0, 1.5))
    assert not model.is_filler(_unit(1.0, 1.1)) and not model.is_filler(_unit(1.0, 3.5))
    # and neither does an unvoiced sound of a hesitation's length (a click or a breath)
    assert not model.is_filler(_unit(1.0, 1.5, periodicity=0.3))


def test_committed_model_matches_the_features(tmp_path):
    logistic = FillerModel.load().logistic
    assert len(logistic.weights) == len(logistic.mean) == len(logistic.scale) == len(FEATURES)
    assert 0.0 < logistic.threshold < 1.0
    stale = json.loads(MODEL_PATH.read_text()) | {"features": ["level_db"]}
    (tmp_path / "m.json").write_text(json.dumps(stale))
    with pytest.raises(ValueError, match="features"):
        FillerModel.load(tmp_path / "m.json")
