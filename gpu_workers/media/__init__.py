"""Decoding media segments: one place that turns bytes on disk into frames and samples."""

from gpu_workers.media.decode import (
    AudioTrack,
    MediaDecodeError,
    MediaInfo,
    VideoFrame,
    decode_audio,
    iter_video_frames,
    probe,
)

__all__ = [
    "AudioTrack",
    "MediaDecodeError",
    "MediaInfo",
    "VideoFrame",
    "decode_audio",
    "iter_video_frames",
    "probe",
]
