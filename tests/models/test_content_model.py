"""The content model for real: MiniLM from the wheel, the committed calibration, real answers."""

import numpy as np
import pytest

from interview_core.content.semantic import SemanticAnalyzer
from interview_core.contracts.report import ReportWord
from interview_core.feedback.content import analyze_answer_content
from interview_core.feedback.model import QuestionInfo
from interview_core.questions.bank import load_bank

pytestmark = pytest.mark.models


@pytest.fixture(scope="module")
def analyzer() -> SemanticAnalyzer:
    return SemanticAnalyzer.load()


def _question(qid: str) -> QuestionInfo:
    spec = load_bank().question(qid)
    assert spec is not None
    return QuestionInfo.from_spec(spec)


def test_encoder_matches_the_published_similarity_and_ignores_padding(analyzer):
    enc = analyzer._encoder
    # Given the sentence-transformers documentation pair (cosine 0.7553 with all-MiniLM-L6-v2)
    pair = enc.embed(["A man is eating food.", "A man is eating a piece of bread."])
    assert float(pair[0] @ pair[1]) == pytest.approx(0.7553, abs=0.002)
    # And a short sentence embeds the same alone and padded next to a long one
    alone = enc.embed(["I fixed it."])[0]
    padded = enc.embed(
        ["I fixed it.", "This is a much longer sentence that forces padding of the short one."]
    )[0]
    assert np.allclose(alone, padded, atol=1e-5)


def test_the_issue_example_is_covered_in_the_candidates_own_words(analyzer):
    # Given the issue's typed answer, which keyword overlap marked "not covered"
    text = (
        "My greatest strength is persistence. Last spring our payment integration kept dropping calls, "
        "so I spent a week tracing every failed call until I found the timeout, and the failures stopped."
    )
    content = analyze_answer_content(_question("gen-tell-me-about-yourself"), text, analyzer=analyzer)
    strength = content.talking_points[1]
    # Then the strength-with-evidence point is covered, with a sentence of the answer as evidence
    assert strength.point == "a key strength with evidence" and strength.covered
    assert strength.evidence and strength.evidence[0].text in text


def test_off_topic_answer_is_flagged_and_points_are_not_covered(analyzer):
    text = (
        "Um, well, outside of work I'm really into bouldering, I go three times a week. I also bake bread, "
        "sourdough mostly. We have a board game group that meets on Thursdays."
    )
    content = analyze_answer_content(_question("gen-conflict"), text, analyzer=analyzer)
    assert content.relevance is not None and not content.relevance.on_topic
    assert content.relevance.confidence > 0.5
    assert not any(p.covered for p in content.talking_points)


def test_transcribed_answer_gets_evidence_with_its_times(analyzer):
    # Given a transcribed answer whose words start at 30 s, with Whisper's fillers
    text = (
        "Um, so we had a, uh, a deadline and the client was at risk. I asked my colleague to explain "
        "her concerns and I just listened. In the end we agreed, and I learned to listen first."
    )
    words = [
        ReportWord(text=w, start_s=30 + i * 0.4, end_s=30.3 + i * 0.4) for i, w in enumerate(text.split())
    ]
    content = analyze_answer_content(_question("gen-conflict"), text, words, analyzer)
    listened = content.talking_points[1]
    # Then "how you listened" is covered, evidenced by the listening sentence with its times
    assert listened.covered
    ev = listened.evidence[0]
    assert "listened" in " ".join(e.text for e in listened.evidence)
    assert ev.start_s is not None and ev.end_s is not None and 30 <= ev.start_s < ev.end_s
