"""The console's one line per session event, from the messages the gateway delivers."""

from __future__ import annotations

import io
import json

import pytest

from local_platform.console import SessionConsole

pytestmark = pytest.mark.unit


def test_one_readable_line_per_session_event() -> None:
    out = io.StringIO()
    console = SessionConsole(out)
    deliveries = [
        {
            "type": "session.started",
            "session_id": "s1",
            "status": "live",
            "answer_index": 0,
            "accepted_seqs": [],
        },
        {"type": "chunk.upload_url", "seq": 0, "url": "http://x", "headers": {}, "expires_in": 300},
        {"type": "chunk.accepted", "seq": 0, "duplicate": False},
        {"type": "chunk.analyzed", "seq": 0, "status": "analyzed", "errors": {}},
        {"type": "chunk.analyzed", "seq": 1, "status": "failed", "errors": {"vision": "MediaDecodeError"}},
        {
            "type": "error",
            "code": "chunk_rejected",
            "message": "content type text/plain is not accepted",
            "seq": 2,
        },
        {"type": "report.ready", "session_id": "s1"},
    ]
    for message in deliveries:
        console("conn-1", json.dumps(message))
    console("conn-1", "not json")
    lines = [line.split("  ", 1)[1] for line in out.getvalue().splitlines()]
    assert lines[0] == "session s1 started (answer 0)"
    assert lines[1].startswith("session s1 segment 0 analyzed in ") and lines[1].endswith(" s")
    assert lines[2] == "session s1 segment 1 failed with errors {'vision': 'MediaDecodeError'}"
    assert lines[3] == "session s1 error chunk_rejected (segment 2): content type text/plain is not accepted"
    assert lines[4] == "session s1 report ready"
    assert len(lines) == 5  # upload URLs, acceptances and unreadable frames are not events
