"""Semantic content judgements: talking-point coverage and answer relevance from sentence embeddings.

How a talking point is judged (measured against the alternatives in `evaluation/content.py`):
- The answer's sentences are embedded (hesitations removed); windows of 1-3 consecutive sentences are
  the normalised sums of their sentence vectors, so a point made across two sentences still matches.
- Each point is compared with its descriptions (bank.json `point_descriptions`: what covering it sounds
  like in a candidate's words; a question without them uses the point itself).
- Features: the best window-description cosine, the mean over descriptions of their best window, and the
  log of the answer's word count (a short answer covers less). A logistic model fitted on the tune split
  of the labelled set (`calibration.json`, written by `python -m evaluation.content --fit`) turns them
  into a probability; the point is covered at or above the threshold fitted with it.
- Relevance: a second logistic model over the mean best-description cosine of all points and the cosine
  between the whole answer and the question text.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from interview_core.analysis.logistic import Logistic
from interview_core.feedback.content import HESITATIONS, ContentAssessment, PointJudgement
from interview_core.feedback.model import QuestionInfo

__all__ = [
    "CALIBRATION_PATH",
    "Calibration",
    "Encoder",
    "SemanticAnalyzer",
    "answer_features",
    "clean",
]

CALIBRATION_PATH = Path(__file__).with_name("calibration.json")
WINDOW_SENTENCES = 3
POINT_FEATURES = ("best_cosine", "mean_best_cosine", "log_words")
RELEVANCE_FEATURES = ("mean_point_best_cosine", "answer_question_cosine")


class Encoder(Protocol):
    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class Calibration:
    points: Logistic
    relevance: Logistic
    fitted_on: str

    @classmethod
    def load(cls, path: Path = CALIBRATION_PATH) -> Calibration:
        d = json.loads(path.read_text())
        return cls(Logistic.from_json(d["points"]), Logistic.from_json(d["relevance"]), d["fitted_on"])

    def save(self, path: Path = CALIBRATION_PATH) -> None:
        d = {
            "points": self.points.to_json(),
            "relevance": self.relevance.to_json(),
            "fitted_on": self.fitted_on,
        }
        path.write_text(json.dumps(d, indent=2) + "\n")


_SPACES = re.compile(r"\s+")


def clean(sentence: str) -> str:
    """The sentence as the model should read it: hesitations ("um,", "uh,") removed."""
    return _SPACES.sub(" ", HESITATIONS.sub(" ", sentence.lower())).replace(" ,", ",").strip(" ,")


def _unit(v: np.ndarray) -> np.ndarray:
    """A summed embedding scaled back to length 1 (the encoder's vectors are unit length)."""
    return v / max(float(np.linalg.norm(v)), 1e-12)


def _windows(s: np.ndarray) -> tuple[np.ndarray, list[list[int]]]:
    vecs: list[np.ndarray] = []
    spans: list[list[int]] = []
    for n in range(1, WINDOW_SENTENCES + 1):
        for i in range(len(s) - n + 1):
            vecs.append(_unit(s[i : i + n].sum(0)))
            spans.append(list(range(i, i + n)))
    return np.stack(vecs), spans


@dataclass(frozen=True)
class AnswerFeatures:
    points: list[tuple[float, ...]]  # per talking point, in POINT_FEATURES order
    evidence: list[list[int]]  # per talking point: sentence indexes of its best window
    relevance: tuple[float, ...]  # RELEVANCE_FEATURES order


def answer_features(
    sentence_vecs: np.ndarray, descriptions: Sequence[np.ndarray], question_vec: np.ndarray, words: int
) -> AnswerFeatures:
    """Features of one answer from its sentence embeddings and each point's description embeddings."""
    wins, spans = _windows(sentence_vecs)
    points: list[tuple[float, ...]] = []
    evidence: list[list[int]] = []
    for d in descriptions:
        sim = wins @ d.T  # windows x descriptions
        best_per_desc = sim.max(0)
        points.append((float(sim.max()), float(best_per_desc.mean()), math.log(max(words, 1))))
        evidence.append(spans[int(sim.max(1).argmax())])
    answer = _unit(sentence_vecs.sum(0))
    mean_best = float(np.mean([p[0] for p in points])) if points else 0.0
    return AnswerFeatures(points, evidence, (mean_best, float(answer @ question_vec)))


def descriptions_of(question: QuestionInfo) -> list[tuple[str, ...]]:
    """Each point's descriptions from the bank, or the point itself for questions the bank lacks."""
    from interview_core.questions.bank import load_bank

    spec = load_bank().question(question.id) if question.id else None
    if spec and spec.point_descriptions and spec.talking_points == question.talking_points:
        return list(spec.point_descriptions)
    return [(p,) for p in question.talking_points]


class SemanticAnalyzer:
    """The `ContentAnalyzer` of the product: MiniLM + fitted calibration + VADER. Build once per process."""

    def __init__(self, encoder: Encoder, calibration: Calibration, sentiment: Callable[[str], float]) -> None:
        self._encoder = encoder
        self._calibration = calibration
        self._sentiment = sentiment
        self._texts = lru_cache(maxsize=512)(self._embed_fixed)

    @classmethod
    def load(cls) -> SemanticAnalyzer:
        from interview_core.content.encoder import MiniLM
        from interview_core.content.sentiment import vader_scorer

        return cls(MiniLM(), Calibration.load(), vader_scorer())

    def _embed_fixed(self, texts: tuple[str, ...]) -> np.ndarray:
        """Question texts and point descriptions repeat across answers: embedded once, then cached."""
        return self._encoder.embed([clean(t) for t in texts])

    def assess(self, question: QuestionInfo, sentences: Sequence[str]) -> ContentAssessment:
        vecs = self._encoder.embed([clean(s) for s in sentences])
        feats = answer_features(
            vecs,
            [self._texts(d) for d in descriptions_of(question)],
            self._texts((question.text,))[0],
            sum(len(s.split()) for s in sentences),
        )
        cal = self._calibration
        points = [
            PointJudgement(cal.points.probability(f), idx)
            for f, idx in zip(feats.points, feats.evidence, strict=True)
        ]
        return ContentAssessment(
            points=points,
            point_threshold=cal.points.threshold,
            on_topic=cal.relevance.probability(feats.relevance),
            on_topic_threshold=cal.relevance.threshold,
        )

    def sentiment(self, sentence: str) -> float:
        return self._sentiment(clean(sentence))
