"""Platform latency on this machine: the real WebSocket + S3 + Step Functions + workers path.

Prints, as markdown:
- `chunk.uploaded` -> `chunk.analyzed` latency (p50/p95) with segments sent as fast as possible
  (a backlog test) and at recording speed (the live case);
- `session.end` -> `report.ready` for the sample interview, repeated, p50/p95;
- a synthetic ten-minute interview streamed at real speed (several answers): end-to-report
  latency and whether the analysis backlog grows while the session streams.

    python -m bench.platform [--runs 5] [--long-minutes 10] [--skip-long]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from local_platform.demo import SAMPLE, DemoResult, stream_recording
from local_platform.platform import start_platform


def _pct(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(sorted(values), n=100, method="inclusive")[q - 1]


def _looped(minutes: float, out: Path) -> Path:
    """The sample looped to `minutes` (a long interview with the same real face and speech)."""
    ffmpeg = shutil.which("ffmpeg") or "ffmpeg"
    subprocess.run(
        [
            ffmpeg,
            "-loglevel",
            "error",
            "-y",
            "-stream_loop",
            "-1",
            "-i",
            str(SAMPLE),
            "-t",
            str(minutes * 60),
            "-c",
            "copy",
            str(out),
        ],
        check=True,
    )
    return out


def _row(name: str, results: list[DemoResult]) -> str:
    lat = [v for r in results for v in r.analyzed_latency_s.values()]
    ends = [r.end_to_report_s for r in results]
    return (
        f"| {name} | {sum(r.segments for r in results)} | {_pct(lat, 50):.2f} | {_pct(lat, 95):.2f} | "
        f"{_pct(ends, 50):.2f} | {_pct(ends, 95):.2f} |"
    )


def _backlog(result: DemoResult) -> str:
    """Latency of the first vs the last quarter of segments: equal means analysis keeps up."""
    seqs = sorted(result.analyzed_latency_s)
    q = max(1, len(seqs) // 4)
    first = statistics.mean(result.analyzed_latency_s[s] for s in seqs[:q])
    last = statistics.mean(result.analyzed_latency_s[s] for s in seqs[-q:])
    verdict = "keeps up" if last <= first * 1.5 + 1.0 else "falls behind"
    return f"mean analysis latency, first quarter {first:.2f} s, last quarter {last:.2f} s: {verdict}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--long-minutes", type=float, default=10.0)
    parser.add_argument("--skip-long", action="store_true")
    args = parser.parse_args(argv)
    platform = start_platform()
    try:
        time.sleep(20)  # let the workers load their models before measuring
        burst = [stream_recording(platform.url, SAMPLE) for _ in range(args.runs)]
        live = [stream_recording(platform.url, SAMPLE, realtime=True) for _ in range(max(1, args.runs // 2))]
        print("## Platform latency (2 cores, embedded AWS, 3 worker processes)\n")
        print("| run | segments | analyzed p50 s | analyzed p95 s | end->report p50 s | end->report p95 s |")
        print("|---|---|---|---|---|---|")
        print(_row("sample 22 s, segments sent at once", burst))
        print(_row("sample 22 s, real speed", live))
        if not args.skip_long:
            with tempfile.TemporaryDirectory() as tmp:
                source = _looped(args.long_minutes, Path(tmp) / "long.webm")
                breaks = tuple(float(t) for t in range(120, int(args.long_minutes * 60), 120))
                long = stream_recording(
                    platform.url, source, realtime=True, answer_breaks_s=breaks, timeout_s=900
                )
            print(_row(f"synthetic {args.long_minutes:g} min, real speed, {len(breaks) + 1} answers", [long]))
            print(f"\n{args.long_minutes:g}-minute session: {_backlog(long)}")
    finally:
        platform.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
