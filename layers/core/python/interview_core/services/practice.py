"""Typed-answer practice: the content report of one typed answer. Stateless: nothing is stored.

The REST route and `interview analyze ANSWER.txt` both call `practice_text`, so a typed answer gets
the same judgement whichever way it arrives, and the same judgement as a spoken answer's transcript
(`feedback.content.analyze_answer_content`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from interview_core.contracts.practice import PracticeAnswer, PracticeReport
from interview_core.contracts.text import ANSWER_MAX_CHARS, ANSWER_MIN_WORDS, clean_text
from interview_core.errors import ValidationFailedError
from interview_core.feedback.build import LEXICAL_NOTE
from interview_core.feedback.content import ContentAnalyzer, analyze_answer_content, tokens
from interview_core.feedback.model import QuestionInfo
from interview_core.questions.bank import QuestionBank, QuestionSpec

__all__ = ["TYPED_NOTE", "practice_text", "validated"]

TYPED_NOTE = (
    "A typed answer has no voice or video: delivery (pace, fillers, pauses, voice) and presence are not "
    "measured, and evidence has no times."
)


def validated(bank: QuestionBank, question_id: str, text: str) -> tuple[QuestionSpec, str]:
    """The bank's question and the normalised text, or `ValidationFailedError` (field `question_id` or
    `text`) for an unknown question or text that breaks the rules of `contracts.text`."""
    spec = bank.question(question_id)
    if spec is None:
        raise ValidationFailedError(f"unknown question '{question_id}'", field="question_id")
    try:
        return spec, clean_text(text, "the answer", max_chars=ANSWER_MAX_CHARS, min_words=ANSWER_MIN_WORDS)
    except ValueError as e:
        raise ValidationFailedError(str(e), field="text") from e


def practice_text(
    bank: QuestionBank, question_id: str, text: str, *, analyzer: ContentAnalyzer | None = None
) -> PracticeReport:
    """The content report of `text` as an answer to the bank's question `question_id` (`validated`
    first)."""
    spec, text = validated(bank, question_id, text)
    content = analyze_answer_content(QuestionInfo.from_spec(spec), text, analyzer=analyzer)
    answer = PracticeAnswer(
        **content.model_dump(),
        question_id=spec.id,
        question=spec.text,
        kind=spec.kind,
        text=text,
        word_count=len(tokens(text)),
    )
    role = next(r.id for r in bank.roles if spec in r.questions)
    notes = [TYPED_NOTE] if analyzer else [TYPED_NOTE, LEXICAL_NOTE]
    return PracticeReport(role=role, created_at=datetime.now(UTC), answers=[answer], notes=notes)
