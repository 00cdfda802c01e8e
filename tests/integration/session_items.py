"""Items of a session written straight through the repositories, for tests of the pipeline's steps."""

from __future__ import annotations

from interview_core.domain import Chunk, ChunkStatus, Window, WindowStatus, utcnow
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


def running_window(sid: str, index: int = 0, seqs: tuple[int, ...] = (0,)) -> Window:
    """A window of answer 0 claimed for transcription and not finished yet."""
    return Window(
        session_id=sid,
        window_index=index,
        answer_index=0,
        seqs=seqs,
        status=WindowStatus.RUNNING,
        created_at=utcnow(),
    )
