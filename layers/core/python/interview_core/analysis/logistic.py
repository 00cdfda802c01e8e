"""A fitted logistic regression, stored as JSON: the content model's calibration and the speech
worker's filler model use it. Pure python, so a worker imports it without the report code."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Logistic"]


@dataclass(frozen=True)
class Logistic:
    """Standardise, weigh, squash: p = sigmoid(((x - mean) / scale) . weights + bias)."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float

    def probability(self, x: Sequence[float]) -> float:
        z = self.bias + sum(
            w * (v - m) / s for v, m, s, w in zip(x, self.mean, self.scale, self.weights, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in ("features", "mean", "scale", "weights", "bias", "threshold")}

    @classmethod
    def from_json(cls, d: dict) -> Logistic:
        return cls(
            features=tuple(d["features"]), mean=tuple(d["mean"]), scale=tuple(d["scale"]),
            weights=tuple(d["weights"]), bias=float(d["bias"]), threshold=float(d["threshold"]),
        )  # fmt: skip
