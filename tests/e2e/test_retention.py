"""Retention covers everything stored: every object of a finished session carries the session's
`retention-days` tag (the bucket's lifecycle rules match on it), and the HTML report is served so
that nothing in it can run or be framed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import boto3
import pytest
from streaming_session import Live

from local_platform.segments import cut_segments

pytestmark = pytest.mark.e2e
SAMPLE = Path(__file__).resolve().parents[1] / "media" / "sample_interview.webm"


def test_every_object_of_a_finished_session_carries_the_retention_tag(platform: Any, tmp_path: Path) -> None:
    # Given a session streamed, analysed, transcribed and reported, kept 7 days
    live = Live(platform, retention_days=7)
    segments = cut_segments(SAMPLE, tmp_path, 4.0)[:3]
    for seq, seg in enumerate(segments):
        assert live.send(seq, seg)["type"] == "chunk.accepted"
    live.end()
    live.recording()
    # When every object under its prefix is listed
    s3, bucket = boto3.client("s3"), os.environ["MEDIA_BUCKET"]
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix=f"sessions/{live.sid}/")["Contents"]]
    # Then the joined recording (its segments removed), analyses, transcripts and the report are all
    # there, each tagged
    kinds = {k.split("/")[2] for k in keys}
    assert {"recording", "analysis", "report"} <= kinds and "chunks" not in kinds, keys
    for key in keys:
        tags = s3.get_object_tagging(Bucket=bucket, Key=key)["TagSet"]
        assert {"Key": "retention-days", "Value": "7"} in tags, key
    # And the HTML report may load nothing, run nothing and be framed by nobody
    r = live.api.request("GET", f"/sessions/{live.sid}/report.html")
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp and "sandbox" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    live.conn.close()
