"""Join a session's self-contained segments into one recording: remuxed where the codecs allow,
otherwise compressed once.

Every browser segment restarts its timestamps at 0, so each part goes to its place on the session
timeline (`offset_s`): a marker at session time t is at t in the recording too. Chrome and Firefox
record VP8/VP9 + Opus, which stay in WebM; Safari records H.264 + AAC, which WebM cannot carry, so those
are remuxed into MP4 (`+faststart`: the index first, so the replay seeks before the file has loaded).
A remux needs one codec set-up per track for the whole file (the container declares it once), so parts
whose codecs or set-up differ (a browser that switched codecs when the camera restarted), or codecs no
container here carries, are decoded and encoded once into VP9 + Opus WebM.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import cast

import av
import numpy as np
from av.video.stream import VideoStream

from gpu_workers.media.decode import MediaDecodeError, declared_duration_s, decode_audio

__all__ = [
    "MP4",
    "VP9_REALTIME",
    "WEBM",
    "Container",
    "JoinedRecording",
    "VideoEncoding",
    "join_segments",
    "verify_recording",
]


@dataclass(frozen=True, slots=True)
class Container:
    """A container the replay plays, and the codecs a remux may put in it. HEVC in MP4 plays only where
    the viewer's browser decodes HEVC (Safari; Chrome and Edge with hardware support): Safari records it
    only when asked to, H.264 otherwise."""

    ext: str
    content_type: str
    video: frozenset[str]
    audio: frozenset[str]
    options: dict[str, str] = field(default_factory=dict)

    def carries(self, codecs: dict[str, str]) -> bool:
        return all(name in (self.video if kind == "video" else self.audio) for kind, name in codecs.items())


WEBM = Container("webm", "video/webm", frozenset({"vp8", "vp9", "av1"}), frozenset({"opus", "vorbis"}))
MP4 = Container(
    "mp4", "video/mp4", frozenset({"h264", "hevc"}), frozenset({"aac"}), {"movflags": "+faststart"}
)


@dataclass(frozen=True, slots=True)
class VideoEncoding:
    """The one encode's video codec (WebM's: libvpx for VP8, libvpx-vp9) and its encoder options."""

    codec: str
    options: dict[str, str]


# Chosen on 2 cores (`python -m bench.recording`): on the real 1080x720 webcam recording VP9 realtime at
# cpu-used 8 encoded fastest (0.16 s per media second, VP8 at its fastest 0.23, VP9 at cpu-used 6 0.21)
# at about VP8's quality (PSNR-Y 37.1 vs 36.8 dB) for 16% more bytes; speed rules: a long interview must
# fit the worker's 10-minute work budget.
VP9_REALTIME = VideoEncoding("libvpx-vp9", {"deadline": "realtime", "cpu-used": "8", "row-mt": "1"})
VIDEO_BIT_RATE = 500_000  # a talking head at the source resolution, below the 600k the web app records at
KEY_FRAME_S = 2.0  # how far back a seek decodes from
AUDIO_RATE = 48_000
AUDIO_BIT_RATE = 48_000  # one voice, mono: Opus is transparent for speech at this rate
MS = Fraction(1, 1000)  # WebM's timestamp unit


@dataclass(frozen=True, slots=True)
class JoinedRecording:
    path: Path
    container: Container
    reencoded: bool
    duration_s: float
    audio_s: float  # what decoding the joined file must give back: the segments' audio (+ silence in gaps)
    segments_bytes: int


def _tracks(container: av.container.InputContainer) -> dict[str, av.stream.Stream]:
    """The first video and the first audio track, by type: recorders do not all order them alike, and a
    segment may lack one (a camera that stopped)."""
    tracks = {}
    for kind in ("video", "audio"):
        found = getattr(container.streams, kind)
        if found:
            tracks[kind] = found[0]
    return tracks


def _remux_container(inputs: list[av.container.InputContainer]) -> Container | None:
    """The container the parts can be remuxed into, or None when they must be encoded again: every part's
    track of a kind must carry the same codec with the same set-up (H.264's SPS/PPS, Opus's channels)."""
    setups: dict[str, set[tuple[str, bytes]]] = {}
    for container in inputs:
        for kind, track in _tracks(container).items():
            setups.setdefault(kind, set()).add(
                (track.codec_context.name, track.codec_context.extradata or b"")
            )
    if any(len(found) > 1 for found in setups.values()):
        return None
    codecs = {kind: next(iter(found))[0] for kind, found in setups.items()}
    return next((c for c in (WEBM, MP4) if c.carries(codecs)), None)


def join_segments(
    parts: list[tuple[Path, float]], folder: Path, encoding: VideoEncoding = VP9_REALTIME
) -> JoinedRecording:
    """Join `(path, offset_s)` parts, in order, into `folder/recording.<webm|mp4>`; `encoding` is the
    video encode when the parts cannot be remuxed.

    Raises MediaDecodeError when there are no parts or a part is not media.
    """
    if not parts:
        raise MediaDecodeError("no segments to join")
    inputs = []
    try:
        for path, _ in parts:
            try:
                inputs.append(av.open(str(path)))
            except (av.error.FFmpegError, ValueError) as e:
                raise MediaDecodeError(f"cannot open segment {path.name}: {e}") from e
        offsets = [offset for _, offset in parts]
        remux_into = _remux_container(inputs)
        target = remux_into or WEBM
        out = folder / f"recording.{target.ext}"
        with av.open(str(out), mode="w", format=target.ext, options=target.options) as output:
            if remux_into:
                audio_s = _remux(inputs, offsets, output)
            else:
                audio_s = _reencode(inputs, offsets, output, encoding)
    finally:
        for c in inputs:
            c.close()
    return JoinedRecording(
        path=out,
        container=target,
        reencoded=remux_into is None,
        duration_s=declared_duration_s(out),  # what the replay shows and seeks within
        audio_s=audio_s,
        segments_bytes=sum(p.stat().st_size for p, _ in parts),
    )


def _remux(
    inputs: list[av.container.InputContainer], offsets: list[float], output: av.container.OutputContainer
) -> float:
    """Copy every packet to its place on the timeline; the segments' audio seconds.

    A packet that would go back in time (segments that overlap by a frame) is pushed just after its
    predecessor: a muxer refuses non-monotonic timestamps.
    """
    targets: dict[str, av.stream.Stream] = {}
    for container in inputs:  # every track before the first packet: the header is written with it
        for kind, track in _tracks(container).items():
            if kind not in targets:
                targets[kind] = output.add_stream_from_template(track)
    last_dts: dict[str, int] = {}
    audio_s = 0.0
    for container, offset_s in zip(inputs, offsets, strict=True):
        try:
            for packet in container.demux(list(_tracks(container).values())):
                if packet.dts is None or packet.pts is None:
                    continue  # the demuxer's end-of-stream flush packet
                kind = packet.stream.type
                tb: Fraction = packet.time_base
                shift = round(offset_s / tb)
                dts = packet.dts + shift
                previous = last_dts.get(kind)
                if previous is not None and dts <= previous:
                    shift += previous + 1 - dts
                    dts = previous + 1
                packet.dts, packet.pts = dts, packet.pts + shift
                last_dts[kind] = dts
                if kind == "audio":
                    audio_s += float((packet.duration or 0) * tb)
                packet.stream = targets[kind]
                output.mux(packet)
        except av.error.FFmpegError as e:
            raise MediaDecodeError(f"segment at {offset_s:.2f}s cannot be read: {e}") from e
    return audio_s


class _VideoTimeline:
    """VP9 frames at their session time, scaled to the first part's size (a camera may restart smaller)."""

    def __init__(
        self, output: av.container.OutputContainer, first: VideoStream, encoding: VideoEncoding
    ) -> None:
        fps = max(1, min(60, round(first.average_rate or 30)))  # browser recordings are variable-rate
        self.stream = cast(VideoStream, output.add_stream(encoding.codec, rate=fps, options=encoding.options))
        ctx = self.stream.codec_context
        ctx.width, ctx.height, ctx.pix_fmt = first.codec_context.width, first.codec_context.height, "yuv420p"
        # Key frames counted in frames, so the encoder budgets for them (forcing them by time instead made
        # the 1080x720 webcam recording 15% larger); a browser's variable rate only stretches the interval.
        ctx.time_base, ctx.bit_rate, ctx.gop_size = MS, VIDEO_BIT_RATE, round(KEY_FRAME_S * fps)
        ctx.thread_count = 2
        self.output = output
        self.last_ms = -1

    def add(self, frame: av.VideoFrame, offset_s: float) -> None:
        ctx = self.stream.codec_context
        out = frame.reformat(width=ctx.width, height=ctx.height, format="yuv420p")
        at_ms = round((offset_s + (frame.time or 0.0)) * 1000)
        self.last_ms = max(self.last_ms + 1, at_ms)  # overlapping parts: just after the last
        out.pts, out.time_base = self.last_ms, MS
        self.output.mux(self.stream.encode(out))

    def close(self) -> None:
        self.output.mux(self.stream.encode(None))


