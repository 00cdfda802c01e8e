"""Hedging phrases ("I think", "maybe", "sort of") counted in lower-case words: one list for typed
answers, reports and the speech worker, which imports it without the report's renderer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

__all__ = ["HEDGES", "hedge_counts"]

HEDGES: tuple[str, ...] = (
    "i think", "i guess", "i believe", "i suppose", "i feel like", "maybe", "perhaps", "probably",
    "possibly", "sort of", "kind of", "i'm not sure", "not sure", "might", "somewhat", "a little bit",
    "more or less", "i would say", "hopefully",
)  # fmt: skip


# Longest first, so "i'm not sure" is counted before "not sure".
_PHRASES = sorted((h.split() for h in HEDGES), key=len, reverse=True)


def hedge_counts(norms: Sequence[str]) -> dict[str, int]:
    """Counts of hedging phrases in lower-case words, longest phrase first, no overlaps (the speech
    worker counts a transcript's words with the same list)."""
    counts: Counter[str] = Counter()
    i = 0
    while i < len(norms):
        for p in _PHRASES:
            if list(norms[i : i + len(p)]) == p:
                counts[" ".join(p)] += 1
                i += len(p)
                break
        else:
            i += 1
    return dict(counts.most_common())
