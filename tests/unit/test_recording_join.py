"""Joining a session's segments into one recording: real segments cut from the sample interview the way
each browser records them (local_platform/segments.py: WebM from Chrome and Firefox, fragmented MP4 from
Safari), remuxed into the container their codecs allow or compressed once by gpu_workers.media.join."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import cast

import av
import numpy as np
import pytest
from av.audio.stream import AudioStream

from gpu_workers.media import MediaDecodeError, decode_audio
from gpu_workers.media.join import MP4, WEBM, JoinedRecording, join_segments, verify_recording
from local_platform.segments import Segment, cut_segments

pytestmark = pytest.mark.unit
SAMPLE = Path(__file__).resolve().parents[1] / "media" / "sample_interview.webm"
GAP_S = 3.0  # a reload mid-interview: the next segment starts later on the session timeline


@pytest.fixture(scope="module")
def segments(tmp_path_factory: pytest.TempPathFactory) -> list[Segment]:
    return cut_segments(SAMPLE, tmp_path_factory.mktemp("segments"), 4.0)


@pytest.fixture(scope="module")
def mp4_segments(tmp_path_factory: pytest.TempPathFactory) -> list[Segment]:
    return cut_segments(SAMPLE, tmp_path_factory.mktemp("mp4"), 4.0, container="mp4")


def _join(segments: list[Segment], folder: Path) -> JoinedRecording:
    return join_segments([(s.path, s.offset_s) for s in segments], folder)


def _end_s(segments: list[Segment]) -> float:
    return segments[-1].offset_s + segments[-1].duration_s


def _codecs(path: Path) -> list[str]:
    with av.open(str(path)) as c:
        codecs = [s.codec_context.name for s in c.streams]
    return codecs


def _first_frame_after_seek(path: Path, t_s: float) -> float:
    """Where the replay lands when it seeks to `t_s`: the key frame at or before it."""
    with av.open(str(path)) as c:
        c.seek(int(t_s * av.time_base), any_frame=False)
        landed = next(c.decode(video=0)).time
    return float(landed or 0.0)


def _envelope(path: Path) -> np.ndarray:
    """Loudness per 10 ms of the decoded audio (decoding concatenates samples, so index = time from 0
    when the track is continuous)."""
    track = decode_audio(path)
    assert track is not None
    hop = track.sample_rate // 100
    frames = track.samples[: len(track.samples) // hop * hop].reshape(-1, hop)
    return np.sqrt((frames**2).mean(axis=1))


def _where_is(source_t_s: float, output: Path, expected_t_s: float) -> float:
    """Where 2 s of the sample interview's sound from `source_t_s` is found in `output`, searched within
    1 s of `expected_t_s`: the marker test for audio."""
    source, joined = _envelope(SAMPLE), _envelope(output)
    start = round(source_t_s * 100)
    probe = source[start : start + 200]
    probe = (probe - probe.mean()) / probe.std()
    best, best_t = -np.inf, 0.0
    for at in range(round(expected_t_s * 100) - 100, round(expected_t_s * 100) + 100):
        window = joined[at : at + 200]
        if at < 0 or len(window) < 200 or window.std() == 0:
            continue
        score = float(np.dot(probe, (window - window.mean()) / window.std()))
        best, best_t = max((best, best_t), (score, at / 100))
    return best_t


def test_webm_segments_are_remuxed_into_webm_without_re_encoding(
    segments: list[Segment], tmp_path: Path
) -> None:
    joined = _join(segments, tmp_path)

    assert len(segments) >= 3
    assert (joined.container, joined.reencoded, joined.path.name) == (WEBM, False, "recording.webm")
    assert joined.duration_s == pytest.approx(_end_s(segments), abs=0.1)
    assert verify_recording(joined) == pytest.approx(joined.audio_s, abs=0.5)
    assert _codecs(joined.path) == ["vp8", "opus"]
    # A remux adds one header instead of one per segment: never larger than the parts.
    assert joined.path.stat().st_size <= joined.segments_bytes


def test_each_segment_sits_at_its_offset_so_markers_land_on_their_moment(
    segments: list[Segment], tmp_path: Path
) -> None:
    # A 10 s gap before the second segment (a reload mid-interview): its content moves with it.
    parts = [(segments[0].path, 0.0), (segments[1].path, segments[1].offset_s + 10.0)]
    joined = join_segments(parts, tmp_path)

    landed = _first_frame_after_seek(joined.path, segments[1].offset_s + 10.5)
    assert landed == pytest.approx(segments[1].offset_s + 10.0, abs=0.1)
    assert joined.duration_s == pytest.approx(segments[1].offset_s + 10.0 + segments[1].duration_s, abs=0.1)


def _top_level_boxes(path: Path) -> list[str]:
    data, boxes, at = path.read_bytes(), [], 0
    while at + 8 <= len(data):
        size = int.from_bytes(data[at : at + 4], "big")
        boxes.append(data[at + 4 : at + 8].decode("latin-1"))
        if size == 1:  # a 64-bit size follows the type
            size = int.from_bytes(data[at + 8 : at + 16], "big")
        at += size if size else len(data)
    return boxes


def test_safari_mp4_segments_are_remuxed_into_one_mp4_that_seeks_at_once(
    mp4_segments: list[Segment], tmp_path: Path
) -> None:
    # Given Safari's fragmented H.264 + AAC segments (WebM cannot carry either codec)
    joined = _join(mp4_segments, tmp_path)

    assert (joined.container, joined.reencoded, joined.path.name) == (MP4, False, "recording.mp4")
    assert joined.container.content_type == "video/mp4"
    assert _codecs(joined.path) == ["h264", "aac"]
    assert joined.duration_s == pytest.approx(_end_s(mp4_segments), abs=0.1)
    assert verify_recording(joined) == pytest.approx(joined.audio_s, abs=0.5)
    boxes = _top_level_boxes(joined.path)
    assert boxes.index("moov") < boxes.index("mdat"), boxes  # the index first: seekable before it loads
    # Markers: the fourth segment's first frame and the speech at 13 s are where they were.
    assert _first_frame_after_seek(joined.path, mp4_segments[3].offset_s + 0.5) == pytest.approx(
        mp4_segments[3].offset_s, abs=0.1
    )
    assert _where_is(13.0, joined.path, 13.0) == pytest.approx(13.0, abs=0.06)
    assert joined.path.stat().st_size <= joined.segments_bytes


def test_a_browser_that_switched_codecs_is_compressed_once_on_the_session_timeline(
    segments: list[Segment], mp4_segments: list[Segment], tmp_path: Path
) -> None:
    # Given WebM, then MP4 after a reload that left a gap, then WebM again
    parts = [
        (segments[0].path, segments[0].offset_s),
        (mp4_segments[1].path, mp4_segments[1].offset_s + GAP_S),
        (segments[2].path, segments[2].offset_s + GAP_S),
    ]
    joined = join_segments(parts, tmp_path)

    assert (joined.container, joined.reencoded, joined.path.name) == (WEBM, True, "recording.webm")
    assert _codecs(joined.path) == ["vp9", "opus"]
    assert joined.duration_s == pytest.approx(segments[2].offset_s + GAP_S + segments[2].duration_s, abs=0.1)
    # The audio that went in plus the silence that keeps the gap: the check before segments are deleted
    assert joined.audio_s == pytest.approx(_end_s(segments[:3]) + GAP_S, abs=0.2)
    assert verify_recording(joined) == pytest.approx(joined.audio_s, abs=0.05)
    # Markers: each part's first frame and its speech are at session time (source time + the gap)
    for seg in (mp4_segments[1], segments[2]):
        t_s = seg.offset_s + GAP_S
        assert _first_frame_after_seek(joined.path, t_s + 0.5) == pytest.approx(t_s, abs=0.1)
    assert _where_is(1.0, joined.path, 1.0) == pytest.approx(1.0, abs=0.06)
    assert _where_is(5.0, joined.path, 5.0 + GAP_S) == pytest.approx(5.0 + GAP_S, abs=0.06)
    assert _where_is(9.0, joined.path, 9.0 + GAP_S) == pytest.approx(9.0 + GAP_S, abs=0.06)


def _reencode(segment: Segment, out: Path, *codec_args: str) -> Path:
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-i", str(segment.path), *codec_args, str(out)], check=True
    )
    return out


def test_codecs_no_container_here_carries_are_compressed_once(
    segments: list[Segment], tmp_path: Path
) -> None:
    # Chrome may record H.264 + Opus in Matroska: neither WebM nor MP4 here carries the pair
    h264_opus = _reencode(segments[0], tmp_path / "h264.mkv", "-c:v", "libx264", "-c:a", "libopus")
    joined = join_segments([(h264_opus, 0.0)], tmp_path)

    assert (joined.container, joined.reencoded) == (WEBM, True)
    assert _codecs(joined.path) == ["vp9", "opus"]
    assert joined.duration_s == pytest.approx(segments[0].duration_s, abs=0.1)
    verify_recording(joined)


def test_a_camera_restarted_smaller_is_scaled_to_the_first_size(
    mp4_segments: list[Segment], tmp_path: Path
) -> None:
    # Same codecs, but a new H.264 set-up (SPS): one MP4 header cannot describe both parts
    small = _reencode(mp4_segments[1], tmp_path / "small.mp4", "-vf", "scale=320:180", "-c:v", "libx264")
    joined = join_segments([(mp4_segments[0].path, 0.0), (small, mp4_segments[1].offset_s)], tmp_path)

    assert (joined.container, joined.reencoded) == (WEBM, True)
    with av.open(str(joined.path)) as c:
        sizes = {(f.width, f.height) for f in c.decode(video=0)}
    assert sizes == {(640, 360)}


def test_a_segment_without_a_microphone_track_joins_with_those_that_have_one(
    segments: list[Segment], tmp_path: Path
) -> None:
    # The first segment recorded before the microphone was granted: video only
    silent = _reencode(segments[0], tmp_path / "video-only.webm", "-an", "-c:v", "copy")
    joined = join_segments([(silent, 0.0), (segments[1].path, segments[1].offset_s)], tmp_path)

    assert not joined.reencoded
    assert _codecs(joined.path) == ["vp8", "opus"]
    assert joined.audio_s == pytest.approx(segments[1].duration_s, abs=0.1)
    assert verify_recording(joined) == pytest.approx(joined.audio_s, abs=0.5)
    assert _first_frame_after_seek(joined.path, segments[1].offset_s + 0.5) == pytest.approx(
        segments[1].offset_s, abs=0.1
    )


def test_a_recording_that_lost_audio_fails_verification(segments: list[Segment], tmp_path: Path) -> None:
    joined = _join(segments[:2], tmp_path)
    claimed = JoinedRecording(
        joined.path, joined.container, False, joined.duration_s, joined.audio_s + 2.0, joined.segments_bytes
    )

    with pytest.raises(MediaDecodeError, match="decodes to"):
        verify_recording(claimed)


def test_a_corrupt_segment_is_a_named_error(segments: list[Segment], tmp_path: Path) -> None:
    bad = tmp_path / "bad.webm"
    bad.write_bytes(b"not media at all" * 64)

    with pytest.raises(MediaDecodeError):
        join_segments([(segments[0].path, 0.0), (bad, 4.0)], tmp_path)


def _reencode_audio(segment: Segment, out: Path, codec: str, video_first: bool) -> Path:
    """The segment with its audio encoded again as `codec` (mono, as the recorder's), its video copied,
    tracks in either order."""
    with av.open(str(segment.path)) as src, av.open(str(out), mode="w", format="webm") as dst:
        video_in = src.streams.video[0]
        if video_first:
            video_out = dst.add_stream_from_template(video_in)
        audio_out = cast(AudioStream, dst.add_stream(codec, rate=48000, layout="mono"))
        if not video_first:
            video_out = dst.add_stream_from_template(video_in)
        for packet in src.demux(video_in):
            if packet.dts is not None:
                packet.stream = video_out
                dst.mux(packet)
        src.seek(0)  # the video pass read the file to its end
        for frame in src.decode(audio=0):
            frame.pts = None
            dst.mux(audio_out.encode(frame))
        dst.mux(audio_out.encode(None))
    assert (decoded := decode_audio(out)) and decoded.duration_s > 3.5  # the audio is there
    return out


def test_tracks_are_matched_by_kind_not_by_order(segments: list[Segment], tmp_path: Path) -> None:
    # A recorder that writes the audio track first (the browser's MediaRecorder may)
    swapped = _reencode_audio(segments[1], tmp_path / "swapped.webm", "libopus", video_first=False)
    joined = join_segments([(segments[0].path, 0.0), (swapped, segments[1].offset_s)], tmp_path)

    assert not joined.reencoded
    assert joined.audio_s == pytest.approx(_end_s(segments[:2]), abs=0.2)
    assert verify_recording(joined) == pytest.approx(joined.audio_s, abs=0.5)
    with av.open(str(joined.path)) as c:
        assert [s.type for s in c.streams] == ["video", "audio"]


def test_an_audio_codec_switch_within_webm_is_compressed_once(
    segments: list[Segment], tmp_path: Path
) -> None:
    vorbis = _reencode_audio(segments[1], tmp_path / "vorbis.webm", "libvorbis", video_first=True)
    joined = join_segments([(segments[0].path, 0.0), (vorbis, segments[1].offset_s)], tmp_path)

    assert (joined.container, joined.reencoded) == (WEBM, True)
    assert verify_recording(joined) == pytest.approx(joined.audio_s, abs=0.05)
    assert _where_is(5.0, joined.path, 5.0) == pytest.approx(5.0, abs=0.06)


def test_nothing_to_join_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(MediaDecodeError):
        join_segments([], tmp_path)
