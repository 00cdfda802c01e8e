"""Filler context rules (pure)."""

from __future__ import annotations

import pytest

from gpu_workers.speech.fillers import detect_fillers, filler_rates

pytestmark = pytest.mark.unit


def _found(text: str) -> list[str]:
    return [h.word for h in detect_fillers(text.split())]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Um, so I think, uh, my strength is, like, problem solving.", ["um", "so", "uh", "like"]),
        ("I like Python.", []),
        ("I really like, you know, the team.", ["you know"]),
        ("It looks like rain.", []),
        ("Do you know the answer?", []),
        ("You know the answer.", []),
        ("We shipped it, you know, on time.", ["you know"]),
        ("and, you know we picked the simpler option.", ["you know"]),
        ("I, uh, I mean I fixed the retry logic.", ["uh", "i mean"]),
        ("That is not what I mean.", []),
        ("I mean it.", []),
        ("So that we could ship.", []),
        ("We refactored so that it scales.", []),
        ("So, we refactored it.", ["so"]),
        ("It was so much work.", []),
        ("So basically I worked on payments.", ["so", "basically"]),
        ("It actually works.", []),
        ("Actually, it works.", ["actually"]),
        ("The launch went well.", []),
        ("Well, it depends.", ["well"]),
        ("Hmm, let me think. Er, yes.", ["hmm", "er"]),
        ("Umm, okay.", ["um"]),
    ],
)
def test_context_rules(text, expected):
    # Given a transcript with Whisper's punctuation, When fillers are detected, Then only fillers count
    assert _found(text) == expected


def test_filler_spans_cover_both_words_of_a_phrase():
    hits = detect_fillers(["we", "shipped,", "you", "know,", "on", "time"])
    assert [(h.word, h.kind, h.first, h.last) for h in hits] == [("you know", "discourse", 2, 3)]


def test_hesitation_kind_and_canonical_form():
    hits = detect_fillers(["Uhh,", "Erm,", "okay."])
    assert [(h.word, h.kind) for h in hits] == [("uh", "hesitation"), ("um", "hesitation")]


def test_rates_per_minute_and_per_100_words():
    # Given 3 fillers in 60 words over 30 s
    hits = detect_fillers(["um", "uh", "you", "know"])
    stats = filler_rates(hits, word_count=60, duration_s=30.0)
    # Then 6 per minute and 5 per 100 words
    assert stats["count"] == 3 and stats["per_minute"] == 6.0 and stats["per_100_words"] == 5.0
    assert stats["by_word"] == {"um": 1, "uh": 1, "you know": 1}


def test_rates_of_empty_window_are_zero():
    assert filler_rates([], 0, 0.0)["per_minute"] == 0.0
