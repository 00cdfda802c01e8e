"""Job-description tailoring in the report: which of the job's key terms the answers used."""

from __future__ import annotations

from pydantic import Field

from interview_core.contracts.base import Contract

__all__ = ["JobTerms"]


class JobTerms(Contract):
    """Key terms of the session's job description (see `feedback.job_terms`), split by use."""

    used: list[str] = Field(default_factory=list, description="Job terms the answer(s) used.")
    missed: list[str] = Field(default_factory=list, description="Job terms the answer(s) did not use.")
