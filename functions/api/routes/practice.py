"""Typed-answer practice: `POST /v1/practice/text` -> the content report (nothing is stored)."""

from __future__ import annotations

from fastapi import APIRouter

from interview_core.contracts.api import ErrorResponse, PracticeTextRequest
from interview_core.contracts.practice import PracticeReport
from interview_core.services.practice import practice_text

from ..deps import PrincipalDep, ServicesDep

router = APIRouter(
    prefix="/practice",
    tags=["practice"],
    responses={401: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
)


@router.post("/text", response_model=PracticeReport)
def practice_typed_answer(body: PracticeTextRequest, _: PrincipalDep, svc: ServicesDep) -> PracticeReport:
    """Talking points covered (with evidence), relevance, STAR cues, keywords, hedges and repetition."""
    return practice_text(svc.bank, body.question_id, body.text, analyzer=svc.content_analyzer)
