"""Decoding media segments: one place that turns bytes on disk into frames and samples."""

from gpu_workers.media.decode import (
    AudioTrack,
    MediaDecodeError,
    MediaInfo,
    VideoFrame,
    declared_duration_s,
    decode_audio,
    iter_video_frames,
    probe,
)

__all__ = [
    "AudioTrack",
    "MediaDecodeError",
    "MediaInfo",
    "VideoFrame",
    "declared_duration_s",
    "decode_audio",
    "iter_video_frames",
    "probe",
]
