"""What an answer says, judged against its question: `analyze_answer_content`, the one entry point.

Recorded answers (with timed `words`) and typed answers (text only) go through the same function.

- Sentences: split at . ? ! (Whisper punctuates); with timed words each sentence keeps its times, so
  evidence can be replayed. Typed answers have no times.
- STAR cues: a part counts as present when one of its cue phrases occurs (lists below, drawn from
  how interview coaches describe each STAR part). Cues are hints, not proof of a good structure.
- Talking points, relevance: judged by the injected `ContentAnalyzer` (sentence embeddings). Without
  one, the lexical baseline: a point is covered when at least half of its content words (stop words
  removed, lightly stemmed by `stem`), or at least two of them, appear in the answer.
- Keyword used: the keyword's stem appears in the answer.
- Hedges: phrases of `HEDGES`, longest first, no overlaps (the speech worker uses the same list).
- Repetition: content words and two- or three-word phrases said at least `REPEAT_MIN` times.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from interview_core.analysis.hedges import hedge_counts
from interview_core.contracts.report import (
    AnswerContent,
    AnswerRelevance,
    Evidence,
    RepeatedPhrase,
    ReportWord,
    StarCues,
    TalkingPointCoverage,
)
from interview_core.feedback.model import QuestionInfo

__all__ = [
    "STAR_CUES",
    "ContentAnalyzer",
    "ContentAssessment",
    "PointJudgement",
    "Sentence",
    "analyze_answer_content",
    "content_words",
    "hedges",
    "keywords_used",
    "repetition",
    "sentences",
    "star_cues",
    "stem",
    "talking_points",
    "tokens",
]


@dataclass(frozen=True, slots=True)
class PointJudgement:
    probability: float  # that the talking point is covered
    sentences: list[int]  # indexes of the sentences covering it best


@dataclass(frozen=True, slots=True)
class ContentAssessment:
    points: list[PointJudgement]  # one per talking point, in order
    point_threshold: float  # covered when probability >= this
    on_topic: float  # probability that the answer addresses the question
    on_topic_threshold: float


class ContentAnalyzer(Protocol):
    """The loaded models behind content judgements (`interview_core.content.semantic`); build once, inject."""

    def assess(self, question: QuestionInfo, sentences: Sequence[str]) -> ContentAssessment: ...

    def sentiment(self, sentence: str) -> float:
        """Compound sentiment of one sentence, -1..1."""
        ...


STAR_CUES: dict[str, tuple[str, ...]] = {
    "situation": ("when i was", "at my last", "at my previous", "in my previous", "in my last", "we had",
                  "there was", "the situation", "the context", "background", "at the time", "one time",
                  "a few years ago", "last year", "working at", "i was working", "our team was"),
    "task": ("my role", "i was responsible", "responsible for", "my job was", "i needed to", "i had to",
             "the goal", "the task", "my task", "we needed to", "the challenge", "the problem was",
             "was asked to", "in charge of"),
    "action": ("i decided", "we decided", "we picked", "we chose", "set up",
               "so i", "i started", "i built", "i led", "i organised", "i organized",
               "i talked", "i spoke", "i worked", "i created", "i proposed", "i set up", "i wrote",
               "i designed", "i suggested", "i listened", "first i", "then i", "i made", "i reached out"),
    "result": ("as a result", "in the end", "the result", "the outcome", "we reduced", "we increased",
               "we improved", "increased", "reduced", "improved", "saved", "which led to", "ended up",
               "i learned", "we learned", "the lesson", "percent", "%", "we delivered", "we launched",
               "shipped"),
}  # fmt: skip

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "up",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "you",
        "your",
        "do",
        "did",
        "does",
        "can",
        "could",
        "would",
        "should",
        "about",
        "after",
        "before",
        "more",
        "most",
        "some",
        "such",
        "not",
        "no",
        "yes",
        "very",
        "just",
        "also",
        "why",
        "now",
    ]
)

_WORD = re.compile(r"[a-z0-9%']+")


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def stem(word: str) -> str:
    """Tiny suffix stripper: enough to match "learned"/"learning"/"learn" and "teams"/"team"."""
    w = word.strip("'")
    for suffix in ("ations", "ation", "ingly", "ings", "ing", "edly", "ed", "ies", "es", "s", "ly"):
        if len(w) - len(suffix) >= 3 and w.endswith(suffix):
            w = w[: -len(suffix)]
            break
    if len(w) > 3 and w[-1] == w[-2]:  # planned -> plann -> plan
        w = w[:-1]
    return w


def content_words(text: str) -> list[str]:
    return [t for t in tokens(text) if t not in STOP_WORDS and len(t) > 1]


HESITATIONS = re.compile(r"\b(?:um+|uh+|er+|ah+|hmm+|you know)\b")
REPEAT_MIN = 3
REPEAT_TOP = 5
FILLER_WORDS = frozenset(
    {
        "um",
        "umm",
        "uh",
        "uhh",
        "er",
        "ah",
        "hmm",
        "like",
        "know",
        "mean",
        "really",
        "actually",
        "basically",
        "yeah",
        "okay",
        "ok",
        "i'm",
        "it's",
        "that's",
        "we're",
        "don't",
    }
)


def star_cues(text: str) -> StarCues:
    """Cue phrases per STAR part, matched on the text with hesitations removed ("I, uh, set up")."""
    norm = " " + " ".join(tokens(HESITATIONS.sub(" ", text.lower()))) + " "
    raw = text.lower()
    found: dict[str, list[str]] = {}
    for part, cues in STAR_CUES.items():
        found[part] = [c for c in cues if (f" {c} " in norm if c != "%" else "%" in raw)]
    coverage = sum(1 for v in found.values() if v) / 4
    return StarCues(**found, coverage=coverage)


def talking_points(sents: Sequence[Sentence], points: Sequence[str]) -> list[TalkingPointCoverage]:
    """Lexical baseline: the point's content words said (stemmed); evidence is the best-matching sentence."""
    said = [{stem(t) for t in tokens(s.text)} for s in sents]
    everything = set().union(*said) if said else set()
    out: list[TalkingPointCoverage] = []
    for point in points:
        words = list(dict.fromkeys(stem(w) for w in content_words(point)))
        matched = [w for w in words if w in everything]
        overlap = len(matched) / len(words) if words else 0.0
        covered = bool(words) and (overlap >= 0.5 or len(matched) >= 2)
        best = max(range(len(sents)), key=lambda i: len(said[i] & set(words)), default=None)
        evidence = [_evidence(sents[best])] if covered and best is not None else []
        out.append(
            TalkingPointCoverage(
                point=point, covered=covered, confidence=round(overlap, 3), evidence=evidence
            )
        )
    return out


