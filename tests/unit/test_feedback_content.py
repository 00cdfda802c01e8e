"""analyze_answer_content: sentences and evidence times, hedges, repetition, relevance, both judges."""

from collections.abc import Sequence

import numpy as np
import pytest

from interview_core.analysis.logistic import Logistic
from interview_core.content.semantic import Calibration, SemanticAnalyzer, answer_features
from interview_core.contracts.report import ReportWord
from interview_core.feedback import build_report
from interview_core.feedback.build import LEXICAL_NOTE
from interview_core.feedback.content import (
    ContentAssessment,
    PointJudgement,
    analyze_answer_content,
    hedges,
    repetition,
    sentences,
)
from interview_core.feedback.fakes import fake_session
from interview_core.feedback.model import QuestionInfo

pytestmark = pytest.mark.unit

QUESTION = QuestionInfo(
    id="gen-strength",
    text="What is your greatest strength, and how has it helped a team?",
    kind="behavioural",
    talking_points=("name the strength", "a concrete example", "impact on the team"),
    keywords=("strength", "example", "team"),
)


class FixedAnalyzer:
    """A ContentAnalyzer fake: returns the judgement it was built with and records what it was asked."""

    def __init__(self, probs: Sequence[float], sentences: Sequence[list[int]], on_topic: float) -> None:
        self.assessment = ContentAssessment(
            points=[PointJudgement(p, s) for p, s in zip(probs, sentences, strict=True)],
            point_threshold=0.5, on_topic=on_topic, on_topic_threshold=0.5,
        )  # fmt: skip
        self.asked: list[str] = []

    def assess(self, question: QuestionInfo, sentences: Sequence[str]) -> ContentAssessment:
        self.asked = list(sentences)
        return self.assessment

    def sentiment(self, sentence: str) -> float:
        return 0.5


def _words(text: str, start: float = 10.0, step: float = 0.5) -> list[ReportWord]:
    return [ReportWord(text=w, start_s=start + i * step, end_s=start + i * step + 0.4)
            for i, w in enumerate(text.split())]  # fmt: skip


def test_sentences_keep_their_times_when_words_are_given():
    # Given a transcript of two sentences with timed words from 10 s
    text = "I am persistent. I traced every failed call."
    # When splitting it into sentences, with and without the words
    timed = sentences(text, _words(text))
    typed = sentences(text)
    # Then the timed ones span their words and the typed ones carry no times
    assert [s.text for s in timed] == ["I am persistent.", "I traced every failed call."]
    assert (timed[1].start_s, timed[1].end_s) == (11.5, 13.9)
    assert [s.text for s in typed] == [s.text for s in timed]
    assert typed[0].start_s is None


def test_semantic_judgement_gives_coverage_confidence_and_timed_evidence():
    # Given an analyzer that finds the first point in sentence 0 and the second in sentences 1-2
    text = "My strength is persistence. Last year I traced every failed call. It took a week."
    analyzer = FixedAnalyzer([0.9, 0.7, 0.2], [[0], [1, 2], [2]], on_topic=0.95)
    # When analysing the recorded answer
    content = analyze_answer_content(QUESTION, text, _words(text), analyzer)
    # Then points at or above the threshold are covered, with their sentences and times as evidence
    assert [p.covered for p in content.talking_points] == [True, True, False]
    assert [p.confidence for p in content.talking_points] == [0.9, 0.7, 0.2]
    second = content.talking_points[1].evidence
    assert [e.text for e in second] == ["Last year I traced every failed call.", "It took a week."]
    assert second[0].start_s == 12.0 and second[1].end_s == pytest.approx(17.4)
    assert analyzer.asked == [s.text for s in sentences(text)]
    assert (
        content.relevance is not None and content.relevance.on_topic and content.relevance.confidence == 0.95
    )
    assert content.sentiment == 0.5


def test_off_topic_answer_is_flagged_with_the_question_in_the_message():
    # Given an analyzer that judges the answer off topic (p on topic 0.1)
    text = "I go bouldering three times a week. I also bake sourdough bread."
    content = analyze_answer_content(QUESTION, text, analyzer=FixedAnalyzer([0.1] * 3, [[0]] * 3, 0.1))
    # Then relevance says so, quoting the answer and the question, with confidence 0.9
    rel = content.relevance
    assert rel is not None and not rel.on_topic and rel.confidence == 0.9
    assert "bouldering" in rel.message and QUESTION.text in rel.message


