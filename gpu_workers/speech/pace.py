"""Pace and pauses from word timestamps (pure; no numpy)."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["pace_and_pauses"]


def pace_and_pauses(
    spans: Sequence[tuple[float, float]],
    duration_s: float,
    *,
    pause_min_s: float = 0.3,
    long_pause_s: float = 2.0,
) -> tuple[dict[str, float | int], dict[str, float | int]]:
    """(pace, pauses) from word (start, end) times in order.

    A pause is a gap between consecutive words of at least `pause_min_s`; silence before the first
    and after the last word is not a pause (the question was still being read, or the answer ended).
    Talk time runs from the first word's start to the last word's end minus pauses, so
    `wpm_speaking` is the rate while actually talking and `wpm_overall` the rate over media time.
    """
    n = len(spans)
    gaps = [max(0.0, spans[i + 1][0] - spans[i][1]) for i in range(n - 1)]
    pauses = [g for g in gaps if g >= pause_min_s]
    total_pause = sum(pauses)
    talk = max(0.0, (spans[-1][1] - spans[0][0]) - total_pause) if n else 0.0
    pace = {
        "word_count": n,
        "duration_s": round(duration_s, 3),
        "talk_time_s": round(talk, 3),
        "wpm_overall": round(60.0 * n / duration_s, 1) if duration_s > 0 else 0.0,
        "wpm_speaking": round(60.0 * n / talk, 1) if talk > 0 else 0.0,
    }
    pause_summary = {
        "count": len(pauses),
        "long_count": sum(1 for p in pauses if p > long_pause_s),
        "long_threshold_s": long_pause_s,
        "mean_s": round(total_pause / len(pauses), 3) if pauses else 0.0,
        "max_s": round(max(pauses), 3) if pauses else 0.0,
        "total_s": round(total_pause, 3),
    }
    return pace, pause_summary