def keywords_used(text: str, keywords: Sequence[str]) -> tuple[list[str], list[str]]:
    said = " " + " ".join(stem(t) for t in tokens(text)) + " "
    used: list[str] = []
    missed: list[str] = []
    for kw in keywords:
        key = " " + " ".join(stem(t) for t in tokens(kw)) + " "
        (used if key.strip() and key in said else missed).append(kw)
    return used, missed


def hedges(text: str) -> dict[str, int]:
    """Counts of hedging phrases (longest phrase wins, no overlaps), hesitations removed first."""
    return hedge_counts(tokens(HESITATIONS.sub(" ", text.lower())))


def repetition(text: str) -> list[RepeatedPhrase]:
    """Most repeated content words and 2-3 word phrases; a phrase hides its words when said as often."""
    norms = [t for t in tokens(HESITATIONS.sub(" ", text.lower())) if t not in FILLER_WORDS]
    counts: Counter[str] = Counter()
    for n in (3, 2, 1):
        for i in range(len(norms) - n + 1):
            gram = norms[i : i + n]
            if gram[0] in STOP_WORDS or gram[-1] in STOP_WORDS or len(gram[-1]) < 3:
                continue
            counts[" ".join(gram)] += 1
    kept: list[RepeatedPhrase] = []
    for phrase, count in sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0].split()), kv[0])):
        if count < REPEAT_MIN or any(phrase in k.phrase and count <= k.count for k in kept):
            continue
        kept.append(RepeatedPhrase(phrase=phrase, count=count))
        if len(kept) == REPEAT_TOP:
            break
    return kept


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start_s: float | None = None
    end_s: float | None = None


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")


