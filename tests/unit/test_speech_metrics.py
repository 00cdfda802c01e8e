"""Pace, pauses, hedging, repetition and vocabulary maths (pure)."""

from __future__ import annotations

import pytest

from gpu_workers.speech.asr import Word, drop_unspoken_words
from gpu_workers.speech.language import hedges, immediate_repeats, language_metrics, mattr
from gpu_workers.speech.pace import pace_and_pauses

pytestmark = pytest.mark.unit


def test_pace_and_pauses():
    # Given 4 words over 10 s of media with a 0.5 s and a 2.5 s gap
    spans = [(1.0, 1.5), (2.0, 2.5), (5.0, 5.5), (5.6, 6.0)]
    # When pace and pauses are measured
    pace, pauses = pace_and_pauses(spans, 10.0, pause_min_s=0.3, long_pause_s=2.0)
    # Then gaps >= 0.3 s are pauses (the 0.1 s gap is not), one is long
    assert pauses == {
        "count": 2,
        "long_count": 1,
        "long_threshold_s": 2.0,
        "mean_s": 1.5,
        "max_s": 2.5,
        "total_s": 3.0,
    }
    # and talk time is first-to-last word minus pauses: 5.0 - 3.0 = 2.0 s
    assert pace["talk_time_s"] == 2.0
    assert pace["wpm_overall"] == 24.0 and pace["wpm_speaking"] == 120.0


def test_pace_without_words():
    pace, pauses = pace_and_pauses([], 5.0)
    assert pace["word_count"] == 0 and pace["wpm_speaking"] == 0.0 and pauses["count"] == 0


def test_hedges_count_longest_phrase_once():
    text = "i think maybe we could sort of try i feel like it works probably"
    words = text.split(" ")
    assert hedges(words) == {"i think": 1, "maybe": 1, "sort of": 1, "i feel like": 1, "probably": 1}


def test_immediate_repeats():
    assert immediate_repeats(["i", "i", "fixed", "the", "the", "bug"]) == 2


def test_mattr_equals_ttr_for_short_texts_and_penalises_repetition():
    assert mattr(["a", "b", "a", "c"], window=50) == 0.75
    varied = [f"w{i}" for i in range(120)]
    repetitive = ["we", "did", "it"] * 40
    assert mattr(varied, window=50) == 1.0
    assert mattr(repetitive, window=50) == pytest.approx(3 / 50, abs=0.01)
    assert mattr([]) is None


def test_sentiment_is_scored_on_filler_stripped_text():
    # Given "like" as a filler (VADER scores "like" as positive)
    seen: list[str] = []

    def scorer(text: str) -> float:
        seen.append(text)
        return 0.5 if "like" in text.lower() else 0.0

    words = [
        ("It", 0.0, 0.2),
        ("was,", 0.2, 0.4),
        ("like,", 0.5, 0.7),
        ("fine.", 0.8, 1.0),
        ("Next", 1.2, 1.4),
    ]
    metrics = language_metrics(words, {2}, scorer)
    # Then the filler is not in the scored text, and sentences keep their times
    assert seen == ["It was, fine.", "Next"]
    assert metrics["mean_sentiment"] == 0.0
    assert metrics["sentences"][1]["start_s"] == 1.2


def test_hallucinated_word_in_silence_is_dropped():
    # Given a trailing "Um," that Whisper placed in silence after the last speech span
    words = [Word("We", 0.0, 0.3), Word("shipped.", 0.3, 0.8), Word("Um,", 3.0, 3.4)]
    kept, dropped = drop_unspoken_words(words, [(0.0, 1.0)], min_overlap=0.2)
    assert [w.text for w in kept] == ["We", "shipped."] and [w.text for w in dropped] == ["Um,"]


def test_first_word_stretched_into_leading_silence_is_kept_and_clipped():
    # Given Whisper's first word starting in the silence before speech (speech from 1.22 s)
    words = [Word("He", 0.0, 1.34), Word("was", 1.34, 1.52)]
    # When the guard runs
    kept, dropped = drop_unspoken_words(words, [(1.22, 3.87)], min_overlap=0.2)
    # Then the word is kept and clipped to the speech
    assert dropped == [] and (kept[0].start, kept[0].end) == (1.22, 1.34)


