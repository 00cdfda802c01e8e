"""`interview analyze ANSWER.txt --questions ID`: a typed answer's content report, no AWS, no media.

A file is plain text when its extension says so (.txt, .text, .md) or, for an extension that is not a
known media type, when its first 4 KB hold no NUL byte and decode as UTF-8. Everything else goes the
media way. The answer itself must be UTF-8 (a byte order mark is allowed) and follows the same rules
as `POST /v1/practice/text` (`contracts.text`).
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from pathlib import Path

from interview_core.content import default_analyzer
from interview_core.contracts.practice import PracticeReport
from interview_core.contracts.text import ANSWER_MAX_CHARS
from interview_core.errors import ValidationFailedError
from interview_core.questions.bank import load_bank
from interview_core.services.practice import practice_text, validated
from local_platform.analyze import resolve_questions

__all__ = ["analyze_text", "is_text_file", "read_answer"]

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
MEDIA_SUFFIXES = frozenset({".webm", ".mp4", ".mov", ".mkv", ".wav", ".mp3", ".m4a", ".ogg", ".opus"})
_SNIFF_BYTES = 4096
# UTF-8 needs at most 4 bytes a character: a longer file cannot be within the character limit.
_MAX_BYTES = 4 * ANSWER_MAX_CHARS + 3


def is_text_file(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES or suffix in MEDIA_SUFFIXES:
        return suffix in TEXT_SUFFIXES
    with path.open("rb") as f:
        head = f.read(_SNIFF_BYTES)
    if not head or b"\0" in head:
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)  # may end mid-character
    except UnicodeDecodeError:
        return False
    return True


def read_answer(path: Path) -> str:
    """The file's text; `ValueError` with a one-line reason when it is not UTF-8 or far too long."""
    size = path.stat().st_size
    if size > _MAX_BYTES:
        raise ValueError(
            f"{path.name} is too long for an answer: {size:,} bytes (at most {ANSWER_MAX_CHARS:,} characters)"
        )
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ValueError(
            f"{path.name} is not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start})"
        ) from e


def analyze_text(path: Path, role: str | None, question_ids: Sequence[str] | None) -> PracticeReport:
    """The content report of the answer in `path` to the one question named (looked up in `role`)."""
    if not question_ids or len(question_ids) != 1:
        raise ValueError("a typed answer answers one question: pass --questions ID (e.g. gen-strength)")
    try:
        (spec,) = resolve_questions(role, question_ids)
        _, text = validated(load_bank(), spec.id, read_answer(path))  # refused before the model loads
        return practice_text(load_bank(), spec.id, text, analyzer=default_analyzer())
    except ValidationFailedError as e:
        raise ValueError(f"{path.name}: {e.message}") from e
