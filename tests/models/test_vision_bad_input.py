"""Truncated, non-media and audio-only input."""

import subprocess
from pathlib import Path

import pytest

from gpu_workers.media import MediaDecodeError

pytestmark = pytest.mark.models


def _lavfi(source: str, *codec: str, out: Path) -> None:
    """A small synthetic media file from one of FFmpeg's generators."""
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", source, *codec, str(out)], check=True)


def test_truncated_mp4_raises_media_decode_error(vision_analyzer, vision_media, tmp_path):
    # Given the first 50 KB of an mp4 (its index, at the end, is missing)
    path = tmp_path / "truncated.mp4"
    path.write_bytes((vision_media / "video" / "single_face.mp4").read_bytes()[:50_000])
    # When it is analysed, Then it is rejected as undecodable media
    with pytest.raises(MediaDecodeError):
        vision_analyzer.analyze(path)


def test_header_only_webm_raises_media_decode_error(vision_analyzer, tmp_path):
    # Given a WebM segment cut right after its header (no frame survives)
    full = tmp_path / "full.webm"
    _lavfi("testsrc=size=160x120:rate=10:duration=1", "-c:v", "libvpx", out=full)
    path = tmp_path / "truncated.webm"
    path.write_bytes(full.read_bytes()[:300])
    # When it is analysed, Then it is rejected as undecodable media
    with pytest.raises(MediaDecodeError):
        vision_analyzer.analyze(path)


def test_non_media_file_raises_media_decode_error(vision_analyzer, tmp_path):
    # Given a text file named like a segment
    path = tmp_path / "segment.webm"
    path.write_text("this is not a video\n")
    # When it is analysed, Then it is rejected as undecodable media
    with pytest.raises(MediaDecodeError):
        vision_analyzer.analyze(path)


def test_audio_only_segment_gives_no_video_summary(vision_analyzer, tmp_path):
    # Given an audio-only WebM (a browser that recorded no camera)
    path = tmp_path / "audio.webm"
    _lavfi("sine=frequency=440:duration=1", "-c:a", "libopus", out=path)
    # When it is analysed
    result = vision_analyzer.analyze(path)
    # Then the result says there is no video instead of failing
    assert result.summary.has_video is False
    assert result.summary.observations == ["no_video"]
    assert result.summary.face is None
    assert result.timeline["frames"] == []
