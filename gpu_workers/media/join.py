"""Join a session's self-contained WebM segments into one recording, without re-encoding.

Every browser segment restarts its timestamps at 0, so joining is a remux: each segment's packets are
shifted to the segment's place on the session timeline (`offset_s`), so a marker at session time t
is at t in the recording too. A packet that would go back in time (segments that overlap by a frame)
is pushed just after its predecessor: a muxer refuses non-monotonic timestamps.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av

from gpu_workers.media.decode import MediaDecodeError, decode_audio

__all__ = ["JoinedRecording", "join_segments", "verify_recording"]

RECORDING_CONTENT_TYPE = "video/webm"


@dataclass(frozen=True, slots=True)
class JoinedRecording:
    path: Path
    duration_s: float
    audio_s: float  # sum of the segments' audio, what decoding the joined file must give back
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


def join_segments(parts: list[tuple[Path, float]], out: Path) -> JoinedRecording:
    """Remux `(path, offset_s)` parts, in order, into one WebM at `out`.

    Raises MediaDecodeError when a part is not media or a track's codec differs between parts
    (a remux cannot join different codecs; the segments then stay as they are).
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
        templates: dict[str, av.stream.Stream] = {}
        for container, (path, _) in zip(inputs, parts, strict=True):
            for kind, track in _tracks(container).items():
                template = templates.setdefault(kind, track)
                if track.codec_context.name != template.codec_context.name:
                    raise MediaDecodeError(
                        f"{kind} of {path.name} is {track.codec_context.name}, not "
                        f"{template.codec_context.name}: a remux cannot join them"
                    )
        offsets = [offset for _, offset in parts]
        return _remux(inputs, templates, offsets, out, sum(p.stat().st_size for p, _ in parts))
    finally:
        for c in inputs:
            c.close()


def _remux(
    inputs: list[av.container.InputContainer],
    templates: dict[str, av.stream.Stream],
    offsets: list[float],
    out: Path,
    segments_bytes: int,
) -> JoinedRecording:
    end_s = 0.0
    audio_s = 0.0
    with av.open(str(out), mode="w", format="webm") as output:
        targets = {kind: output.add_stream_from_template(t) for kind, t in templates.items()}
        last_dts: dict[str, int] = {}
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
                    end_s = max(end_s, float((packet.pts + (packet.duration or 0)) * tb))
                    if kind == "audio":
                        audio_s += float((packet.duration or 0) * tb)
                    packet.stream = targets[kind]
                    output.mux(packet)
            except av.error.FFmpegError as e:
                raise MediaDecodeError(f"segment at {offset_s:.2f}s cannot be read: {e}") from e
    return JoinedRecording(path=out, duration_s=end_s, audio_s=audio_s, segments_bytes=segments_bytes)


def verify_recording(joined: JoinedRecording, tolerance_s: float = 0.5) -> float:
    """Decode the joined file's audio and compare it with the segments' sum; its decoded length.

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
