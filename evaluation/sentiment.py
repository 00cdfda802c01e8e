"""Sentence sentiment: VADER (what the product uses) against a MiniLM-based classifier, held out.

Data: `evaluation/data/sentiment/sentences.json`, interview-answer sentences labelled positive,
neutral or negative (split declared per sentence). The design asks for a transformer sentiment model;
none ships in a package, so the transformer candidate is the content model's MiniLM with a
nearest-centroid classifier fitted on the tune sentences. VADER is replaced only if it loses.

    python -m evaluation.sentiment
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from evaluation.content import CachedEncoder, prf
from interview_core.content.semantic import clean
from interview_core.content.sentiment import vader_scorer

DATA = Path(__file__).parent / "data" / "sentiment" / "sentences.json"
CLASSES = ("negative", "neutral", "positive")


def macro_f1(truth: Sequence[str], pred: Sequence[str]) -> float:
    """Mean over the classes of each class's F1, that class against the rest."""
    scores = [prf([t == c for t in truth], [p == c for p in pred])[0] for c in CLASSES]
    return sum(scores) / len(scores)


def vader_classifier(threshold: float) -> Callable[[Sequence[str]], list[str]]:
    score = vader_scorer()

    def classify(texts: Sequence[str]) -> list[str]:
        out = []
        for t in texts:
            c = score(clean(t))
            out.append("positive" if c >= threshold else "negative" if c <= -threshold else "neutral")
        return out

    return classify


def centroid_classifier(
    enc: CachedEncoder, texts: Sequence[str], labels: Sequence[str]
) -> Callable[[Sequence[str]], list[str]]:
    vecs = enc.embed([clean(t) for t in texts])
    centroids = np.stack([vecs[[lab == c for lab in labels]].mean(0) for c in CLASSES])
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)

    def classify(items: Sequence[str]) -> list[str]:
        sims = enc.embed([clean(t) for t in items]) @ centroids.T
        return [CLASSES[i] for i in sims.argmax(1)]

    return classify


def main(argv: Sequence[str]) -> int:
    rows = json.loads(DATA.read_text())["sentences"]
    tune = [r for r in rows if r["split"] == "tune"]
    test = [r for r in rows if r["split"] == "test"]
    tune_t, tune_y = [r["text"] for r in tune], [r["label"] for r in tune]
    test_t, test_y = [r["text"] for r in test], [r["label"] for r in test]
    tuned = max((0.05 * k for k in range(1, 13)), key=lambda t: macro_f1(tune_y, vader_classifier(t)(tune_t)))
    methods = {
        "VADER, standard cut-offs (compound >= 0.05 / <= -0.05)": vader_classifier(0.05),
        f"VADER, cut-off tuned on the tune split ({tuned:.2f})": vader_classifier(tuned),
        "MiniLM nearest centroid (fitted on the tune split)": centroid_classifier(
            CachedEncoder(), tune_t, tune_y
        ),
    }
    print(f"\nSentence tone, held out ({len(test)} sentences; fitted on {len(tune)})\n")
    print("| Method | Accuracy | Macro F1 |\n|---|---|---|")
    for name, classify in methods.items():
        pred = classify(test_t)
        acc = sum(a == b for a, b in zip(test_y, pred, strict=True)) / len(test_y)
        print(f"| {name} | {acc:.2f} | {macro_f1(test_y, pred):.2f} |")
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
