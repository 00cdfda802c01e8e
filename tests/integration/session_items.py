"""Items of a session written straight through the repositories, for tests of the pipeline's steps."""

from __future__ import annotations

from interview_core.domain import Chunk, ChunkStatus, utcnow
from interview_core.storage import chunk_key


def requested_chunk(sid: str, seq: int, offset_s: float = 0.0) -> Chunk:
    """A segment the browser asked to upload (`chunk.request`), 10 bytes of WebM."""
    return Chunk(
        session_id=sid,
        seq=seq,
        key=chunk_key(sid, seq, "video/webm"),
        content_type="video/webm",
        size_bytes=10,
        status=ChunkStatus.REQUESTED,
        offset_s=offset_s,
        requested_at=utcnow(),
    )
