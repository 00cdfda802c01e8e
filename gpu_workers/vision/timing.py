"""Latency bookkeeping: every model call records its time here (the summary and the benchmark read it)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

__all__ = ["LatencyRecorder"]


@dataclass
class LatencyRecorder:
    """Per-stage call counts and total seconds for one analysis run."""

    calls: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def time(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.add(stage, time.perf_counter() - start)

    def add(self, stage: str, seconds: float) -> None:
        self.calls[stage] = self.calls.get(stage, 0) + 1
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    def total_ms(self, stage: str) -> float:
        return self.seconds.get(stage, 0.0) * 1000.0

    def mean_ms(self, stage: str) -> float:
        n = self.calls.get(stage, 0)
        return self.total_ms(stage) / n if n else 0.0
