"""Finalize joins the session's segments into one recording, on the running platform (the CDK's ASL in
the embedded AWS, the transcribe worker process): /media then serves it, the segments are gone, and
deleting the session removes the recording too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import av
import boto3
import httpx
import pytest
from platform_users import eventually, streamed_session

from local_platform.client import ApiClient

pytestmark = pytest.mark.integration


def _keys(platform: Any, sid: str) -> set[str]:
    s3 = boto3.client("s3", endpoint_url=platform.aws.endpoint, region_name="us-east-1")
    listed = s3.list_objects_v2(Bucket=platform.aws.env["MEDIA_BUCKET"], Prefix=f"sessions/{sid}/")
    return {o["Key"] for o in listed.get("Contents", [])}


def _media_when_joined(api: ApiClient, sid: str, timeout_s: float = 120) -> dict[str, Any]:
    media: dict[str, Any] = eventually(
        lambda: api.request("GET", f"/sessions/{sid}/media").json(),
        lambda m: m["recording"] is not None,
        timeout_s,
        every_s=1,
    )
    return media


def test_finalize_stores_one_recording_and_removes_the_segments(
    platform: Any, alice: ApiClient, tmp_path: Path
) -> None:
    sid = streamed_session(platform, alice, tmp_path, count=3)

    media = _media_when_joined(alice, sid)

    recording = media["recording"]
    assert recording is not None, media
    assert media["segments"] == []
    assert recording["content_type"] == "video/webm"
    assert recording["duration_s"] == pytest.approx(12.0, abs=0.3)
    body = httpx.get(recording["url"]).raise_for_status().content
    (tmp_path / "replay.webm").write_bytes(body)
    with av.open(str(tmp_path / "replay.webm")) as c:
        assert float(c.duration / av.time_base) == pytest.approx(recording["duration_s"], abs=0.1)
    keys = _keys(platform, sid)
    assert not any("/chunks/" in k for k in keys)
    assert {f"sessions/{sid}/recording/recording.webm", f"sessions/{sid}/recording/recording.json"} <= keys

    # Deleting the session removes the recording with everything else.
    assert alice.request("DELETE", f"/sessions/{sid}").status_code == 204
    assert _keys(platform, sid) == set()


def test_a_failed_join_keeps_every_segment_for_replay(
    platform: Any, alice: ApiClient, tmp_path: Path
) -> None:
    sid = streamed_session(platform, alice, tmp_path, count=3, corrupt_last=True)

    media = _media_when_joined(alice, sid, timeout_s=20)  # the join fails at once; give it time anyway

    assert media["recording"] is None
    assert [s["seq"] for s in media["segments"]] == [0, 1, 2]
    assert sum("/chunks/" in k for k in _keys(platform, sid)) == 3
    assert not any("/recording/" in k for k in _keys(platform, sid))
