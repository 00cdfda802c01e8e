"""The question bank: roles, their questions, and per question the talking points and keywords."""

from interview_core.questions.bank import QuestionBank, QuestionSpec, RoleSpec, load_bank

__all__ = ["QuestionBank", "QuestionSpec", "RoleSpec", "load_bank"]
