"""Sentence sentiment: VADER's compound score (-1..1), the one scorer of the report's content analysis,
the speech worker's transcripts and the evaluation (`python -m evaluation sentiment` says why VADER)."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["SentimentScorer", "vader_scorer"]

SentimentScorer = Callable[[str], float]


def vader_scorer() -> SentimentScorer:
    """Build VADER once (it loads its lexicon) and return its compound-score function."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    return lambda text: float(analyzer.polarity_scores(text)["compound"])