def _quiet_voice_window(strict: list[tuple[float, float]], sound_s: tuple[float, float] | None = None):
    """A 4 s window transcribed with fakes: Whisper's words at 0.1-1.9 s and one at 3.0-3.3 s, voice
    (the permissive pass) heard at 0-2 s, speech spans (the strict pass) `strict`; the audio is silence
    but for a 150 Hz tone over `sound_s` (on a faint hiss)."""
    import numpy as np

    from gpu_workers.media import AudioTrack
    from gpu_workers.speech import SpeechAnalyzer, SpeechOptions
    from gpu_workers.speech.asr import AsrResult

    class _Transcriber:
        name = "fake"

        def transcribe(self, samples: np.ndarray) -> AsrResult:
            words = [Word("We", 0.1, 0.4), Word("really", 1.1, 1.5), Word("shipped.", 1.5, 1.9)]
            return AsrResult([*words, Word("Thanks.", 3.0, 3.3)], "en")

    analyzer = SpeechAnalyzer(
        options=SpeechOptions(acoustic_fillers=False),
        vad=lambda samples, sr: strict,
        voice=lambda samples, sr: [(0.0, 2.0)],
        transcriber_factory=_Transcriber,
    )
    samples = np.zeros(4 * 16_000, dtype=np.float32)
    if sound_s is not None:
        samples += 1e-4 * np.random.default_rng(0).standard_normal(len(samples)).astype(np.float32)
        a, b = (round(t * 16_000) for t in sound_s)
        samples[a:b] += 0.05 * np.sin(2 * np.pi * 150.0 * np.arange(b - a) / 16_000).astype(np.float32)
    audio = AudioTrack(samples=samples, sample_rate=16_000)
    return analyzer.transcribe_window([(audio, 0.0)])


def test_guard_keeps_words_in_quiet_voice_and_drops_words_in_silence():
    # Given a window whose speech spans (strict VAD) miss a quiet stretch (1.0-2.0 s, a falsetto or a
    # cold voice) that the more permissive voice pass hears, and a word Whisper put in silence
    window = _quiet_voice_window(strict=[(0.0, 0.5)])
    # Then the quiet words stay, the word in silence goes
    assert [w.text for w in window.summary.words] == ["We", "really", "shipped."]
    assert [w["text"] for w in window.detail["dropped_words"]] == ["Thanks."]


def test_guard_keeps_a_word_over_sound_that_silero_does_not_call_voice():
    # Given a word Whisper wrote over a stretch of sound (2.9-3.4 s) clearly above the room's background
    # that the voice pass misses (Silero's probability sinks on a quiet voice in an echoey room)
    window = _quiet_voice_window(strict=[(0.0, 0.5)], sound_s=(2.9, 3.4))
    # Then the word is kept: a hallucination sits in silence or background, not over sound
    assert [w.text for w in window.summary.words] == ["We", "really", "shipped.", "Thanks."]
    assert window.detail["dropped_words"] == []


def test_a_window_spoken_only_in_a_quiet_voice_is_still_transcribed():
    # Given no speech span at all (every stretch under the strict threshold) but voice heard
    window = _quiet_voice_window(strict=[])
    # Then Whisper still runs and its words over the voice are kept
    assert [w.text for w in window.summary.words] == ["We", "really", "shipped."]


