"""A browser that records only MP4, as Safari does, in a real Chromium: the whole interview is uploaded
as video/mp4 segments, analysed (speech and face), and joined into one recording the replay plays.

An init script makes `MediaRecorder.isTypeSupported` refuse every WebM type, so the web app's recorder
falls back to "video/mp4". The camera and microphone play tests/media/sample_interview.webm.
"""

from __future__ import annotations

import base64
import io
import json
from typing import Any
from urllib.parse import urlsplit

import av
import httpx
import pytest
from web_interview import joined_recording, signed_up_with_session, stored_chunks

pytestmark = pytest.mark.e2e

# Safari's recorder (no WebM), and every segment upload's bytes handed to the test (Playwright does not
# show a Blob request body).
SAFARI_RECORDER = """(() => {
  const supported = MediaRecorder.isTypeSupported.bind(MediaRecorder);
  MediaRecorder.isTypeSupported = (t) => !String(t).toLowerCase().startsWith('video/webm') && supported(t);
  const send = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    if (init?.method === 'PUT' && String(input).includes('/chunks/') && init.body instanceof Blob) {
      const read = new FileReader();
      await new Promise((ok) => { read.onload = ok; read.readAsDataURL(init.body); });
      await window.segmentUploaded(new URL(String(input)).pathname, read.result.split(',')[1]);
    }
    return send(input, init);
  };
})();"""
ANSWER_S = 9  # three segments (4 + 4 + ~1 s): the join has parts to put one after another
SEEK_TO_S = 5.0  # inside the second segment


def _video_packets(data: bytes) -> list[bytes]:
    with av.open(io.BytesIO(data), mode="r") as c:
        packets = [bytes(p) for p in c.demux(c.streams.video[0]) if p.size]
    return packets


def test_an_mp4_only_browser_gets_analysis_a_report_and_one_recording(media_browser, web_platform):
    # Given a browser that cannot record WebM (Safari), with every segment upload and request watched
    base = web_platform.url
    context = media_browser.new_context(viewport={"width": 1280, "height": 860})
    context.add_init_script(SAFARI_RECORDER)
    bodies: dict[str, bytes] = {}
    context.expose_function("segmentUploaded", lambda path, b64: bodies.update({path: base64.b64decode(b64)}))
    page = context.new_page()
    rest, session_id = signed_up_with_session(page, base, "mp4")
    uploads: list[Any] = []
    page.on("request", lambda r: uploads.append(r) if r.method == "PUT" and "/chunks/" in r.url else None)
    requested: list[str] = []

    def watch(payload: Any) -> None:
        message = json.loads(payload) if isinstance(payload, str) else {}
        if message.get("action") == "chunk.request":
            requested.append(message["content_type"])

    page.on("websocket", lambda ws: ws.on("framesent", watch))

    # When the candidate answers a question and ends the interview
    page.goto(f"{base}/interview/?session={session_id}")
    page.locator("[data-testid=link-state][data-state=online]").wait_for(timeout=20000)
    page.get_by_role("button", name="Start answering").click()
    page.get_by_test_id("recording-indicator").wait_for()
    page.wait_for_timeout(ANSWER_S * 1000)
    page.get_by_role("button", name="End interview").click()
    page.wait_for_url("**/report/**", timeout=60000)
    page.get_by_test_id("report").wait_for(timeout=150000)

    # Then every segment was requested, uploaded and stored as MP4
    chunks = stored_chunks(web_platform, session_id)
    assert len(chunks) >= 3 and [int(c["seq"]) for c in chunks] == list(range(len(chunks))), chunks
    assert {c["content_type"] for c in chunks} == {"video/mp4"}
    assert requested and set(requested) == {"video/mp4"}, requested
    assert len(uploads) == len(chunks), [u.url for u in uploads]
    uploads.sort(key=lambda u: urlsplit(u.url).path)  # .../chunks/000000.mp4: in seq order
    segments = [bodies[urlsplit(u.url).path] for u in uploads]
    for upload, body in zip(uploads, segments, strict=True):
        assert urlsplit(upload.url).path.endswith(".mp4") and upload.headers["content-type"] == "video/mp4"
        assert body[4:8] == b"ftyp", body[:16]  # an ISO BMFF file, not WebM (1A 45 DF A3)

    # And the report was built from both the speech and the face
    report = rest.get(f"/sessions/{session_id}/report").raise_for_status().json()
    assert len(report["transcript"]["words"]) >= 3, report["transcript"]
    assert report["face_present_ratio"] and report["face_present_ratio"] > 0.5, report["analysis_notes"]

    # And the segments became one recording. Debian's Chromium records VP9 + Opus when asked for
    # "video/mp4" (not Safari's H.264 + AAC): WebM carries both, so the join remuxes them into WebM,
    # neither the MP4 remux nor a re-encode: the recording holds the segments' very packets.
    media = joined_recording(rest, session_id)
    recording = media["recording"]
    assert media["segments"] == [] and recording["content_type"] == "video/webm", media
    joined = httpx.get(recording["url"], timeout=30).raise_for_status().content
    with av.open(io.BytesIO(joined), mode="r") as c:
        codecs = {s.type: s.codec_context.name for s in c.streams}
    assert codecs == {"video": "vp9", "audio": "opus"}, codecs
    assert _video_packets(joined) == [p for s in segments for p in _video_packets(s)]

    # And the replay plays that one recording from a point inside a later segment
    page.reload()
    video = page.get_by_test_id("replay-video")
    video.wait_for(timeout=30000)
    assert "/recording/recording.webm" in (video.get_attribute("src") or "")
    page.wait_for_function("() => document.querySelector('[data-testid=replay-video]').readyState >= 1")
    duration = video.evaluate("v => v.duration")
    assert duration == pytest.approx(recording["duration_s"], abs=0.5)
    assert duration >= SEEK_TO_S + 1
    video.evaluate("(v, t) => { v.muted = true; v.currentTime = t; void v.play(); }", SEEK_TO_S)
    page.wait_for_function(
        "(t) => document.querySelector('[data-testid=replay-video]').currentTime > t + 0.5",
        arg=SEEK_TO_S,
        timeout=20000,
    )
    context.close()
