"""One-recording benchmark: `python -m bench.recording` (not a test; prints markdown).

What joining a session's segments saves in storage and what the join costs the transcribe worker.
Material is cut into self-contained 4-second WebM segments the way the browser records them
(local_platform/segments.py: vp8+opus, a header and a key frame per segment), then joined by remux
(gpu_workers/media/join.py) and verified by decoding the joined audio, as the `recording` task does.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from gpu_workers.media.join import join_segments, verify_recording
from local_platform.segments import cut_segments

ROOT = Path(__file__).resolve().parents[1]
MATERIAL = {
    "sample interview (22 s, face + speech)": ROOT / "tests" / "media" / "sample_interview.webm",
    "real webcam user 2 (17 s, no audio)": ROOT.parent
    / "shared"
    / "media"
    / "real"
    / "gaze"
    / "webcam_user_2.mp4",
}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.recording")
    parser.add_argument("--segment-s", type=float, default=4.0)
    args = parser.parse_args(argv)
    print(
        "| material | segments | segment bytes | joined bytes | saved | saved per interview-minute "
        "| join ms | verify ms |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, source in MATERIAL.items():
        if not source.exists():
            print(f"| {name} | missing: {source} | | | | | | |")
            continue
        with tempfile.TemporaryDirectory(prefix="bench-recording-") as tmp:
            segments = cut_segments(source, Path(tmp) / "segments", args.segment_s)
            t0 = time.perf_counter()
            joined = join_segments([(s.path, s.offset_s) for s in segments], Path(tmp) / "joined.webm")
            t1 = time.perf_counter()
            verify_recording(joined)
            t2 = time.perf_counter()
            size = joined.path.stat().st_size
        saved = joined.segments_bytes - size
        per_minute_kib = saved / (joined.duration_s / 60) / 1024
        print(
            f"| {name} | {len(segments)} | {joined.segments_bytes:,} | {size:,} "
            f"| {saved / joined.segments_bytes:.2%} | {per_minute_kib:,.1f} KiB "
            f"| {(t1 - t0) * 1000:.0f} | {(t2 - t1) * 1000:.0f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main([]))
