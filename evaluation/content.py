"""Talking-point coverage and answer relevance on the labelled content set, held-out split.

Data: `evaluation/data/content/answers.json` (100 answers across all roles, labelled per talking point
and for relevance; the split, by question, is declared in the file). Every threshold and the logistic
calibration are fitted on the tune questions only; the tables show the test questions.

    python -m evaluation.content          # held-out tables (uses the committed calibration.json)
    python -m evaluation.content --fit    # refit calibration.json on the tune split, then report

Embeddings are cached under .cache/content/ (keyed by text), so a rerun costs seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from interview_core.analysis.logistic import Logistic
from interview_core.content.encoder import MiniLM
from interview_core.content.semantic import (
    POINT_FEATURES,
    RELEVANCE_FEATURES,
    Calibration,
    answer_features,
    clean,
    descriptions_of,
)
from interview_core.feedback.content import sentences, talking_points
from interview_core.feedback.model import QuestionInfo
from interview_core.questions.bank import load_bank

DATA = Path(__file__).parent / "data" / "content" / "answers.json"
CACHE = Path(__file__).parents[1] / ".cache" / "content" / "embeddings.npz"


class CachedEncoder:
    """MiniLM behind a text-keyed cache on disk; the model loads only when a text is new."""

    def __init__(self, path: Path = CACHE) -> None:
        self._path = path
        self._cache: dict[str, np.ndarray] = dict(np.load(path)) if path.exists() else {}
        self._model: MiniLM | None = None

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha1(text.encode()).hexdigest()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        missing = sorted({t for t in texts if self._key(t) not in self._cache}, key=len)
        if missing:
            self._model = self._model or MiniLM()
            for i in range(0, len(missing), 32):
                for t, v in zip(missing[i : i + 32], self._model.embed(missing[i : i + 32]), strict=True):
                    self._cache[self._key(t)] = v
            self._path.parent.mkdir(parents=True, exist_ok=True)
            np.savez(self._path, **self._cache)  # type: ignore[arg-type]
        return (
            np.stack([self._cache[self._key(t)] for t in texts]) if texts else np.zeros((0, 384), np.float32)
        )


@dataclass
class Answer:
    id: str
    style: str
    test: bool
    on_topic: bool
    question: QuestionInfo
    text: str
    labels: list[bool]


def load() -> list[Answer]:
    doc = json.loads(DATA.read_text())
    test = set(doc["split"]["test_questions"])
    bank = load_bank()
    out: list[Answer] = []
    for a in doc["answers"]:
        spec = bank.question(a["question_id"])
        assert spec is not None, a["question_id"]
        q = QuestionInfo.from_spec(spec)
        out.append(Answer(a["id"], a["style"], a["question_id"] in test, a["on_topic"], q, a["text"],
                          [a["covered"][p] for p in spec.talking_points]))  # fmt: skip
    return out


def prf(truth: Sequence[bool], pred: Sequence[bool]) -> tuple[float, float, float]:
    tp = sum(t and p for t, p in zip(truth, pred, strict=True))
    fp = sum(p and not t for t, p in zip(truth, pred, strict=True))
    fn = sum(t and not p for t, p in zip(truth, pred, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


def best_threshold(truth: Sequence[bool], scores: Sequence[float]) -> float:
    """The threshold with the best F1 on the given (tune) rows."""
    grid = sorted(set(np.round(scores, 3)))
    return max(grid, key=lambda t: (prf(truth, [s >= t for s in scores])[0], -t))


def fit_logistic(x: np.ndarray, y: np.ndarray, names: Sequence[str], l2: float = 1.0) -> Logistic:
    """Plain L2-regularised logistic regression by gradient descent (numpy; nothing to install)."""
    mean, scale = x.mean(0), x.std(0) + 1e-9
    z = (x - mean) / scale
    w, b = np.zeros(z.shape[1]), 0.0
    for _ in range(5000):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        w -= 0.5 * (z.T @ (p - y) + l2 * w) / len(y)
        b -= 0.5 * float((p - y).mean())
    model = Logistic(tuple(names), tuple(map(float, mean)), tuple(map(float, scale)), tuple(map(float, w)),
                     float(b), 0.5)  # fmt: skip
    probs = [model.probability(row) for row in x]
    return Logistic(**{**model.__dict__, "threshold": round(best_threshold(list(y.astype(bool)), probs), 3)})


@dataclass
class Embedded:
    answer: Answer
    sents: np.ndarray
    points: np.ndarray  # the point texts
    descriptions: list[np.ndarray]
    question: np.ndarray
    words: int


def embed_all(answers: Sequence[Answer], enc: CachedEncoder) -> list[Embedded]:
    out = []
    for a in answers:
        raw = [s.text for s in sentences(a.text)]
        out.append(Embedded(
            a, enc.embed([clean(s) for s in raw]), enc.embed([clean(p) for p in a.question.talking_points]),
            [enc.embed([clean(t) for t in d]) for d in descriptions_of(a.question)],
            enc.embed([clean(a.question.text)])[0], sum(len(s.split()) for s in raw),
        ))  # fmt: skip
    return out


def _window_vectors(s: np.ndarray, n_max: int) -> np.ndarray:
    rows = [s[i : i + n].sum(0) for n in range(1, n_max + 1) for i in range(len(s) - n + 1)]
    m = np.stack(rows)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def cosine_option(windows: int, use_descriptions: bool) -> Callable[[Embedded], list[float]]:
    """Score per point: the best cosine between answer windows and the point (or its descriptions)."""

    def score(e: Embedded) -> list[float]:
        w = _window_vectors(e.sents, windows)
        targets = e.descriptions if use_descriptions else [p[None] for p in e.points]
        return [float((w @ t.T).max()) for t in targets]

    return score


def rows(embedded: Sequence[Embedded], test: bool) -> list[Embedded]:
    return [e for e in embedded if e.answer.test == test]


def point_labels(es: Sequence[Embedded]) -> list[bool]:
    return [lab for e in es for lab in e.answer.labels]


def features(e: Embedded) -> tuple[list[tuple[float, ...]], tuple[float, ...]]:
    f = answer_features(e.sents, e.descriptions, e.question, e.words)
    return f.points, f.relevance


def fit(embedded: Sequence[Embedded], name: str = "tune split") -> Calibration:
    x = np.array([p for e in embedded for p in features(e)[0]])
    y = np.array(point_labels(embedded), dtype=float)
    xr = np.array([features(e)[1] for e in embedded])
    yr = np.array([e.answer.on_topic for e in embedded], dtype=float)
    return Calibration(
        points=fit_logistic(x, y, POINT_FEATURES),
        relevance=fit_logistic(xr, yr, RELEVANCE_FEATURES),
        fitted_on=f"{DATA.name}, {name} ({len(embedded)} answers, {len(y)} points)",
    )


def cross_validated(embedded: Sequence[Embedded], folds: int = 5) -> tuple[list[bool], list[bool]]:
    """Every question held out once: the product method refitted on the other folds' questions."""
    questions = sorted({e.answer.question.id or "" for e in embedded})
    truth: list[bool] = []
    pred: list[bool] = []
    for k in range(folds):
        held = set(questions[k::folds])
        cal = fit([e for e in embedded if e.answer.question.id not in held])
        for e in (e for e in embedded if e.answer.question.id in held):
            truth.extend(e.answer.labels)
            pred.extend(cal.points.probability(f) >= cal.points.threshold for f in features(e)[0])
    return truth, pred


