"""Feedback: aggregation, explainable scores, recommendations, live nudges, progress and the HTML report.

Pure python (no numpy): the finalize Lambda and the nudge Lambda import it.
"""

from interview_core.feedback.build import build_report
from interview_core.feedback.html import render_html
from interview_core.feedback.model import AnswerInfo, ChunkData, FailedPart, QuestionInfo, SessionData
from interview_core.feedback.nudges import LiveSegment, Nudge, evaluate_nudge
from interview_core.feedback.progress import build_progress

__all__ = [
    "AnswerInfo",
    "ChunkData",
    "FailedPart",
    "LiveSegment",
    "Nudge",
    "QuestionInfo",
    "SessionData",
    "build_progress",
    "build_report",
    "evaluate_nudge",
    "render_html",
]
