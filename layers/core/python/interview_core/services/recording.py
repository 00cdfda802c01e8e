"""One recording per session: what finalize asks the transcribe workers to join, and replay of it.

The join itself runs in a worker (gpu_workers/runtime/recording.py: PyAV is not in the Lambda
layer); it stores the file and then a manifest next to it, and only then deletes the segments. So
the manifest is the record that the recording exists and the segments may be gone; without it,
replay falls back to the segments, which are then still there.
"""

from __future__ import annotations

from typing import Any

from interview_core.auth import Principal
from interview_core.container import Services
from interview_core.contracts.api import MediaList
from interview_core.contracts.worker import StoredRecording
from interview_core.domain import Chunk, Session
from interview_core.services import access
from interview_core.services.ingest import media_ref
from interview_core.storage import recording_key


def join_request(bucket: str, session: Session, chunks: list[Chunk]) -> dict[str, Any]:
    """The finalize state machine's input for the JoinRecording step (skipped when nothing was recorded)."""
    stored = [c for c in sorted(chunks, key=lambda c: c.seq) if c.settled]
    retention = session.consent.retention_days
    return {
        "has_media": bool(stored),
        "bucket": bucket,
        "segments": [media_ref(c, retention) for c in stored],
    }


def stored_recording(svc: Services, session_id: str) -> StoredRecording | None:
    key = recording_key(session_id, "json")
    if svc.store.head(key) is None:
        return None
    return StoredRecording.model_validate(svc.store.get_json(key))


def replay(svc: Services, principal: Principal, session_id: str) -> MediaList:
    """The joined recording when there is one, else the segments in order (short-lived GET URLs)."""
    session = access.readable(svc, principal, session_id).session
    ttl = svc.settings.replay_url_ttl_s
    recording = stored_recording(svc, session.session_id)
    if recording is not None:
        joined = {
            "url": svc.store.presign_get(recording.key, ttl),
            "duration_s": recording.duration_s,
            "content_type": recording.content_type,
            "expires_in": ttl,
        }
        return MediaList.model_validate({"recording": joined, "segments": []})
    segments = [
        {
            "seq": c.seq,
            "offset_s": c.offset_s,
            "duration_s": c.duration_s,
            "answer_index": c.answer_index,
            "content_type": c.content_type,
            "url": svc.store.presign_get(c.key, ttl),
            "expires_in": ttl,
        }
        for c in sorted(svc.repos.chunks.chunks(session.session_id), key=lambda c: c.seq)
        if c.settled
    ]
    return MediaList.model_validate({"recording": None, "segments": segments})