class _AudioTimeline:
    """Opus, mono, continuous from session time 0: a gap before a part is filled with silence (the
    encoder numbers samples consecutively, so a gap left out would pull the later audio early)."""

    def __init__(self, output: av.container.OutputContainer) -> None:
        self.stream = output.add_stream("libopus", rate=AUDIO_RATE, layout="mono")
        self.stream.codec_context.bit_rate = AUDIO_BIT_RATE
        self.output = output
        self.samples = 0
        self.resampler = av.AudioResampler(format="flt", layout="mono", rate=AUDIO_RATE)
        self.part_starts = False

    def begin_part(self) -> None:
        self._flush_part()
        self.resampler = av.AudioResampler(format="flt", layout="mono", rate=AUDIO_RATE)
        self.part_starts = True

    def add(self, frame: av.AudioFrame, offset_s: float) -> None:
        if self.part_starts:  # the part's first audio: silence up to its moment (none if it overlaps)
            at = round((offset_s + (frame.time or 0.0)) * AUDIO_RATE)
            self._write(np.zeros(max(0, at - self.samples), np.float32))
            self.part_starts = False
        for out in self.resampler.resample(frame):
            self._write(out.to_ndarray().reshape(-1))

    def close(self) -> None:
        self._flush_part()
        self.output.mux(self.stream.encode(None))

    def _flush_part(self) -> None:
        for out in self.resampler.resample(None):
            self._write(out.to_ndarray().reshape(-1))

    def _write(self, samples: np.ndarray) -> None:
        if not len(samples):
            return
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="flt", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = AUDIO_RATE, self.samples, Fraction(1, AUDIO_RATE)
        self.samples += len(samples)
        self.output.mux(self.stream.encode(frame))


