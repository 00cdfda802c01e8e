"""Language of an answer: sentence sentiment, hedging, repetition and vocabulary richness.

Sentiment is VADER on filler-stripped sentences: VADER scores "like" as positive, so a nervous
"like, like" would otherwise read as enthusiasm. The VADER analyser is injected (built once).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from gpu_workers.speech.text import tokenize
from interview_core.analysis.hedges import HEDGES
from interview_core.analysis.hedges import hedge_counts as hedges
from interview_core.content.sentiment import SentimentScorer, vader_scorer

__all__ = [
    "HEDGES",
    "SentimentScorer",
    "hedges",
    "immediate_repeats",
    "language_metrics",
    "mattr",
    "vader_scorer",
]


_STOPWORDS = frozenset(
    {
        "a", "an", "the", "and", "or", "but", "so", "of", "to", "in", "on", "at", "for", "with", "by",
        "from", "as", "is", "are", "was", "were", "be", "been", "being", "i", "me", "my", "we", "our",
        "you", "your", "he", "she", "it", "its", "they", "them", "their", "this", "that", "these", "those",
        "there", "here", "have", "has", "had", "do", "does", "did", "not", "no", "yes", "um", "uh", "er",
        "hmm", "like", "know", "mean", "just", "very", "really", "then", "than", "also", "what", "which",
        "who", "when", "where", "how", "if", "because", "about", "into", "out", "up", "down", "over",
        "can", "could", "would", "should", "will", "i'm", "it's", "that's",
    }
)  # fmt: skip


def immediate_repeats(norms: Sequence[str]) -> int:
    """Word said twice in a row ("I, I fixed"), ignoring hesitation sounds between."""
    return sum(1 for a, b in pairwise(norms) if a and a == b)


def mattr(norms: Sequence[str], window: int = 50) -> float | None:
    """Moving-average type-token ratio: TTR independent of answer length (Covington & McFall 2010)."""
    if not norms:
        return None
    if len(norms) <= window:
        return round(len(set(norms)) / len(norms), 3)
    counts = Counter(norms[:window])
    total = len(counts)
    for i in range(window, len(norms)):
        out, inc = norms[i - window], norms[i]
        counts[out] -= 1
        if counts[out] == 0:
            del counts[out]
        counts[inc] += 1
        total += len(counts)
    return round(total / (len(norms) - window + 1) / window, 3)


def language_metrics(
    words: Sequence[tuple[str, float, float]],
    filler_indices: set[int],
    scorer: SentimentScorer | None,
    *,
    mattr_window: int = 50,
) -> dict[str, Any]:
    """Metrics over (text, start, end) words; `filler_indices` are stripped from text first."""
    tokens = tokenize([w[0] for w in words])
    content = [t for t in tokens if t.index not in filler_indices and t.norm]
    norms = [t.norm for t in content]
    sentences: list[dict[str, object]] = []
    current: list[int] = []
    for t in tokens:
        if t.index not in filler_indices and t.norm:
            current.append(t.index)
        if t.sentence_end and current:
            sentences.append(_sentence(words, current, scorer))
            current = []
    if current:
        sentences.append(_sentence(words, current, scorer))
    scored = [float(str(s["compound"])) for s in sentences]
    hedge_counts = hedges(norms)
    repeated = Counter(n for n in norms if n not in _STOPWORDS and len(n) > 2)
    return {
        "sentences": sentences,
        "mean_sentiment": round(sum(scored) / len(scored), 3) if scored and scorer else None,
        "hedges": hedge_counts,
        "hedge_count": sum(hedge_counts.values()),
        "immediate_repeats": immediate_repeats(norms),
        "top_repeated": [{"word": w, "count": c} for w, c in repeated.most_common(5) if c >= 2],
        "type_token_ratio": round(len(set(norms)) / len(norms), 3) if norms else None,
        "mattr": mattr(norms, mattr_window),
    }


def _sentence(
    words: Sequence[tuple[str, float, float]], idx: list[int], scorer: SentimentScorer | None
) -> dict:
    text = " ".join(words[i][0] for i in idx).strip(" ,")
    return {
        "text": text,
        "start_s": words[idx[0]][1],
        "end_s": words[idx[-1]][2],
        "compound": round(scorer(text), 3) if scorer else 0.0,
    }
