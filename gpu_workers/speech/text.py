"""Tokens of a transcript: the normalised word plus the punctuation Whisper put around it.

Filler and hedge rules need punctuation ("is, like, problem" vs "I like Python") and sentence starts,
so every rule works on `Token`s rather than on plain strings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Token", "tokenize"]

_EDGE = re.compile(r"^[^\w']+|[^\w']+$")
_SENTENCE_END = (".", "?", "!")
_ABBREVIATIONS = {"mr.", "mrs.", "ms.", "dr.", "st.", "vs.", "e.g.", "i.e.", "etc.", "jr.", "sr.", "prof."}


@dataclass(frozen=True, slots=True)
class Token:
    """`norm`: lower-case word without punctuation; `comma_after`: a pause mark follows the word;
    `sentence_start`: first word of the text or after . ? !"""

    index: int
    raw: str
    norm: str
    comma_before: bool
    comma_after: bool
    sentence_start: bool
    sentence_end: bool


def _ends_sentence(raw: str) -> bool:
    return raw.endswith(_SENTENCE_END) and raw.lower() not in _ABBREVIATIONS


def tokenize(words: Sequence[str]) -> list[Token]:
    tokens: list[Token] = []
    prev_raw = ""
    for i, raw in enumerate(words):
        raw = raw.strip()
        norm = _EDGE.sub("", raw.lower()).replace("\u2019", "'")
        stripped_prev = prev_raw.rstrip()
        tokens.append(
            Token(
                index=i,
                raw=raw,
                norm=norm,
                comma_before=stripped_prev.endswith((",", ";", ":", "-", "..."))
                or raw.startswith(("-", ",")),
                comma_after=raw.endswith((",", ";", ":", "-", "...")),
                sentence_start=i == 0 or _ends_sentence(stripped_prev),
                sentence_end=_ends_sentence(raw),
            )
        )
        prev_raw = raw
    return tokens