def _table(title: str, header: str, lines: list[str]) -> None:
    print(f"\n{title}\n")
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for line in lines:
        print(line)


def point_table(embedded: Sequence[Embedded], cal: Calibration) -> None:
    tune, test = rows(embedded, False), rows(embedded, True)
    truth = point_labels(test)
    lines: list[str] = []

    def line(name: str, pred: Sequence[bool], note: str) -> None:
        f1, p, r = prf(truth, pred)
        lines.append(f"| {name} | {f1:.2f} | {p:.2f} | {r:.2f} | {note} |")

    lexical = [
        c.covered
        for e in test
        for c in talking_points(sentences(e.answer.text), e.answer.question.talking_points)
    ]
    line("Keyword overlap (baseline)", lexical, "half the point's words, or two")
    for name, windows, desc in (
        ("MiniLM: point vs sentences", 1, False),
        ("MiniLM: point vs 1-3 sentence windows", 3, False),
        ("MiniLM: descriptions vs sentences", 1, True),
        ("MiniLM: descriptions vs 1-3 sentence windows", 3, True),
    ):
        score = cosine_option(windows, desc)
        thr = best_threshold(point_labels(tune), [s for e in tune for s in score(e)])
        line(name, [s >= thr for e in test for s in score(e)], f"cosine >= {thr:.2f} (tuned)")
    probs = [cal.points.probability(f) for e in test for f in features(e)[0]]
    line("**Calibrated logistic (product)**", [p >= cal.points.threshold for p in probs],
         f"{', '.join(POINT_FEATURES)}; p >= {cal.points.threshold:.2f}")  # fmt: skip
    n_tune, n_test = len(point_labels(tune)), len(truth)
    _table(f"Talking points covered, held-out questions ({len(test)} answers, {n_test} points; "
           f"tuned on {len(tune)} answers, {n_tune} points)",
           "| Method | F1 | Precision | Recall | Rule |", lines)  # fmt: skip
    by_style: dict[str, tuple[list[bool], list[bool]]] = {}
    for e in test:
        t, p = by_style.setdefault(e.answer.style, ([], []))
        t.extend(e.answer.labels)
        p.extend(cal.points.probability(f) >= cal.points.threshold for f in features(e)[0])
    header = "| Style | Answers | Points | Covered | F1 | Precision | Recall | Accuracy |"
    lines = []
    for s, (t, p) in sorted(by_style.items()):
        acc = sum(a == b for a, b in zip(t, p, strict=True)) / len(t)
        scores = " | ".join(f"{v:.2f}" for v in prf(t, p))
        lines.append(
            f"| {s} | {sum(e.answer.style == s for e in test)} | {len(t)} | {sum(t)} | {scores} | {acc:.2f} |"
        )
    _table("Product method by answer style (held-out)", header, lines)


