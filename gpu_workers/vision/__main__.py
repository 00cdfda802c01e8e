"""Analyse one file from the command line: `python -m gpu_workers.vision FILE [--timeline OUT.json]`.

Prints the summary JSON (what the state machine receives); `--timeline` writes the per-frame detail.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from gpu_workers.media import MediaDecodeError
from gpu_workers.vision.analyzer import VisionAnalyzer
from gpu_workers.vision.options import VisionOptions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gpu_workers.vision", description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--timeline", type=Path, help="write the per-frame timeline JSON here")
    parser.add_argument("--sample-fps", type=float, default=VisionOptions().sample_fps)
    args = parser.parse_args(argv)
    try:
        result = VisionAnalyzer.create(VisionOptions(sample_fps=args.sample_fps)).analyze(args.path)
    except MediaDecodeError as e:
        print(f"MediaDecodeError: {e}", file=sys.stderr)
        return 2
    print(result.summary.model_dump_json(indent=2))
    if args.timeline:
        args.timeline.write_text(json.dumps(result.timeline))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
