"""Loads `bank.json` (data in the repo, shipped in the layer) into validated models, once."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from interview_core.errors import ValidationFailedError


class QuestionSpec(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    text: str
    kind: str = Field(description="behavioural, technical, situational or motivational")
    talking_points: tuple[str, ...]
    point_descriptions: tuple[tuple[str, ...], ...] = Field(
        default=(),
        description="Per talking point, in order: sentences of what covering it sounds like (content model).",
    )
    keywords: tuple[str, ...]
    target_seconds: tuple[int, int] = (60, 150)

    @model_validator(mode="after")
    def _one_description_list_per_point(self) -> QuestionSpec:
        if self.point_descriptions and len(self.point_descriptions) != len(self.talking_points):
            raise ValueError(f"{self.id}: point_descriptions must have one list per talking point")
        return self


class RoleSpec(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    questions: tuple[QuestionSpec, ...] = Field(min_length=1)


class QuestionBank(BaseModel):
    model_config = ConfigDict(frozen=True)

    roles: tuple[RoleSpec, ...]

    def role(self, role_id: str) -> RoleSpec:
        for role in self.roles:
            if role.id == role_id:
                return role
        known = ", ".join(r.id for r in self.roles)
        raise ValidationFailedError(f"unknown role '{role_id}' (known: {known})", field="role")

    def question(self, question_id: str) -> QuestionSpec | None:
        return next((q for r in self.roles for q in r.questions if q.id == question_id), None)

    def select(
        self,
        role_id: str,
        question_ids: list[str] | None,
        count: int = 3,
        rank: Callable[[Sequence[QuestionSpec]], Sequence[QuestionSpec]] | None = None,
    ) -> tuple[QuestionSpec, ...]:
        """The role's chosen questions in the given order, or its first `count` questions (in `rank`'s
        order when given: most relevant to a job description first)."""
        role = self.role(role_id)
        if not question_ids:
            return tuple(rank(role.questions) if rank else role.questions)[:count]
        by_id = {q.id: q for q in role.questions}
        unknown = [q for q in question_ids if q not in by_id]
        if unknown:
            raise ValidationFailedError(
                f"unknown question ids for {role_id}: {unknown}", field="question_ids"
            )
        return tuple(by_id[q] for q in question_ids)


@lru_cache(maxsize=1)
def load_bank(path: Path | None = None) -> QuestionBank:
    path = path or Path(__file__).with_name("bank.json")
    return QuestionBank.model_validate(json.loads(path.read_text()))
