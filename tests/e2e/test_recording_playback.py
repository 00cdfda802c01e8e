"""The joined recording in a real browser: Chromium plays Safari's segments remuxed into MP4 and a
session compressed once into VP9 WebM, served over HTTP with byte ranges (as S3 serves the presigned
URL), and a seek to session time t shows the sample interview's frame from the moment recorded at t."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest

from gpu_workers.media.join import JoinedRecording, join_segments
from local_platform.segments import Segment, cut_segments

pytestmark = pytest.mark.e2e
SAMPLE = Path(__file__).resolve().parents[1] / "media" / "sample_interview.webm"
GAP_S = 3.0
THUMB = (64, 36)  # frames are compared as small grey thumbnails: what matters is which moment it is


class _RangeHandler(SimpleHTTPRequestHandler):
    """Static files with `Range: bytes=a-b` answered 206, which a browser needs to seek in a video."""

    def send_head(self) -> Any:
        wanted = self.headers.get("Range", "")
        path = Path(self.translate_path(self.path))
        if not wanted.startswith("bytes=") or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        first, _, last = wanted.removeprefix("bytes=").partition("-")
        start, end = int(first or 0), min(int(last) if last else size - 1, size - 1)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        f = path.open("rb")
        f.seek(start)
        self._remaining = end - start + 1
        return f

    def copyfile(self, source: Any, outputfile: Any) -> None:
        remaining = getattr(self, "_remaining", None)
        if remaining is None:
            return super().copyfile(source, outputfile)
        while remaining > 0 and (chunk := source.read(min(remaining, 64 * 1024))):
            outputfile.write(chunk)
            remaining -= len(chunk)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = tmp_path_factory.mktemp("served")
    (root / "index.html").write_text("<!doctype html><title>replay</title>")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_RangeHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def source_frames() -> list[tuple[float, np.ndarray]]:
    with av.open(str(SAMPLE)) as c:
        frames = [
            (float(f.time or 0.0), f.reformat(*THUMB, format="gray").to_ndarray().astype(np.float32))
            for f in c.decode(video=0)
        ]
    return frames


def _publish(joined: JoinedRecording, served: tuple[Path, str], name: str) -> str:
    root, url = served
    (root / name).write_bytes(joined.path.read_bytes())
    return f"{url}/{name}"


SEEK_AND_GRAB = """async ([src, times, w, h]) => {
  const v = document.createElement('video');
  v.muted = true; v.preload = 'auto'; v.src = src;
  await new Promise((ok, bad) => { v.onloadeddata = ok; v.onerror = () => bad(new Error('media error')); });
  const canvas = document.createElement('canvas'); canvas.width = w; canvas.height = h;
  const ctx = canvas.getContext('2d');
  const shots = [];
  for (const t of times) {
    v.currentTime = t;
    await new Promise((ok) => { v.onseeked = ok; });
    ctx.drawImage(v, 0, 0, w, h);
    const d = ctx.getImageData(0, 0, w, h).data, grey = [];
    for (let i = 0; i < d.length; i += 4) grey.push(0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2]);
    shots.push({t: v.currentTime, grey});
  }
  return {duration: v.duration, shots};
}"""


def _replay(browser: Any, served: tuple[Path, str], src: str, times: list[float]) -> dict[str, Any]:
    page = browser.new_page()
    try:
        page.goto(f"{served[1]}/index.html")
        result: dict[str, Any] = page.evaluate(SEEK_AND_GRAB, [src, times, *THUMB])
    finally:
        page.close()
    return result


def _moment_shown(grey: list[float], source_frames: list[tuple[float, np.ndarray]], near_s: float) -> float:
    """The sample interview's moment (within 1 s of `near_s`) whose frame the browser showed."""
    shot = np.array(grey, np.float32).reshape(THUMB[1], THUMB[0])
    near = [(float(np.abs(frame - shot).mean()), t) for t, frame in source_frames if abs(t - near_s) <= 1.0]
    return min(near)[1]


def _parts(segments: list[Segment]) -> list[tuple[Path, float]]:
    return [(s.path, s.offset_s) for s in segments]


def test_safari_segments_remuxed_into_mp4_play_and_seek_in_chromium(
    browser: Any, served: tuple[Path, str], source_frames: list[tuple[float, np.ndarray]], tmp_path: Path
) -> None:
    segments = cut_segments(SAMPLE, tmp_path / "mp4", 4.0, container="mp4")
    joined = join_segments(_parts(segments), tmp_path)
    assert (joined.path.suffix, joined.reencoded) == (".mp4", False)

    replay = _replay(browser, served, _publish(joined, served, "safari.mp4"), [13.0, 5.5])

    assert replay["duration"] == pytest.approx(joined.duration_s, abs=0.1)
    for shot, t in zip(replay["shots"], [13.0, 5.5], strict=True):
        assert _moment_shown(shot["grey"], source_frames, t) == pytest.approx(t, abs=0.1)


def test_a_session_compressed_once_keeps_its_timeline_in_chromium(
    browser: Any, served: tuple[Path, str], source_frames: list[tuple[float, np.ndarray]], tmp_path: Path
) -> None:
    # Given WebM, then Safari's MP4, then WebM after a reload that left a 3 s gap
    webm = cut_segments(SAMPLE, tmp_path / "webm", 4.0)
    mp4 = cut_segments(SAMPLE, tmp_path / "mp4", 4.0, container="mp4")
    parts = [_parts(webm)[0], _parts(mp4)[1], (webm[2].path, webm[2].offset_s + GAP_S)]
    joined = join_segments(parts, tmp_path)
    assert joined.reencoded

    session_times = [5.5, webm[2].offset_s + GAP_S + 1.5]
    recorded_at = [5.5, webm[2].offset_s + 1.5]  # the moment of the sample each shows
    replay = _replay(browser, served, _publish(joined, served, "switched.webm"), session_times)

    assert replay["duration"] == pytest.approx(webm[2].offset_s + GAP_S + webm[2].duration_s, abs=0.1)
    for shot, t in zip(replay["shots"], recorded_at, strict=True):
        assert _moment_shown(shot["grey"], source_frames, t) == pytest.approx(t, abs=0.1)
