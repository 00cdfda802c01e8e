"""Rules for free text people type or paste (typed answers, job descriptions): one place, clear errors.

JSON strings can carry what no one typed: lone surrogates (`"\\ud800"`), NUL and other control
characters. They are refused with the position of the first offender; line endings are normalised,
Unicode is put in NFC form (so "é" typed two ways compares equal) and the edges are trimmed.
"""

from __future__ import annotations

import re
import unicodedata

from pydantic_core import PydanticCustomError

__all__ = [
    "ANSWER_MAX_CHARS",
    "ANSWER_MIN_WORDS",
    "JOB_DESCRIPTION_MAX_CHARS",
    "JOB_DESCRIPTION_MIN_CHARS",
    "clean_text",
]

ANSWER_MIN_WORDS = 3
ANSWER_MAX_CHARS = 10_000  # about 1,500 words: ten minutes of speech, far past any answer's target
JOB_DESCRIPTION_MIN_CHARS = 20
JOB_DESCRIPTION_MAX_CHARS = 8_000  # long postings run 4,000-6,000 characters

_ALLOWED_CONTROLS = frozenset("\t\n")


def _refused(message: str) -> PydanticCustomError:
    return PydanticCustomError("invalid_text", message)  # messages hold no "{": they never quote the text


_WORD = re.compile(r"\w+")


def clean_text(
    text: str,
    what: str,
    *,
    min_chars: int = 1,
    max_chars: int,
    min_words: int = 0,
    controls: frozenset[str] = _ALLOWED_CONTROLS,
) -> str:
    """The text, normalised; a `ValueError` naming `what` and the problem when it breaks a rule (a pydantic
    custom error, so a request model's validator reports the message as it is, without a prefix).
    `controls` are the control characters allowed (after line endings are normalised to newlines)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for i, ch in enumerate(text):
        if 0xD800 <= ord(ch) <= 0xDFFF:
            raise _refused(f"{what} is not valid Unicode (a lone surrogate at character {i + 1})")
        if unicodedata.category(ch) == "Cc" and ch not in controls:
            raise _refused(f"{what} contains a control character (U+{ord(ch):04X} at character {i + 1})")
    text = unicodedata.normalize("NFC", text).strip()
    if not text:
        raise _refused(f"{what} is empty")
    if len(text) > max_chars:
        raise _refused(f"{what} is too long: {len(text):,} characters (at most {max_chars:,})")
    if len(text) < min_chars:
        raise _refused(f"{what} is too short: {len(text)} characters (at least {min_chars})")
    words = len(_WORD.findall(text))
    if words < min_words:
        raise _refused(f"{what} is too short: {words} word{'' if words == 1 else 's'} (at least {min_words})")
    return text
