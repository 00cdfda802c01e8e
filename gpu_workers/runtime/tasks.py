"""What a worker does with one task, independent of SQS: fetch, analyse, store detail, summarise.

Media is fetched only in the version that was accepted (its ETag), and every detail object carries
the session's retention tag, so the bucket's lifecycle rules expire it with the media.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from gpu_workers.media import MediaDecodeError
from interview_core.contracts.worker import MediaRef, SegmentTask, WindowTask
from interview_core.errors import ChunkRejectedError, NotFoundError
from interview_core.storage import MediaStore, analysis_key


class Analysis(Protocol):
    """What every analyzer returns: a compact summary for the state machine and the full detail for S3."""

    @property
    def summary(self) -> Any: ...

    @property
    def detail(self) -> Any: ...


SegmentAnalyzer = Callable[[Path, MediaRef], Analysis]
WindowAnalyzer = Callable[[list[tuple[Path, float]], int, int], Analysis]


def _summary_dict(analysis: Analysis) -> dict[str, Any]:
    summary = analysis.summary
    return summary.model_dump(mode="json") if hasattr(summary, "model_dump") else dict(summary)


def fetch_segment(store: MediaStore, segment: MediaRef, folder: str) -> Path:
    try:
        return store.download(segment.key, Path(folder) / Path(segment.key).name, if_match=segment.etag)
    except ChunkRejectedError as e:  # replaced after acceptance: not the media the candidate confirmed
        raise MediaDecodeError(f"segment {segment.seq} changed after it was accepted") from e
    except NotFoundError as e:  # its session was deleted: a named failure, not a crash to retry
        raise MediaDecodeError(f"segment {segment.seq} is gone") from e


def run_segment_task(task: SegmentTask, store: MediaStore, analyze: SegmentAnalyzer) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix=f"{task.kind}-") as tmp:
        analysis = analyze(fetch_segment(store, task.segment, tmp), task.segment)
    detail_key = analysis_key(task.session_id, task.kind, f"chunk-{task.segment.seq:06d}")
    store.put_json(detail_key, analysis.detail, retention_days=task.segment.retention_days)
    return {**_summary_dict(analysis), "detail_key": detail_key}


def run_window_task(task: WindowTask, store: MediaStore, analyze: WindowAnalyzer) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="window-") as tmp:
        parts = [
            (fetch_segment(store, seg, tmp), seg.offset_s)
            for seg in sorted(task.segments, key=lambda s: s.seq)
        ]
        analysis = analyze(parts, task.window_index, task.answer_index)
    detail_key = analysis_key(task.session_id, "transcript", f"window-{task.window_index:04d}")
    store.put_json(detail_key, analysis.detail, retention_days=task.segments[0].retention_days)
    return {**_summary_dict(analysis), "detail_key": detail_key}
