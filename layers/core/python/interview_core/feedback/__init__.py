"""Feedback: aggregation, explainable scores, recommendations, live nudges, progress and the HTML report.

Pure python (no numpy): the finalize Lambda and the nudge Lambda import it.
"""

from interview_core.feedback.build import build_report
from interview_core.feedback.model import AnswerInfo, ChunkData, FailedPart, QuestionInfo, SessionData

__all__ = ["AnswerInfo", "ChunkData", "FailedPart", "QuestionInfo", "SessionData", "build_report"]
