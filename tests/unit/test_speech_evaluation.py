"""The real-speech filler evaluation's scoring (pure): matching in place, names, overrides."""

from __future__ import annotations

import argparse
from types import SimpleNamespace

import pytest

from evaluation.speech import (
    Tally,
    asr_override,
    hesitation_counts,
    matched_in_place,
    rate_with_interval,
    spoken_reference,
    wilson_interval,
    word_errors,
)

pytestmark = pytest.mark.unit


def test_a_hesitation_matches_only_where_the_reference_has_it():
    # Given "uh" said after "corpus" and after "happened", and found after "the" and after "corpus"
    reference = "than the acoustic corpus uh and that just happened uh and that"
    transcript = "Than the, uh, acoustic corpus, uh, and that just happened and that."
    # Then the "uh" after "the" is a false find and the one after "happened" a miss: counts alone
    # would call both right
    assert matched_in_place(reference, transcript) == {"uh": 1}


def test_hesitations_match_under_the_references_names():
    assert matched_in_place("montreal hm uh forced", "Montreal, hmm, uh, forced.") == {"hm": 1, "uh": 1}
    assert matched_in_place("montreal um forced", "Montreal, uh, forced.") == {}
    assert matched_in_place("uh", "") == {}


def test_tally_adds_up_per_word():
    # Given one clip with 6 "uh" said, 12 found and 6 of them in place, and one with "um" said and "uh" found
    tally = Tally()
    tally.add({"uh": 12}, {"uh": 6}, {"uh": 6})
    tally.add({"uh": 1}, {"um": 1}, {})
    # Then extra finds are false positives and a wrong word is both a miss and a false positive
    assert tally.row("uh") == (6, 13, 6) and tally.row("um") == (0, 0, 1)
    assert tally.cells() == "7 | 13 | 6 | 0.46 (0.23-0.71) | 0.86 (0.49-0.97)"


def test_undefined_precision_and_recall_are_a_dash():
    assert rate_with_interval(0, 0) == "-"
    assert Tally().cells() == "0 | 0 | 0 | - | -"


def test_rates_carry_the_wilson_interval():
    # 17 of 17 found still cannot show a recall of 0.9: the interval's lower end is 0.82
    low, high = wilson_interval(17, 17)
    assert round(low, 3) == 0.816 and high == pytest.approx(1.0)
    # Wilson's interval, not the normal one: never outside [0, 1], and it narrows with more material
    assert wilson_interval(0, 5)[0] == pytest.approx(0.0) and 0.4 < wilson_interval(0, 5)[1] < 0.5
    assert wilson_interval(90, 100)[0] > wilson_interval(9, 10)[0]
    assert rate_with_interval(16, 18) == "0.89 (0.67-0.97)"


def test_worker_names_map_to_reference_names_and_discourse_fillers_are_ignored():
    fillers = [
        SimpleNamespace(word="hmm", kind="hesitation"),
        SimpleNamespace(word="uh", kind="hesitation"),
        SimpleNamespace(word="you know", kind="discourse"),
    ]
    assert hesitation_counts(fillers) == {"hm": 1, "uh": 1}


def test_asr_override_parses_the_field_type():
    assert asr_override("beam_size=5") == ("beam_size", 5)
    assert asr_override("initial_prompt=none") == ("initial_prompt", None)
    assert asr_override("initial_prompt=Um, uh.") == ("initial_prompt", "Um, uh.")


def test_unknown_asr_field_is_a_clear_error():
    with pytest.raises(argparse.ArgumentTypeError, match="FIELD=VALUE"):
        asr_override("beam=5")


def test_asr_override_refuses_values_its_field_cannot_take():
    # A typo in a bool, a word for a number, and a field no command line can express (a Path)
    for text, message in (("hallucination_vad_threshold=high", "float"), ("cache_dir=/tmp", "cannot be set")):
        with pytest.raises(argparse.ArgumentTypeError, match=message):
            asr_override(text)


def test_bool_overrides_take_only_yes_or_no_words():
    from evaluation.option_override import option_override
    from gpu_workers.speech.options import SpeechOptions

    assert option_override(SpeechOptions, "acoustic_fillers=off") == ("acoustic_fillers", False)
    with pytest.raises(argparse.ArgumentTypeError, match="takes one of"):
        option_override(SpeechOptions, "acoustic_fillers=flase")


def test_word_errors_count_against_the_spoken_reference():
    # Given a corpus reference with markup for a cut-off word and a noise
    reference = spoken_reference("<cutoff-montreal> montreal uh forced <VOCNOISE> [adif] aligner")
    assert reference == "montreal uh forced aligner"
    # Then a dropped hesitation is one error and punctuation and case are none
    assert word_errors(reference, "Montreal, forced aligner.") == (1, 4)
    # and words over a reference with no words are all insertions
    assert word_errors("", "Thank you.") == (2, 0)


def test_a_run_scores_each_split_apart_and_reads_the_rendered_clip(monkeypatch):
    import evaluation.speech_renderings as renderings
    from evaluation import speech

    rendered: list[tuple[str, str]] = []

    def render(name: str, source: str, key: str) -> str:
        rendered.append((name, key))
        return f"/{name}/{key}"

    monkeypatch.setattr(speech, "media_path", lambda path: f"/media/{path}")
    monkeypatch.setattr(renderings, "render", render)

    class _Analyzer:
        """Writes "uh" into every clip it is given, and says which file it read."""

        def __init__(self) -> None:
            self.read: list[str] = []

        def transcribe_window(self, parts):
            self.read.append(parts[0][0])
            fillers = [SimpleNamespace(word="uh", kind="hesitation")]
            return SimpleNamespace(summary=SimpleNamespace(fillers=fillers, text="So, uh, yes."))

    clips = {
        "real/a.flac": {"split": "tune", "ref": "so uh yes", "hesitations": {"uh": 1}, "voice": "v"},
        "real/b.flac": {"split": "blind", "ref": "so yes", "hesitations": {}, "voice": "v"},
        "real/c.flac": {"split": "held_out", "ref": "so yes", "hesitations": {}, "voice": "v"},
    }
    analyzer = _Analyzer()
    run = speech.run_clips(analyzer, clips, ["tune", "blind"], "noisy")
    # Then only the chosen splits are read, each through its rendering
    assert analyzer.read == ["/noisy/real/a.flac", "/noisy/real/b.flac"]
    assert rendered == [("noisy", "real/a.flac"), ("noisy", "real/b.flac")]
    # and a false find in a hard negative counts against that split alone
    assert run.tallies["tune"].row() == (1, 1, 1) and run.tallies["blind"].row() == (0, 1, 0)
    assert (run.clean["blind"], run.negatives["blind"]) == (0, 1) and run.negatives["tune"] == 0
    table = speech.rendering_table({"noisy": run}, ["tune", "blind"])
    assert "| noisy | blind | 0 | 1 | 0 | 0.00 (0.00-0.79) | - | 0 / 1 |" in table
