"""Regenerate `events/vision/*.json` by running the analyzer on real media (not hand-written samples).

    .venv/bin/python -m gpu_workers.vision.tools.make_event_samples [--media sample_interview.webm]

Writes: segment_summary.json (a 5 s live segment cut from the recording, as MediaRecorder would send),
segment_timeline.json (its full per-frame timeline, the S3 object), recording_summary.json (the whole
recording), no_video_summary.json (an audio-only segment). Latencies in the samples are whatever this
machine measured.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

from gpu_workers.vision import VisionAnalyzer, VisionOptions

ROOT = Path(__file__).resolve().parents[3]
OUT = ROOT / "events" / "vision"


SAMPLE = Path(__file__).resolve().parents[3] / "tests" / "media" / "sample_interview.webm"


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", *args], check=True)


def _write(name: str, data: object) -> None:
    (OUT / name).write_text(json.dumps(data, indent=2) + "\n")
    print(f"wrote events/vision/{name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--media", type=Path, default=SAMPLE)
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    analyzer = VisionAnalyzer.create(VisionOptions())
    with tempfile.TemporaryDirectory() as tmp:
        segment = Path(tmp) / "segment_0003.webm"
        _ffmpeg(
            "-ss",
            "10",
            "-i",
            str(args.media),
            "-t",
            "5",
            "-c:v",
            "libvpx",
            "-b:v",
            "1M",
            "-c:a",
            "libopus",
            str(segment),
        )
        audio_only = Path(tmp) / "audio_only.webm"
        _ffmpeg("-i", str(args.media), "-t", "3", "-vn", "-c:a", "libopus", str(audio_only))
        seg = analyzer.analyze(segment)
        _write("segment_summary.json", seg.summary.model_dump(mode="json"))
        _write("segment_timeline.json", seg.timeline)
        _write("recording_summary.json", analyzer.analyze(args.media).summary.model_dump(mode="json"))
        _write("no_video_summary.json", analyzer.analyze(audio_only).summary.model_dump(mode="json"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
