"""Cuts a recording into self-contained segments, the way the browser records them
(the recorder restarts per segment, so every segment has its own header and decodes alone).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from gpu_workers.media import declared_duration_s


@dataclass(frozen=True)
class Segment:
    path: Path
    offset_s: float
    duration_s: float


# What each browser's MediaRecorder writes: Chrome and Firefox WebM (VP8 + Opus); Safari fragmented MP4
# (H.264 without B-frames, as realtime encoders write it, + AAC).
ENCODINGS = {
    "webm": ["-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-c:a", "libopus", "-b:a", "48k"],
    "mp4": [
        *("-c:v", "libx264", "-preset", "veryfast", "-profile:v", "baseline", "-c:a", "aac", "-b:a", "64k"),
        *("-segment_format_options", "movflags=+frag_keyframe+empty_moov+default_base_moof"),
    ],
}


def cut_segments(
    source: Path, outdir: Path, seconds: float = 4.0, container: Literal["webm", "mp4"] = "webm"
) -> list[Segment]:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise RuntimeError("ffmpeg is required to cut segments (make setup installs it)")
    outdir.mkdir(parents=True, exist_ok=True)
    pattern = outdir / f"segment-%04d.{container}"
    subprocess.run(
        [
            ffmpeg,
            "-loglevel",
            "error",
            "-y",
            "-i",
            str(source),
            *ENCODINGS[container],
            "-b:v",
            "800k",
            "-force_key_frames",
            f"expr:gte(t,n_forced*{seconds})",
            "-f",
            "segment",
            "-segment_time",
            str(seconds),
            "-reset_timestamps",
            "1",
            str(pattern),
        ],
        check=True,
    )
    segments: list[Segment] = []
    offset = 0.0
    for path in sorted(outdir.glob(f"segment-*.{container}")):
        duration = declared_duration_s(path)
        segments.append(Segment(path=path, offset_s=round(offset, 3), duration_s=duration))
        offset += duration
    return segments
