"""Joining a session's segments into one recording: real WebM segments cut from the sample interview
the way the browser records them (local_platform/segments.py), remuxed by gpu_workers.media.join."""

from __future__ import annotations

from pathlib import Path

import av
import pytest

from gpu_workers.media import MediaDecodeError
from gpu_workers.media.join import JoinedRecording, join_segments, verify_recording
from local_platform.segments import Segment, cut_segments

pytestmark = pytest.mark.unit
SAMPLE = Path(__file__).resolve().parents[1] / "media" / "sample_interview.webm"


@pytest.fixture(scope="module")
def segments(tmp_path_factory: pytest.TempPathFactory) -> list[Segment]:
    return cut_segments(SAMPLE, tmp_path_factory.mktemp("segments"), 4.0)


def _join(segments: list[Segment], out: Path) -> JoinedRecording:
    return join_segments([(s.path, s.offset_s) for s in segments], out)


def test_the_joined_file_plays_the_whole_interview_without_re_encoding(
    segments: list[Segment], tmp_path: Path
) -> None:
    joined = _join(segments, tmp_path / "joined.webm")

    assert len(segments) >= 3
    expected_s = segments[-1].offset_s + segments[-1].duration_s
    assert joined.duration_s == pytest.approx(expected_s, abs=0.1)
    assert verify_recording(joined) == pytest.approx(joined.audio_s, abs=0.5)
    with av.open(str(joined.path)) as c:
        assert [s.codec_context.name for s in c.streams] == ["vp8", "opus"]
        assert float(c.duration / av.time_base) == pytest.approx(expected_s, abs=0.1)
    # A remux adds one header instead of one per segment: never larger than the parts.
    assert joined.path.stat().st_size <= joined.segments_bytes


def test_each_segment_sits_at_its_offset_so_markers_land_on_their_moment(
    segments: list[Segment], tmp_path: Path
) -> None:
    # A 10 s gap before the second segment (a reload mid-interview): its content moves with it.
    parts = [(segments[0].path, 0.0), (segments[1].path, segments[1].offset_s + 10.0)]
    joined = join_segments(parts, tmp_path / "gap.webm")

    with av.open(str(joined.path)) as c:
        c.seek(int((segments[1].offset_s + 10.5) * av.time_base), any_frame=False)
        first = next(c.decode(video=0))
    assert float(first.time) == pytest.approx(segments[1].offset_s + 10.0, abs=0.1)
    assert joined.duration_s == pytest.approx(segments[1].offset_s + 10.0 + segments[1].duration_s, abs=0.1)


def test_a_recording_that_lost_audio_fails_verification(segments: list[Segment], tmp_path: Path) -> None:
    joined = _join(segments[:2], tmp_path / "joined.webm")
    claimed = JoinedRecording(joined.path, joined.duration_s, joined.audio_s + 2.0, joined.segments_bytes)

    with pytest.raises(MediaDecodeError, match="decodes to"):
        verify_recording(claimed)


def test_a_corrupt_segment_is_a_named_error(segments: list[Segment], tmp_path: Path) -> None:
    bad = tmp_path / "bad.webm"
    bad.write_bytes(b"not media at all" * 64)

    with pytest.raises(MediaDecodeError):
        join_segments([(segments[0].path, 0.0), (bad, 4.0)], tmp_path / "joined.webm")


def _reencode_audio(segment: Segment, out: Path, codec: str, video_first: bool) -> Path:
    """The segment with its audio encoded again as `codec`, its video copied, tracks in either order."""
    with av.open(str(segment.path)) as src, av.open(str(out), mode="w", format="webm") as dst:
        video_in = src.streams.video[0]
        if video_first:
            video_out = dst.add_stream_from_template(video_in)
        audio_out = dst.add_stream(codec, rate=48000)
        if not video_first:
            video_out = dst.add_stream_from_template(video_in)
        for packet in src.demux(video_in):
            if packet.dts is not None:
                packet.stream = video_out
                dst.mux(packet)
        for frame in src.decode(audio=0):
            frame.pts = None
            dst.mux(audio_out.encode(frame))
        dst.mux(audio_out.encode(None))
    return out


def test_tracks_are_matched_by_kind_not_by_order(segments: list[Segment], tmp_path: Path) -> None:
    # A recorder that writes the audio track first (the browser's MediaRecorder may)
    swapped = _reencode_audio(segments[1], tmp_path / "swapped.webm", "libopus", video_first=False)
    joined = join_segments([(segments[0].path, 0.0), (swapped, segments[1].offset_s)], tmp_path / "j.webm")

    assert verify_recording(joined) == pytest.approx(joined.audio_s, abs=0.5)
    with av.open(str(joined.path)) as c:
        assert [s.type for s in c.streams] == ["video", "audio"]


def test_segments_with_different_codecs_are_not_joined(segments: list[Segment], tmp_path: Path) -> None:
    vorbis = _reencode_audio(segments[1], tmp_path / "vorbis.webm", "libvorbis", video_first=True)

    with pytest.raises(MediaDecodeError, match="a remux cannot join them"):
        join_segments([(segments[0].path, 0.0), (vorbis, 4.0)], tmp_path / "joined.webm")


def test_nothing_to_join_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(MediaDecodeError):
        join_segments([], tmp_path / "joined.webm")
