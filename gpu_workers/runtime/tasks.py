"""What a worker does with one task, independent of SQS: fetch, analyse, store detail, summarise."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from interview_core.contracts.worker import MediaRef, SegmentTask, WindowTask
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


def run_segment_task(task: SegmentTask, store: MediaStore, analyze: SegmentAnalyzer) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix=f"{task.kind}-") as tmp:
        path = store.download(task.segment.key, Path(tmp) / Path(task.segment.key).name)
        analysis = analyze(path, task.segment)
    detail_key = analysis_key(task.session_id, task.kind, f"chunk-{task.segment.seq:06d}")
    store.put_json(detail_key, analysis.detail)
    return {**_summary_dict(analysis), "detail_key": detail_key}


def run_window_task(task: WindowTask, store: MediaStore, analyze: WindowAnalyzer) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="window-") as tmp:
        parts = [
            (store.download(seg.key, Path(tmp) / Path(seg.key).name), seg.offset_s)
            for seg in sorted(task.segments, key=lambda s: s.seq)
        ]
        analysis = analyze(parts, task.window_index, task.answer_index)
    detail_key = analysis_key(task.session_id, "transcript", f"window-{task.window_index:04d}")
    store.put_json(detail_key, analysis.detail)
    return {**_summary_dict(analysis), "detail_key": detail_key}