def relevance_table(embedded: Sequence[Embedded], cal: Calibration) -> None:
    test = rows(embedded, True)
    off = [not e.answer.on_topic for e in test]
    lexical = []
    for e in test:
        covered = talking_points(sentences(e.answer.text), e.answer.question.talking_points)
        lexical.append(not any(c.covered for c in covered))
    model = [cal.relevance.probability(features(e)[1]) < cal.relevance.threshold for e in test]
    lines = []
    for name, pred in (
        ("No talking point's words said (lexical)", lexical),
        ("**Calibrated logistic (product)**", model),
    ):
        f1, p, r = prf(off, pred)
        acc = sum(a == b for a, b in zip(off, pred, strict=True)) / len(off)
        lines.append(f"| {name} | {f1:.2f} | {p:.2f} | {r:.2f} | {acc:.2f} |")
    _table(f"Off-topic answers flagged, held-out questions ({len(test)} answers, {sum(off)} off-topic)",
           "| Method | F1 (off-topic) | Precision | Recall | Accuracy |", lines)  # fmt: skip


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.content", description=__doc__)
    parser.add_argument("--fit", action="store_true", help="refit calibration.json on the tune split first")
    args = parser.parse_args(list(argv))
    embedded = embed_all(load(), CachedEncoder())
    if args.fit:
        cal = fit(rows(embedded, test=False))
        cal.save()
        print(f"calibration.json written ({cal.fitted_on})")
    cal = Calibration.load()
    point_table(embedded, cal)
    relevance_table(embedded, cal)
    truth, pred = cross_validated(embedded)
    f1, precision, recall = prf(truth, pred)
    print(f"\nProduct method, 5-fold cross-validation by question over all {len(truth)} points (each "
          "question held out once, refitted on the others): "
          f"F1 {f1:.2f}, precision {precision:.2f}, recall {recall:.2f}.")  # fmt: skip
    weights = ", ".join(f"{n} {w:.2f}" for n, w in zip(cal.points.features, cal.points.weights, strict=True))
    print(
        f"\nCalibration: {cal.fitted_on}. Covered when p >= {cal.points.threshold:.2f}; weights: {weights}."
    )
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