def _reencode(
    inputs: list[av.container.InputContainer],
    offsets: list[float],
    output: av.container.OutputContainer,
    encoding: VideoEncoding,
) -> float:
    """Decode every part and encode one VP9 + Opus WebM, each frame at its session time; the audio
    seconds written (the parts' audio and the silence in gaps)."""
    first_video = next((c.streams.video[0] for c in inputs if c.streams.video), None)
    video = _VideoTimeline(output, first_video, encoding) if first_video else None
    audio = _AudioTimeline(output) if any(c.streams.audio for c in inputs) else None
    for container, offset_s in zip(inputs, offsets, strict=True):
        for track in container.streams.video:
            track.thread_type = "AUTO"
        if audio:
            audio.begin_part()
        try:
            for frame in container.decode(*_tracks(container).values()):
                if isinstance(frame, av.VideoFrame) and video:
                    video.add(frame, offset_s)
                elif isinstance(frame, av.AudioFrame) and audio:
                    audio.add(frame, offset_s)
        except av.error.FFmpegError as e:
            raise MediaDecodeError(f"segment at {offset_s:.2f}s cannot be decoded: {e}") from e
    for timeline in (video, audio):
        if timeline:
            timeline.close()
    return audio.samples / AUDIO_RATE if audio else 0.0


def verify_recording(joined: JoinedRecording, tolerance_s: float = 0.5) -> float:
    """Decode the joined file's audio and compare it with what went in; its decoded length.

    The check that makes deleting the segments safe: a file that does not decode back to the media
    that went in raises MediaDecodeError.
    """
    track = decode_audio(joined.path)
    decoded_s = track.duration_s if track else 0.0
    if abs(decoded_s - joined.audio_s) > tolerance_s:
        raise MediaDecodeError(
            f"joined recording decodes to {decoded_s:.2f}s of audio, the segments hold {joined.audio_s:.2f}s"
        )
    return decoded_s
