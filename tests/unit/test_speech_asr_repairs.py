"""Repairs of Whisper's failure modes (pure): prompt echo, loops, mistimed words, a skipped end."""

from __future__ import annotations

import numpy as np
import pytest

from gpu_workers.speech.asr import (
    AsrResult,
    Word,
    echoes_prompt,
    loop_start,
    place_mistimed_words,
    transcribe_to_the_end,
)
from gpu_workers.speech.options import FILLER_PROMPT

pytestmark = pytest.mark.unit


def test_prompt_read_back_is_an_echo():
    # Given what Whisper base wrote over a real clip of breathing (mfa_breaths)
    heard = ["mean,", "like,", "you", "know,", "I", "was,", "um,"]
    # Then four prompt words in a row are recognised as the prompt, not speech
    assert echoes_prompt(heard, FILLER_PROMPT)


@pytest.mark.parametrize(
    "heard",
    [
        "Um, so I think, uh, my greatest strength is, like, problem solving.",
        "You know, Montreal forced aligner.",
        "I mean, it was fine.",
    ],
)
def test_speech_sharing_a_few_prompt_words_is_not_an_echo(heard):
    assert not echoes_prompt(heard.split(), FILLER_PROMPT)


def test_no_prompt_no_echo():
    assert not echoes_prompt(["um,", "so,", "uh,", "I", "mean,"], None)


def test_loop_starts_where_one_word_is_stacked_on_the_same_instant():
    # Given a decoding loop as Whisper returned it on a real run of "uh uh uh" (times in s)
    times = [1.76, 2.40, 3.82, 4.16, 4.84, 5.32, 5.32, 5.34, 5.34, 5.56]
    words = [Word("Montreal,", 1.2, 1.28)] + [Word("uh,", t, t) for t in times]
    # Then the loop starts at the second "uh" at 5.32 s: six spoken ones come before it
    cut = loop_start(words)
    assert cut == 7 and sum(w.text == "uh," for w in words[:cut]) == 6


def test_spoken_repetitions_are_not_a_loop():
    words = [Word("word,", 4.14, 4.38), Word("word,", 4.42, 4.58), Word("uh,", 4.7, 4.9), Word("uh", 5, 5.2)]
    assert loop_start(words) is None


def test_a_phrase_stacked_on_one_instant_is_a_loop_even_on_a_confident_decode():
    # Given Whisper's words at the end of a real clip: "I'm sorry," four times in 0.12 s
    words = [Word("Montreal", 0.0, 0.42), Word("Stillliner.", 0.66, 1.2), Word("I'm", 1.2, 1.2)]
    words += [Word("sorry,", 1.2, 1.24)] + [Word(t, 1.32, 1.32) for t in ["I'm", "sorry,"] * 3]
    # Then the loop starts at the first repeat, phrases only (the decode passed Whisper's checks)
    assert loop_start(words, shortest=2) == 4


def test_a_phrase_said_twice_is_not_a_loop():
    words = [Word("I'm", 1.0, 1.1), Word("sorry,", 1.1, 1.4), Word("I'm", 1.5, 1.6), Word("sorry.", 1.6, 1.9)]
    assert loop_start(words, shortest=2) is None and loop_start(words) is None


def test_mistimed_word_takes_the_free_speech_span_beside_it():
    # Given a run of "uh" where Whisper gave two of them zero length just outside their sounds
    spans = [(0.96, 1.69), (1.86, 2.17), (2.56, 2.91), (3.17, 3.61)]
    kept = [Word("Montreal,", 1.2, 1.28), Word("uh,", 2.56, 2.78)]
    dropped = [Word("uh,", 1.76, 1.76), Word("uh,", 3.82, 3.82)]
    # When dropped words are matched to speech that no word covers
    placed, still = place_mistimed_words(kept, dropped, spans)
    # Then each takes the free span next to it, in time order
    assert [(w.text, w.start, w.end) for w in placed] == [
        ("Montreal,", 1.2, 1.28),
        ("uh,", 1.86, 2.17),
        ("uh,", 2.56, 2.78),
        ("uh,", 3.17, 3.61),
    ]
    assert still == []


def test_word_in_silence_far_from_free_speech_stays_dropped():
    # Given a prompt-induced "Um," 2 s after the last speech, which a word already covers
    kept = [Word("shipped.", 0.3, 0.8)]
    placed, still = place_mistimed_words(kept, [Word("Um,", 3.0, 3.4)], [(0.0, 1.0)])
    assert placed == kept and [w.text for w in still] == ["Um,"]


class _StopsEarly:
    """A fake Whisper that writes two words at the start of whatever audio it gets, and nothing after."""

    name = "fake"

    def __init__(self) -> None:
        self.calls: list[float] = []

    def transcribe(self, samples: np.ndarray) -> AsrResult:
        self.calls.append(len(samples) / 16_000)
        words = [Word("Part", 0.2, 0.5), Word("one.", 0.5, 1.0)]
        return AsrResult(words, "en", [{"start": 0.2, "end": 1.0, "text": "Part one."}])


def test_voice_long_after_the_last_word_is_decoded_again_and_appended():
    # Given a 20 s window with voice to 19 s, and a Whisper that stops after the first second
    whisper = _StopsEarly()
    result = transcribe_to_the_end(whisper, np.zeros(20 * 16_000, np.float32), 16_000, [(0.0, 19.0)])
    # Then the audio after the last word is decoded twice more (the bound), each time from its last word
    assert whisper.calls == [20.0, 19.0, 18.0]
    assert [(w.text, w.start) for w in result.words] == [
        ("Part", 0.2), ("one.", 0.5), ("Part", 1.2), ("one.", 1.5), ("Part", 2.2), ("one.", 2.5)
    ]  # fmt: skip
    assert [seg["start"] for seg in result.segments] == [0.2, 1.2, 2.2]
    assert result.passes == 3


def test_a_trailing_breath_after_the_last_word_is_not_decoded_again():
    # Given voice running 3 s past the last word (a breath, a laugh: never over 3.1 s on the real clips)
    whisper = _StopsEarly()
    result = transcribe_to_the_end(whisper, np.zeros(5 * 16_000, np.float32), 16_000, [(0.0, 4.0)])
    # Then Whisper runs once
    assert whisper.calls == [5.0]
    assert len(result.words) == 2