def sentences(text: str, words: Sequence[ReportWord] = ()) -> list[Sentence]:
    """Sentences of the answer, timed when the transcript's words are given."""
    if not words:
        return [Sentence(p.strip()) for p in _SENTENCE_SPLIT.split(text.strip()) if p.strip()]
    out: list[Sentence] = []
    current: list[ReportWord] = []
    for w in words:
        current.append(w)
        if w.text.strip().endswith((".", "?", "!")):
            out.append(_timed(current))
            current = []
    if current:
        out.append(_timed(current))
    return out


def _timed(ws: Sequence[ReportWord]) -> Sentence:
    return Sentence(" ".join(w.text.strip() for w in ws), ws[0].start_s, ws[-1].end_s)


def _evidence(s: Sentence) -> Evidence:
    return Evidence(text=s.text, start_s=s.start_s, end_s=s.end_s)


def _relevance(
    question: QuestionInfo, sents: Sequence[Sentence], on_topic: bool, confidence: float
) -> AnswerRelevance:
    if on_topic:
        message = "The answer addresses the question."
    else:
        opening = sents[0].text if len(sents[0].text) <= 80 else sents[0].text[:77].rstrip() + "..."
        message = f'This answer seems to be about something else ("{opening}"); '
        message += f'the question asks: "{question.text}"'
    return AnswerRelevance(on_topic=on_topic, confidence=round(confidence, 3), message=message)


def _semantic(
    question: QuestionInfo, sents: Sequence[Sentence], analyzer: ContentAnalyzer
) -> dict[str, object]:
    judged = analyzer.assess(question, [s.text for s in sents])
    points = [
        TalkingPointCoverage(
            point=point, covered=j.probability >= judged.point_threshold, confidence=round(j.probability, 3),
            evidence=[_evidence(sents[i]) for i in j.sentences],
        )
        for point, j in zip(question.talking_points, judged.points, strict=True)
    ]  # fmt: skip
    on_topic = judged.on_topic >= judged.on_topic_threshold
    confidence = judged.on_topic if on_topic else 1.0 - judged.on_topic
    return {"talking_points": points, "relevance": _relevance(question, sents, on_topic, confidence)}


def _lexical(question: QuestionInfo, sents: Sequence[Sentence]) -> dict[str, object]:
    """Without a model: word overlap for points; relevance is not judged (word overlap cannot tell)."""
    return {"talking_points": talking_points(sents, question.talking_points), "relevance": None}


def analyze_answer_content(
    question: QuestionInfo | None,
    text: str,
    words: Sequence[ReportWord] = (),
    analyzer: ContentAnalyzer | None = None,
) -> AnswerContent:
    """Everything the report says about what one answer says. `words` give evidence its times; without
    an `analyzer`, talking points and relevance fall back to the lexical baseline."""
    sents = sentences(text, words)
    found = hedges(text)
    scored = [analyzer.sentiment(s.text) for s in sents] if analyzer else []
    base = AnswerContent(
        star=star_cues(text),
        hedges=found,
        hedge_count=sum(found.values()),
        repetition=repetition(text),
        sentiment=round(sum(scored) / len(scored), 3) if scored else None,
    )
    if question is None or not sents:
        return base
    used, missed = keywords_used(text, question.keywords)
    judged = _semantic(question, sents, analyzer) if analyzer else _lexical(question, sents)
    return base.model_copy(update={"keywords_used": used, "keywords_missed": missed, **judged})
