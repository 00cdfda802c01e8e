"""Fillers, verbatim and in context.

Hesitation sounds (um, uh, er, hmm) are always fillers. Discourse fillers (like, you know, I mean,
basically, so, actually, well, literally) are ordinary words too, so each has a context rule: a filler
is set off by pauses (Whisper writes commas) or opens a sentence, and is not followed by what makes it
grammatical ("I like Python", "you know the answer", "so that", "what I mean is"). Rules read the
transcript only; precision matters more than recall here because a false "you used 'like' 5 times"
destroys trust in the report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from gpu_workers.speech.text import Token, tokenize

__all__ = ["FillerHit", "detect_fillers", "filler_rates"]

Kind = Literal["hesitation", "discourse"]

HESITATIONS: dict[str, str] = {
    "um": "um", "umm": "um", "ummm": "um", "uhm": "um", "erm": "um", "mm": "hmm", "mmm": "hmm",
    "uh": "uh", "uhh": "uh", "uhhh": "uh", "ah": "uh", "er": "er", "err": "er", "eh": "uh",
    "hmm": "hmm", "hm": "hmm", "hmmm": "hmm",
}  # fmt: skip

# What follows "you know" / "I mean" when they are used literally.
_KNOW_OBJECTS = {
    "what", "how", "that", "why", "where", "when", "who", "whom", "which", "if", "whether", "it", "him",
    "her", "them", "this", "these", "those", "the", "a", "an", "about", "my", "your", "his", "our",
    "their", "me", "us", "anything", "something", "nothing", "everything", "everyone", "anyone", "more",
    "better", "each", "to",
}  # fmt: skip
_MEAN_OBJECTS = _KNOW_OBJECTS | {"by", "is", "was", "for", "business", "no", "well", "you"}
_LITERAL_BEFORE_KNOW = {
    "do",
    "did",
    "don't",
    "didn't",
    "does",
    "if",
    "would",
    "could",
    "as",
    "what",
    "should",
    "will",
}
_LITERAL_BEFORE_MEAN = {"what", "did", "do", "don't", "didn't", "if", "which", "that", "really"}
# "so" followed by these is a degree adverb or a conjunction with an object, never a filler.
_SO_GRAMMATICAL_NEXT = {"that", "far", "much", "many", "long", "as", "to", "is", "was", "do", "did", "called"}
# "like" as a verb or preposition: after a subject/auxiliary or these words it is grammatical.
_LIKE_GRAMMATICAL_BEFORE = {
    "i", "you", "we", "they", "he", "she", "would", "'d", "i'd", "we'd", "you'd", "don't", "didn't",
    "do", "does", "doesn't", "really", "looks", "look", "looked", "feel", "feels", "felt", "seems",
    "seem", "sounds", "sound", "something", "things", "anything", "nothing", "more", "just", "people",
    "much", "not", "also", "to", "would've", "i'd've", "kind", "sort",
}  # fmt: skip
_SENTENCE_ADVERBS = {"basically", "actually", "literally", "well"}


@dataclass(frozen=True, slots=True)
class FillerHit:
    """A filler over word indices [first, last] of the transcript."""

    word: str
    kind: Kind
    first: int
    last: int


def _next_norm(tokens: Sequence[Token], i: int) -> str:
    return tokens[i + 1].norm if i + 1 < len(tokens) else ""


def _prev_norm(tokens: Sequence[Token], i: int) -> str:
    return tokens[i - 1].norm if i > 0 else ""


def _clause_start(tokens: Sequence[Token], i: int, fillers_at: set[int]) -> bool:
    """Sentence start, after a comma, or right after another filler ("So basically I...")."""
    t = tokens[i]
    return t.sentence_start or t.comma_before or (i - 1) in fillers_at


def _phrase_filler(tokens: Sequence[Token], i: int) -> FillerHit | None:
    """'you know' / 'I mean' starting at token i, if used as a filler."""
    t, nxt = tokens[i], tokens[i + 1]
    pair = f"{t.norm} {nxt.norm}"
    if pair not in ("you know", "i mean"):
        return None
    after = _next_norm(tokens, i + 1)
    before = _prev_norm(tokens, i) if not t.sentence_start and not t.comma_before else ""
    literal_before, objects = (
        (_LITERAL_BEFORE_KNOW, _KNOW_OBJECTS) if pair == "you know" else (_LITERAL_BEFORE_MEAN, _MEAN_OBJECTS)
    )
    if before in literal_before:
        return None
    if after in objects and not (nxt.comma_after or nxt.sentence_end):
        return None
    # Set off by a pause, or a clause follows ("you know we picked", "I mean I fixed") -> filler.
    return FillerHit(pair, "discourse", i, i + 1)


def _word_filler(tokens: Sequence[Token], i: int, fillers_at: set[int]) -> FillerHit | None:
    t = tokens[i]
    if t.norm in HESITATIONS:
        return FillerHit(HESITATIONS[t.norm], "hesitation", i, i)
    nxt = _next_norm(tokens, i)
    if t.norm == "like":
        before = _prev_norm(tokens, i)
        set_off = t.comma_after or (t.comma_before and nxt in HESITATIONS)
        if (t.comma_before or t.sentence_start) and set_off:
            return FillerHit("like", "discourse", i, i)
        if t.comma_after and before not in _LIKE_GRAMMATICAL_BEFORE:
            return FillerHit("like", "discourse", i, i)
        return None
    if t.norm == "so":
        if nxt in _SO_GRAMMATICAL_NEXT or t.sentence_end:
            return None
        after_filler = (i - 1) in fillers_at and tokens[i - 1].norm in HESITATIONS
        if t.sentence_start or after_filler or (t.comma_before and t.comma_after):
            return FillerHit("so", "discourse", i, i)
        return None
    if t.norm in _SENTENCE_ADVERBS:
        if t.norm == "well" and not t.comma_after:
            return None  # "went well", "well known"
        if _clause_start(tokens, i, fillers_at) or t.comma_after:
            return FillerHit(t.norm, "discourse", i, i)
    return None


def detect_fillers(words: Sequence[str]) -> list[FillerHit]:
    """Fillers in a transcript given as Whisper's words (with their punctuation), in order."""
    tokens = tokenize(words)
    hits: list[FillerHit] = []
    fillers_at: set[int] = set()
    i = 0
    while i < len(tokens):
        hit = _phrase_filler(tokens, i) if i + 1 < len(tokens) else None
        hit = hit or _word_filler(tokens, i, fillers_at)
        if hit is None:
            i += 1
            continue
        hits.append(hit)
        fillers_at.update(range(hit.first, hit.last + 1))
        i = hit.last + 1
    return hits


def filler_rates(hits: Sequence[FillerHit], word_count: int, duration_s: float) -> dict[str, Any]:
    """Counts by word and kind; rate per minute of media and per 100 spoken words."""
    by_word = Counter(h.word for h in hits)
    n = len(hits)
    return {
        "count": n,
        "hesitation_count": sum(1 for h in hits if h.kind == "hesitation"),
        "discourse_count": sum(1 for h in hits if h.kind == "discourse"),
        "per_minute": round(n / (duration_s / 60.0), 2) if duration_s > 0 else 0.0,
        "per_100_words": round(100.0 * n / word_count, 2) if word_count else 0.0,
        "by_word": dict(by_word),
    }
