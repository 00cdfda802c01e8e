"""Decode segments with PyAV (FFmpeg's libraries, shipped in the wheel: no system ffmpeg needed).

Browser segments (MediaRecorder WebM) carry no duration in their header, so durations are measured
from decoded frames and samples, never read from the container.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

__all__ = [
    "AudioTrack",
    "MediaDecodeError",
    "MediaInfo",
    "VideoFrame",
    "decode_audio",
    "iter_video_frames",
    "probe",
]


class MediaDecodeError(Exception):
    """The segment is not decodable media (truncated, corrupt, not media at all).

    The class name is the Step Functions error name a worker reports, so state machines can Catch it.
    """


@dataclass(frozen=True, slots=True)
class MediaInfo:
    """What the container says about a segment; durations come from decoding, see `decode_audio`."""

    has_video: bool
    has_audio: bool
    width: int | None
    height: int | None
    container: str


@dataclass(frozen=True, slots=True)
class VideoFrame:
    """One decoded frame, RGB uint8 (H, W, 3), with its presentation time in seconds from segment start."""

    t: float
    rgb: np.ndarray


@dataclass(frozen=True, slots=True)
class AudioTrack:
    """Mono float32 samples in [-1, 1] at `sample_rate`."""

    samples: np.ndarray
    sample_rate: int

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate if self.sample_rate else 0.0


def _open(path: str | Path) -> av.container.InputContainer:
    try:
        return av.open(str(path), mode="r")
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError) as e:
        raise MediaDecodeError(f"cannot open media: {e}") from e


def probe(path: str | Path) -> MediaInfo:
    """Read stream layout without decoding; raises MediaDecodeError for non-media input."""
    container = _open(path)
    try:
        video = container.streams.video[0] if container.streams.video else None
        return MediaInfo(
            has_video=video is not None,
            has_audio=bool(container.streams.audio),
            width=video.codec_context.width if video else None,
            height=video.codec_context.height if video else None,
            container=container.format.name,
        )
    finally:
        container.close()


def declared_duration_s(path: str | Path) -> float:
    """The duration the container declares (0.0 when it declares none): what a player shows and seeks
    within. Not the decoded length, which `decode_audio` measures."""
    with av.open(str(path)) as c:
        duration = c.duration
    return float(duration / av.time_base) if duration else 0.0


def iter_video_frames(path: str | Path, sample_fps: float | None = None) -> Iterator[VideoFrame]:
    """Yield frames sampled at `sample_fps` (all frames when None), decoding the stream once.

    A frame is kept when its timestamp reaches the next sampling instant, so variable frame rate
    input (browser recordings) is sampled evenly in time. Yields nothing when there is no video track.
    """
    with _open(path) as container:
        if not container.streams.video:
            return
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        period = 1.0 / sample_fps if sample_fps else 0.0
        next_t = 0.0
        start: float | None = None
        try:
            for frame in container.decode(stream):
                t_abs = float(frame.time) if frame.time is not None else 0.0
                start = t_abs if start is None else start
                t = t_abs - start
                # 1 ms tolerance: WebM timestamps are whole milliseconds, so at 15 fps the third frame
                # is at 0.133 s, not 0.1333 s; a tighter tolerance dropped every third frame there.
                if t + 1e-3 < next_t:
                    continue
                next_t = (next_t + period) if period else t
                while period and next_t <= t:
                    next_t += period
                yield VideoFrame(t=t, rgb=frame.to_ndarray(format="rgb24"))
        except av.error.FFmpegError as e:
            raise MediaDecodeError(f"video decode failed: {e}") from e


def decode_audio(path: str | Path, sample_rate: int = 16_000) -> AudioTrack | None:
    """Decode the first audio track to mono float32 at `sample_rate`; None when there is no audio."""
    container = _open(path)
    try:
        if not container.streams.audio:
            return None
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=sample_rate)
        parts: list[np.ndarray] = []
        try:
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    parts.append(out.to_ndarray().reshape(-1))
            for out in resampler.resample(None):
                parts.append(out.to_ndarray().reshape(-1))
        except av.error.FFmpegError as e:
            raise MediaDecodeError(f"audio decode failed: {e}") from e
    finally:
        container.close()
    samples = np.concatenate(parts).astype(np.float32) if parts else np.zeros(0, np.float32)
    return AudioTrack(samples=samples, sample_rate=sample_rate)
