"""Typed-answer practice (`POST /v1/practice/text`, `interview analyze ANSWER.txt`): the content report.

A typed answer has no delivery or presence (no voice, no face), so its report is the content part of
the full report, in the same shape: `answers[0]` carries the same fields as an answer of a recorded
session (talking points with confidence and evidence, STAR cues, keywords, relevance, hedges,
repetition). Evidence times are None: typed text has no timeline.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from interview_core.contracts.base import Contract
from interview_core.contracts.report import REPORT_SCHEMA_VERSION, AnswerContent

__all__ = ["PracticeAnswer", "PracticeReport"]


class PracticeAnswer(AnswerContent):
    index: int = Field(ge=0, default=0)
    question_id: str
    question: str
    kind: str | None = None
    text: str = Field(description="The answer as analysed (normalised: NFC, trimmed, LF line endings).")
    word_count: int = Field(ge=0)


class PracticeReport(Contract):
    schema_version: Literal[1] = REPORT_SCHEMA_VERSION
    source: Literal["typed"] = "typed"
    role: str | None = Field(default=None, description="The role whose bank holds the question.")
    created_at: datetime
    answers: list[PracticeAnswer] = Field(min_length=1)
    notes: list[str] = Field(default_factory=list)
