"""Content heuristics over a transcript: STAR cues, talking points, keywords. Documented, not magic.

- Words are lower-cased, punctuation stripped and lightly stemmed (`stem`: common English suffixes
  removed, so "led"/"leading"/"leads" do not all match but "built"/"building" partly do). No NLP model:
  this runs in Lambda.
- STAR cues: a part counts as present when one of its cue phrases occurs (lists below, drawn from
  how interview coaches describe each STAR part). Cues are hints, not proof of a good structure.
- Talking point covered: at least half of the point's content words (stop words removed), or at
  least two of them, appear (stemmed) in the answer.
- Keyword used: the keyword's stem appears in the answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from interview_core.contracts.report import StarCues, TalkingPointCoverage

__all__ = ["STAR_CUES", "content_words", "keywords_used", "star_cues", "stem", "talking_points", "tokens"]

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


def star_cues(text: str) -> StarCues:
    """Cue phrases per STAR part, matched on the text with hesitations removed ("I, uh, set up")."""
    norm = " " + " ".join(tokens(HESITATIONS.sub(" ", text.lower()))) + " "
    raw = text.lower()
    found: dict[str, list[str]] = {}
    for part, cues in STAR_CUES.items():
        found[part] = [c for c in cues if (f" {c} " in norm if c != "%" else "%" in raw)]
    coverage = sum(1 for v in found.values() if v) / 4
    return StarCues(**found, coverage=coverage)


def talking_points(text: str, points: Sequence[str]) -> list[TalkingPointCoverage]:
    said = {stem(t) for t in tokens(text)}
    out: list[TalkingPointCoverage] = []
    for point in points:
        words = list(dict.fromkeys(content_words(point)))
        matched = [w for w in words if stem(w) in said]
        overlap = len(matched) / len(words) if words else 0.0
        covered = bool(words) and (overlap >= 0.5 or len(matched) >= 2)
        out.append(
            TalkingPointCoverage(point=point, covered=covered, matched=matched, overlap=round(overlap, 3))
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
