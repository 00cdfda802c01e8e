"""The `recording` task: join a finished session's segments into one stored recording (WebM, or MP4 for
Safari's H.264 + AAC; its key and content type follow the container the join chose).

Order is what keeps media safe: fetch the accepted segments, join, decode the joined file back,
store it (SSE-KMS, the session's retention tag), confirm the stored object, write the manifest the
media endpoint reads, and only then delete the segments. A failure at any step raises before the
deletion, so the segments stay and replay falls back to them. A retry after the manifest was
written answers from the manifest: the segments may already be gone. Segments that vanished during
the join mean the session was deleted: what the join stored is removed again.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from gpu_workers.media import MediaDecodeError
from gpu_workers.media.join import join_segments, verify_recording
from gpu_workers.runtime.tasks import fetch_segment
from interview_core.contracts.worker import RecordingTask, StoredRecording
from interview_core.observability import logger
from interview_core.storage import MediaStore, recording_key


def run_recording_task(task: RecordingTask, store: MediaStore) -> dict[str, Any]:
    manifest_key = recording_key(task.session_id, "json")
    if store.head(manifest_key) is not None:
        return dict(store.get_json(manifest_key))
    segments = sorted(task.segments, key=lambda s: s.seq)
    retention = segments[0].retention_days
    with tempfile.TemporaryDirectory(prefix="recording-") as tmp:
        parts = [(fetch_segment(store, seg, tmp), seg.offset_s) for seg in segments]
        joined = join_segments(parts, Path(tmp))
        verify_recording(joined)
        size = joined.path.stat().st_size
        key = recording_key(task.session_id, joined.container.ext)
        store.upload_file(key, joined.path, joined.container.content_type, retention)
    stored = store.head(key)
    if stored is None or stored.size != size or stored.sse != "aws:kms":
        raise MediaDecodeError("the stored recording does not match the joined file")
    recording = StoredRecording(
        key=key,
        content_type=joined.container.content_type,
        duration_s=round(joined.duration_s, 3),
        size_bytes=size,
        segments=len(segments),
        segments_bytes=joined.segments_bytes,
    )
    store.put_json(manifest_key, recording.model_dump(mode="json"), retention_days=retention)
    if store.head(segments[0].key) is None:  # the session was deleted while joining: leave nothing behind
        store.delete_keys([key, manifest_key])
        raise MediaDecodeError("the session's segments were deleted while they were joined")
    store.delete_keys([seg.key for seg in segments])
    logger.info(
        "recording stored",
        extra={"session_id": task.session_id, "reencoded": joined.reencoded, **recording.model_dump()},
    )
    return recording.model_dump(mode="json")
