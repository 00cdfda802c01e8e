"""One-recording benchmark: `python -m bench.recording` (not a test; prints markdown).

What joining a session's segments saves in storage and what the join costs the transcribe worker.
Material is cut into self-contained 4-second segments the way each browser records them
(local_platform/segments.py: Chrome and Firefox WebM vp8+opus, Safari fragmented MP4 h264+aac, 800 kbit/s
video, a header and a key frame per segment), then joined (gpu_workers/media/join.py) and verified by
decoding the joined audio, as the `recording` task does. "Switched" alternates WebM and MP4 segments (a
browser that changed codecs mid-session): the join cannot remux it and compresses it once.
The second table is how the one encode's video codec was chosen: same parts, same bitrate, 2 cores.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import tempfile
import time
from pathlib import Path

from gpu_workers.media.join import (
    VP9_REALTIME,
    JoinedRecording,
    VideoEncoding,
    join_segments,
    verify_recording,
)
from local_platform.segments import Segment, cut_segments

ROOT = Path(__file__).resolve().parents[1]
MATERIAL = {
    "sample interview (22 s, 640x360, face + speech)": ROOT / "tests" / "media" / "sample_interview.webm",
    "real webcam user 2 (17 s, 1080x720, no audio)": ROOT.parent
    / "shared"
    / "media"
    / "real"
    / "gaze"
    / "webcam_user_2.mp4",
}
ENCODINGS = {
    "VP9 realtime cpu-used 8 (chosen)": VP9_REALTIME,
    "VP9 realtime cpu-used 6": VideoEncoding("libvpx-vp9", {**VP9_REALTIME.options, "cpu-used": "6"}),
    "VP8 realtime cpu-used 8": VideoEncoding("libvpx", {"deadline": "realtime", "cpu-used": "8"}),
}


def _browsers(source: Path, folder: Path, segment_s: float) -> dict[str, list[tuple[Path, float]]]:
    """The same material as each browser uploads it: `(path, offset_s)` parts on the session timeline."""
    webm = cut_segments(source, folder / "webm", segment_s)
    mp4 = cut_segments(source, folder / "mp4", segment_s, container="mp4")
    switched: list[Segment] = [(webm, mp4)[i % 2][i] for i in range(min(len(webm), len(mp4)))]
    return {
        "Chrome/Firefox WebM": [(s.path, s.offset_s) for s in webm],
        "Safari MP4": [(s.path, s.offset_s) for s in mp4],
        "switched WebM/MP4": _on_timeline(switched),
    }


def _on_timeline(segments: list[Segment]) -> list[tuple[Path, float]]:
    parts, offset = [], 0.0
    for s in segments:
        parts.append((s.path, offset))
        offset += s.duration_s
    return parts


def _join(
    parts: list[tuple[Path, float]], folder: Path, encoding: VideoEncoding
) -> tuple[JoinedRecording, float]:
    folder.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    joined = join_segments(parts, folder, encoding)
    return joined, time.perf_counter() - t0


def _psnr_y(recording: Path, source: Path) -> str:
    """Luma PSNR of the recording against the original material (FFmpeg's filter), frames paired in order:
    pairing by time picks the neighbouring frame where timestamps differ by a rounding step."""
    by_index = "[0:v]settb=AVTB,setpts=N[a];[1:v]settb=AVTB,setpts=N[b];[a][b]psnr"
    log = subprocess.run(
        [
            "ffmpeg",
            "-hide_banner",
            "-i",
            str(recording),
            "-i",
            str(source),
            "-lavfi",
            by_index,
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    found = re.search(r"PSNR y:([\d.]+)", log)
    return f"{float(found.group(1)):.2f} dB" if found else "n/a"


Cut = dict[str, tuple[Path, dict[str, list[tuple[Path, float]]]]]  # material -> (source, parts per browser)


def _storage_table(cut: Cut, folder: Path) -> None:
    print(
        "| material | segments from | joined as | segments | segment bytes | recording bytes "
        "| recording / segments | saved per interview-minute | join s per media s | verify ms |"
    )
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, source in MATERIAL.items():
        if name not in cut:
            print(f"| {name} | missing: {source} | | | | | | | | |")
            continue
        for i, (browser, parts) in enumerate(cut[name][1].items()):
            joined, join_s = _join(parts, folder / f"{name[:8]}-stored-{i}", VP9_REALTIME)
            t0 = time.perf_counter()
            verify_recording(joined)
            verify_s = time.perf_counter() - t0
            size = joined.path.stat().st_size
            how = f"{'re-encoded' if joined.reencoded else 'remuxed'} {joined.container.ext}"
            saved_per_minute_kib = (joined.segments_bytes - size) / (joined.duration_s / 60) / 1024
            print(
                f"| {name} | {browser} | {how} | {len(parts)} | {joined.segments_bytes:,} | {size:,} "
                f"| {size / joined.segments_bytes:.3f} | {saved_per_minute_kib:,.1f} KiB "
                f"| {join_s / joined.duration_s:.3f} | {verify_s * 1000:.0f} |"
            )


def _encoder_table(cut: Cut, folder: Path) -> None:
    print("\n| material | encoder (switched segments) | encode s per media s | kbit/s | PSNR-Y vs source |")
    print("| --- | --- | ---: | ---: | ---: |")
    for name, (source, browsers) in cut.items():
        remuxed, _ = _join(browsers["Chrome/Firefox WebM"], folder / f"{name[:8]}-remuxed", VP9_REALTIME)
        print(f"| {name} | none (the WebM segments, remuxed) | | | {_psnr_y(remuxed.path, source)} |")
        parts = browsers["switched WebM/MP4"]
        for i, (label, encoding) in enumerate(ENCODINGS.items()):
            joined, join_s = _join(parts, folder / f"{name[:8]}-encoder-{i}", encoding)
            kbit_s = joined.path.stat().st_size * 8 / joined.duration_s / 1000
            print(
                f"| {name} | {label} | {join_s / joined.duration_s:.3f} | {kbit_s:,.0f} "
                f"| {_psnr_y(joined.path, source)} |"
            )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.recording")
    parser.add_argument("--segment-s", type=float, default=4.0)
    parser.add_argument("--skip-encoders", action="store_true", help="only the storage table")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-recording-") as tmp:
        # Each material is cut into browser segments once (ffmpeg: seconds for the 1080x720 clip) and
        # serves both tables.
        cut: Cut = {
            name: (source, _browsers(source, Path(tmp) / f"cut-{i}", args.segment_s))
            for i, (name, source) in enumerate(MATERIAL.items())
            if source.exists()
        }
        _storage_table(cut, Path(tmp))
        if not args.skip_encoders:
            _encoder_table(cut, Path(tmp))
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
