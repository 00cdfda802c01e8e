"""`python -m gpu_workers.speech FILE [FILE ...] [--window] [--offset S]`: print results as JSON.

One process, models loaded once: handy for debugging a segment and for regenerating `events/speech`.
Segments are analysed live; with `--window` all files form one window, placed back to back from
`--offset` on the session timeline.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from gpu_workers.media import decode_audio


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gpu_workers.speech")
    parser.add_argument("files", nargs="+")
    parser.add_argument("--window", action="store_true", help="transcribe the files as one window")
    parser.add_argument("--offset", type=float, default=0.0, help="session time of the first file")
    parser.add_argument("--detail", action="store_true", help="print the full detail, not only the summary")
    parser.add_argument("--model", default=None, help="whisper model: base, tiny.en or a folder")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from dataclasses import replace

    from gpu_workers.speech import SpeechAnalyzer, SpeechOptions

    options = SpeechOptions()
    if args.model:
        options = replace(options, asr=replace(options.asr, model=args.model))
    analyzer = SpeechAnalyzer.create(options)
    out: list[dict] = []
    if args.window:
        parts, t = [], args.offset
        for f in args.files:
            track = decode_audio(f)
            parts.append((track if track is not None else f, t))
            t += track.duration_s if track is not None else 0.0
        win = analyzer.transcribe_window(parts)
        out.append(win.detail if args.detail else win.summary.model_dump(mode="json"))
    else:
        t = args.offset
        for i, f in enumerate(args.files):
            seg = analyzer.analyze_segment(f, offset_s=t, seq=i)
            out.append(seg.detail if args.detail else seg.summary.model_dump(mode="json"))
            t += seg.summary.duration_s
    json.dump(out[0] if len(out) == 1 else out, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