def test_without_an_analyzer_points_use_word_overlap_and_relevance_is_not_judged():
    # Given a typed answer that names the strength in the point's own words
    text = "My greatest strength is persistence. For example, I fixed a hard bug."
    # When no analyzer is given
    content = analyze_answer_content(QUESTION, text)
    # Then the lexical baseline decides, and relevance and sentiment are left unmeasured
    assert [p.covered for p in content.talking_points] == [True, True, False]
    assert content.relevance is None and content.sentiment is None
    assert content.talking_points[0].evidence[0].start_s is None


def test_no_question_gives_structure_and_language_only():
    content = analyze_answer_content(None, "Um, I think I maybe fixed it. I think so.")
    assert content.talking_points == [] and content.relevance is None
    assert content.hedges == {"i think": 2, "maybe": 1} and content.hedge_count == 3


def test_hedges_skip_hesitations_and_do_not_overlap():
    # "I, um, think" is still "i think"; "i'm not sure" wins over "not sure"
    assert hedges("I, um, think it works. I'm not sure, kind of.") == {
        "i think": 1,
        "i'm not sure": 1,
        "kind of": 1,
    }


def test_repetition_lists_phrases_said_three_times_and_hides_their_words():
    # Given an answer repeating "root cause" three times and "team" three times, "bug" twice
    text = ("The root cause was a race. Finding the root cause took the team a week. The root cause "
            "taught the team a lot, and the team fixed the bug. Another bug came later.")  # fmt: skip
    reps = repetition(text)
    # Then the phrase is listed instead of its words, words under three repeats are not
    assert [(r.phrase, r.count) for r in reps] == [("root cause", 3), ("team", 3)]


def test_off_topic_answer_lowers_the_content_score_and_is_recommended():
    # Given the same session judged on topic and off topic
    session = fake_session()
    n = len(session.answers[0].question.talking_points)
    on = build_report(session, analyzer=FixedAnalyzer([0.9] * n, [[0]] * n, on_topic=0.95))
    off = build_report(session, analyzer=FixedAnalyzer([0.1] * n, [[0]] * n, on_topic=0.05))
    # Then the off-topic report scores content lower and its relevance metric is 5%
    assert off.scores.content.value is not None and on.scores.content.value is not None
    assert off.scores.content.value < on.scores.content.value
    relevance = next(m for m in off.scores.content.metrics if m.key == "answer_relevance")
    assert relevance.measured and relevance.value == 5.0
    assert LEXICAL_NOTE not in off.analysis_notes


def test_report_without_the_model_says_points_were_judged_by_word_overlap():
    report = build_report(fake_session())
    assert LEXICAL_NOTE in report.analysis_notes
    relevance = next(m for m in report.scores.content.metrics if m.key == "answer_relevance")
    assert not relevance.measured


def test_logistic_is_standardised_and_monotonic():
    model = Logistic(("a", "b"), (1.0, 0.0), (2.0, 1.0), (1.0, 1.0), 0.0, 0.5)
    assert model.probability((1.0, 0.0)) == pytest.approx(0.5)
    assert model.probability((3.0, 0.0)) > model.probability((2.0, 0.0)) > 0.5


def test_features_pick_the_best_window_as_evidence():
    # Given three orthogonal sentence vectors; point 0's description is the sum of sentences 1 and 2
    sents = np.eye(3, dtype=np.float32)
    both = (sents[1] + sents[2]) / np.sqrt(2)
    feats = answer_features(sents, [both[None], sents[0][None]], sents[0], words=30)
    # Then point 0's best window is sentences 1-2 (cosine 1) and point 1's is sentence 0
    assert feats.evidence == [[1, 2], [0]]
    assert feats.points[0][0] == pytest.approx(1.0)
    assert feats.points[0][2] == pytest.approx(np.log(30))


class HashEncoder:
    """A deterministic Encoder fake: a bag of hashed words (enough to exercise the analyzer's plumbing)."""

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.split():
                out[i, hash(w.strip(".,")) % 64] += 1
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def test_semantic_analyzer_cleans_hesitations_and_uses_the_calibration():
    # Given the analyzer over the fake encoder and the committed calibration
    analyzer = SemanticAnalyzer(HashEncoder(), Calibration.load(), sentiment=lambda s: float(len(s)))
    # When assessing an answer
    judged = analyzer.assess(QUESTION, ["Um, my strength is persistence.", "Uh, it helped the team."])
    # Then every point has a probability in 0..1 and evidence, and "um," is gone before sentiment
    assert len(judged.points) == 3 and all(0 <= p.probability <= 1 for p in judged.points)
    assert all(p.sentences for p in judged.points)
    assert analyzer.sentiment("Um, fine.") == len("fine.")