def test_sounding_spans_find_sound_above_the_background_and_not_in_steady_noise():
    import numpy as np

    from gpu_workers.speech.vad import sounding_spans

    rng = np.random.default_rng(3)
    hiss = 1e-3 * rng.standard_normal(3 * 16_000)
    # Given steady noise alone, there is no sound to find
    assert sounding_spans(hiss.astype(np.float32), 16_000) == []
    # Given a tone 0.5-1.0 s, one 20 ms click at 1.5 s, and a tone broken by a 20 ms dip at 2.0-2.5 s
    x = hiss.copy()
    t = np.arange(16_000) / 16_000
    for a, b in ((0.5, 1.0), (2.0, 2.24), (2.26, 2.5)):
        i, j = round(a * 16_000), round(b * 16_000)
        x[i:j] += 0.1 * np.sin(2 * np.pi * 200 * t[: j - i])
    x[24_000:24_320] += 0.1
    spans = sounding_spans(x.astype(np.float32), 16_000)
    # Then the two tones are found (the short dip bridged) and the click is too short to count
    assert len(spans) == 2
    for (start, end), (a, b) in zip(spans, ((0.5, 1.0), (2.0, 2.5)), strict=True):
        assert abs(start - a) <= 0.04 and abs(end - b) <= 0.04


def test_merge_spans_is_a_sorted_union():
    from gpu_workers.speech.vad import merge_spans

    assert merge_spans([(2.0, 3.0), (0.0, 1.0)], [(0.5, 1.5), (3.0, 3.5)], []) == [(0.0, 1.5), (2.0, 3.5)]
    assert merge_spans([], []) == []


def test_audible_raises_a_quiet_voice_but_not_a_quiet_room_and_never_lowers():
    import numpy as np

    from gpu_workers.speech.vad import active_level, audible

    rng = np.random.default_rng(4)
    t = np.arange(3 * 16_000) / 16_000
    syllables = np.sin(2 * np.pi * 150 * t) * (np.sin(2 * np.pi * 2 * t) > 0)
    hiss = 1e-5 * rng.standard_normal(len(t))

    def dbfs(x: np.ndarray) -> float:
        return 20 * np.log10(active_level(x))

    # Given a voice 40 dB under an ordinary level (a microphone turned down), it is raised to -26 dBFS
    quiet = (0.005 * syllables + hiss).astype(np.float32)
    assert abs(dbfs(audible(quiet, 16_000)) - -26.0) < 0.5
    # a voice at an ordinary level or louder is left as it is
    normal = (0.2 * syllables + hiss).astype(np.float32)
    assert audible(normal, 16_000) is normal
    # steady noise alone is a quiet room, not a quiet voice: not raised
    room = (1e-3 * rng.standard_normal(len(t))).astype(np.float32)
    assert audible(room, 16_000) is room
    # and a loud click never goes past -1 dBFS
    clicked = quiet.copy()
    clicked[1000] = 0.5
    assert np.abs(audible(clicked, 16_000)).max() <= 10 ** (-1 / 20) + 1e-6


def test_a_window_silero_hears_only_at_an_ordinary_level_is_transcribed():
    import numpy as np

    from gpu_workers.media import AudioTrack
    from gpu_workers.speech import SpeechAnalyzer, SpeechOptions
    from gpu_workers.speech.asr import AsrResult

    class _Transcriber:
        name = "fake"

        def transcribe(self, samples: np.ndarray) -> AsrResult:
            return AsrResult([Word("Hello.", 0.5, 1.0)], "en")

    def level_dependent_vad(samples: np.ndarray, sr: int) -> list[tuple[float, float]]:
        return [(0.0, 2.0)] if np.abs(samples).max() > 0.05 else []  # Silero's level dependence, crudely

    analyzer = SpeechAnalyzer(
        options=SpeechOptions(acoustic_fillers=False),
        vad=level_dependent_vad,
        transcriber_factory=_Transcriber,
    )
    t = np.arange(2 * 16_000) / 16_000
    tone = 0.003 * np.sin(2 * np.pi * 150 * t) * (t > 0.4) * (t < 1.2)
    samples = (tone + 1e-6 * np.random.default_rng(0).standard_normal(len(t))).astype(np.float32)
    # Given a voice so quiet that the VAD hears nothing at the recorded level
    window = analyzer.transcribe_window([(AudioTrack(samples=samples, sample_rate=16_000), 0.0)])
    # Then it is judged again at an ordinary level, and Whisper's word is kept
    assert [w.text for w in window.summary.words] == ["Hello."]
