"""Hesitation fillers in a real voice (Montreal Forced Aligner test corpus, MIT; ../shared/media/real).

Behaviour only; precision and recall over the whole labelled set are `make eval` figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.models

REAL_SPEECH = Path(__file__).resolve().parents[3] / "shared" / "media" / "real" / "speech"


@pytest.fixture(scope="module")
def real_window(speech_analyzer):
    """Transcribe a real clip once per module: {name: WindowResult}."""
    cache: dict[str, object] = {}

    def get(name: str):
        if name not in cache:
            cache[name] = speech_analyzer.transcribe_window([(REAL_SPEECH / f"{name}.flac", 0.0)])
        return cache[name]

    return get


def _hesitations(window) -> list[str]:
    return [f.word for f in window.summary.fillers if f.kind == "hesitation"]


@pytest.mark.parametrize("name", ["mfa_breaths", "mfa_laughter", "mfa_long", "mfa_hes", "mfa_youknow"])
def test_hard_negatives_have_no_hesitations(real_window, name):
    # Given a real clip with breaths, laughter, lengthened words or "you know" but no um/uh/hm
    window = real_window(name)
    # Then no hesitation is reported ("you know" may be a discourse filler, never a hesitation)
    assert _hesitations(window) == [], window.summary.text


def test_breathing_is_not_read_as_the_prompt(real_window):
    # Given breaths between "montreal forced aligner", where Whisper read its filler prompt back
    words = real_window("mfa_breaths").summary.text.lower()
    # Then the transcript has the spoken words, not the prompt
    assert "montreal" in words and "you know" not in words, words


def test_um_is_kept_verbatim_at_its_time(real_window):
    # Given "montreal forced um aligner": three speech stretches, the middle one (3.75-4.64 s) is "um"
    window = real_window("mfa_um")
    # Then one "um" is reported inside that stretch and kept in the transcript with its time
    (um,) = [f for f in window.summary.fillers if f.kind == "hesitation"]
    assert um.word == "um" and um.start_s >= 3.6 and um.end_s <= 4.8
    assert any(w.text.lower().startswith("um") and w.start_s == um.start_s for w in window.summary.words)


def test_a_run_of_uh_is_not_over_counted(real_window):
    # Given "montreal uh uh uh uh uh uh forced aligner", where Whisper loops on "uh"
    window = real_window("mfa_uhuh")
    # Then at most six "uh" are reported (the baseline said 12), in time order, and the words after
    # the run are still transcribed (how many of the six are found is a `make eval` figure)
    fillers = [f for f in window.summary.fillers if f.kind == "hesitation"]
    assert 1 <= len(fillers) <= 6 and {f.word for f in fillers} == {"uh"}, window.summary.text
    assert [f.start_s for f in fillers] == sorted(f.start_s for f in fillers)
    assert window.summary.words[-1].start_s > fillers[-1].end_s


def test_a_run_of_six_uh_counts_six_each_at_a_sound(real_window):
    # Given "montreal uh uh uh uh uh uh forced aligner": Whisper writes six "uh" but stacks one with
    # zero length on "Force", and the first "uh" (1.39-1.61 s) has no word of its own
    window = real_window("mfa_uhuh")
    fillers = [f for f in window.summary.fillers if f.kind == "hesitation"]
    # Then exactly six are reported (not seven: the untimed one takes the heard sound's time), none
    # of zero length, the first right after "Montreal"
    assert [f.word for f in fillers] == ["uh"] * 6, window.summary.text
    assert all(f.end_s > f.start_s for f in fillers)
    assert 1.3 <= fillers[0].start_s <= 1.5


def _units(name: str):
    from gpu_workers.media import decode_audio
    from gpu_workers.speech.acoustic_fillers import sound_units

    track = decode_audio(REAL_SPEECH / f"{name}.flac", sample_rate=16_000)
    assert track is not None
    return sound_units(track.samples, track.sample_rate)


def test_the_detector_hears_a_held_uh_and_not_the_words_around_it():
    from gpu_workers.speech.acoustic_fillers import FillerModel, filler_kind

    # Given "montreal uh forced aligner" with the "uh" held for about 1.3 s (2.3-3.7 s)
    model = FillerModel.load()
    heard = [u for u in _units("mfa_uh") if model.is_filler(u)]
    # Then that sound alone is a filler, named "uh" (a vowel, not nasal)
    assert [(round(u.start, 1), round(u.end, 1), filler_kind(u)) for u in heard] == [(2.3, 3.7, "uh")]


def test_a_drawn_out_word_is_longer_than_any_hesitation():
    from gpu_workers.speech.acoustic_fillers import FillerModel

    # Given "Mooontreal" held for 3.4 s (1.3-4.8 s), as steady as a hesitation
    model = FillerModel.load()
    (long_vowel,) = [u for u in _units("mfa_long") if u.duration > 3.0]
    # Then it is not a filler: no hesitation lasts that long
    assert long_vowel.duration > model.limits.max_duration_s and not model.is_filler(long_vowel)


def test_um_is_named_by_its_nasal_close():
    from gpu_workers.speech.acoustic_fillers import filler_kind

    # Given "but um ... but um but": the second "um" is the sound at 5.8-6.6 s
    (um,) = [u for u in _units("mfa_crossword") if 5.7 <= u.start <= 5.9]
    # Then it is named "um": it opens as a vowel and closes on a nasal
    assert filler_kind(um) == "um"


def test_an_echoey_room_is_read_and_taken_out_before_transcription(real_window, speech_analyzer, tmp_path):
    import soundfile

    from evaluation.speech_renderings import add_room
    from gpu_workers.media import decode_audio
    from gpu_workers.speech.options import DereverbOptions

    limit = DereverbOptions().echo_limit_db
    # Given the real clip as recorded (close-miked) and as a bare room of 0.5 s would deliver it
    dry = real_window("mfa_crossword").summary
    track = decode_audio(REAL_SPEECH / "mfa_crossword.flac", sample_rate=16_000)
    assert track is not None
    soundfile.write(tmp_path / "room.wav", add_room(track.samples.astype("float64"), "test"), 16_000)
    wet = speech_analyzer.transcribe_window([(tmp_path / "room.wav", 0.0)]).summary
    # Then the recorded clip reads dry and is transcribed as it is; the room reads echoey and is
    # dereverberated first
    assert dry.room_echo_db is not None and dry.room_echo_db < limit and not dry.dereverberated
    assert wet.room_echo_db is not None and wet.room_echo_db > limit and wet.dereverberated
    # And the dereverberated room still gives the speaker's words and both hesitations
    assert "montreal" in wet.text.lower() and [f.word for f in wet.fillers].count("um") >= 2, wet.text
