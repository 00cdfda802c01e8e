"""Worker entry point, the same in the GPU containers and as a local process:

python -m gpu_workers.runtime vision|speech|transcribe
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import boto3

from gpu_workers.runtime.loop import Handler, Task, WorkerLoop
from gpu_workers.runtime.recording import run_recording_task
from gpu_workers.runtime.settings import WorkerSettings
from gpu_workers.runtime.tasks import run_segment_task, run_window_task
from interview_core.contracts.worker import MediaRef, RecordingTask, SegmentTask, WindowTask
from interview_core.observability import logger
from interview_core.storage import MediaStore

KINDS = ("vision", "speech", "transcribe")


def build_handler(kind: str, store: MediaStore) -> Handler:
    """Load the kind's models once; the returned handler serves every task of this process."""
    if kind == "vision":
        from gpu_workers.vision import VisionAnalyzer, VisionOptions

        vision = VisionAnalyzer.create(VisionOptions())

        def analyze_vision(path: Path, _segment: MediaRef) -> Any:
            result = vision.analyze(path)  # its per-frame timeline is the detail stored in S3
            return SimpleNamespace(summary=result.summary, detail=result.timeline)

        return lambda task: run_segment_task(_segment(task), store, analyze_vision)

    from gpu_workers.speech import SpeechAnalyzer, SpeechOptions

    # The transcribe worker loads Whisper at start, so the first answer window does not pay for it.
    speech = SpeechAnalyzer.create(SpeechOptions(), eager_asr=kind == "transcribe")
    if kind == "speech":

        def analyze_speech(path: Path, segment: MediaRef) -> Any:
            return speech.analyze_segment(path, segment.offset_s, seq=segment.seq)

        return lambda task: run_segment_task(_segment(task), store, analyze_speech)

    def transcribe(parts: list[tuple[Path, float]], window_index: int, answer_index: int) -> Any:
        return speech.transcribe_window(parts, window_index=window_index, answer_index=answer_index)

    def transcribe_or_join(task: Task) -> dict[str, Any]:
        # The transcribe workers also join a finished session's recording: they have PyAV and the
        # finalize state machine reaches them through the same queue (README "One recording").
        if isinstance(task, RecordingTask):
            return run_recording_task(task, store)
        return run_window_task(_window(task), store, transcribe)

    return transcribe_or_join


def _segment(task: Task) -> SegmentTask:
    if not isinstance(task, SegmentTask):
        raise TypeError(f"a segment worker received a {task.kind} task")
    return task


def _window(task: Task) -> WindowTask:
    if not isinstance(task, WindowTask):
        raise TypeError(f"a transcribe worker received a {task.kind} task")
    return task


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("kind", choices=KINDS)
    args = parser.parse_args(argv)
    settings = WorkerSettings()  # type: ignore[call-arg]
    session = boto3.session.Session(region_name=settings.aws_region)
    # Endpoints: botocore reads AWS_ENDPOINT_URL_<SERVICE> / AWS_ENDPOINT_URL (embedded AWS, emulators).
    clients = {s: session.client(s) for s in ("s3", "sqs", "stepfunctions")}
    store = MediaStore(clients["s3"], settings.media_bucket, settings.media_kms_key_arn)
    started = time.perf_counter()
    handler = build_handler(args.kind, store)
    load_s = round(time.perf_counter() - started, 1)  # part of every cold start (README "Cold start")
    loop = WorkerLoop(
        clients["sqs"],
        clients["stepfunctions"],
        settings.queue_url,
        handler,
        settings.heartbeat_s,
        settings.visibility_s,
        settings.wait_time_s,
    )
    loop.install_signal_handlers()
    logger.info(
        "worker ready", extra={"kind": args.kind, "queue": settings.queue_url, "model_load_s": load_s}
    )
    loop.run_forever()


if __name__ == "__main__":
    main()
