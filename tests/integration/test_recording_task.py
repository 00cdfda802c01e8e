"""The `recording` task against real S3 and KMS (moto server): join, store encrypted with the session's
retention, write the manifest, and only then delete the segments; a failure deletes nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gpu_workers.media import MediaDecodeError
from gpu_workers.runtime.loop import parse_task
from gpu_workers.runtime.recording import run_recording_task
from interview_core.contracts.worker import RecordingTask, StoredRecording
from interview_core.storage import MediaStore, chunk_key, recording_key
from local_platform.moto_server import local_client, moto_server
from local_platform.segments import Segment, cut_segments

pytestmark = pytest.mark.integration
SAMPLE = Path(__file__).resolve().parents[1] / "media" / "sample_interview.webm"
SESSION = "5e55104e"
RETENTION = 30


@pytest.fixture(scope="module")
def clients() -> Iterator[dict[str, Any]]:
    with moto_server() as (endpoint, _):
        yield {s: local_client(endpoint, s) for s in ("s3", "kms")}


@pytest.fixture(scope="module")
def segments(tmp_path_factory: pytest.TempPathFactory) -> list[Segment]:
    return cut_segments(SAMPLE, tmp_path_factory.mktemp("segments"), 4.0)


@pytest.fixture
def store(clients: dict[str, Any], request: pytest.FixtureRequest) -> MediaStore:
    bucket = f"media-{abs(hash(request.node.name)) % 10**8}"
    clients["s3"].create_bucket(Bucket=bucket)
    key_arn = clients["kms"].create_key()["KeyMetadata"]["Arn"]
    return MediaStore(clients["s3"], bucket, key_arn)


def _upload(store: MediaStore, segments: list[Segment], content_type: str = "video/webm") -> RecordingTask:
    refs = []
    for seq, seg in enumerate(segments):
        key = chunk_key(SESSION, seq, content_type)
        store.put_bytes(key, seg.path.read_bytes(), content_type, RETENTION)
        info = store.head(key)
        assert info is not None
        refs.append(
            {"seq": seq, "key": key, "offset_s": seg.offset_s, "etag": info.etag, "retention_days": RETENTION}
        )
    body = {"task_token": "t", "kind": "recording", "session_id": SESSION, "bucket": store.bucket}
    task = parse_task(json.dumps({**body, "segments": refs}))
    assert isinstance(task, RecordingTask)
    return task


def _keys(store: MediaStore, clients: dict[str, Any]) -> set[str]:
    listed = clients["s3"].list_objects_v2(Bucket=store.bucket).get("Contents", [])
    return {o["Key"] for o in listed}


def test_the_recording_replaces_the_segments_once_stored_and_verified(
    store: MediaStore, clients: dict[str, Any], segments: list[Segment]
) -> None:
    task = _upload(store, segments)

    result = StoredRecording.model_validate(run_recording_task(task, store))

    key = recording_key(SESSION)
    assert _keys(store, clients) == {key, recording_key(SESSION, "json")}
    stored = store.head(key)
    assert stored is not None and stored.sse == "aws:kms" and stored.kms_key_id == store.kms_key_arn
    assert stored.size == result.size_bytes and stored.content_type == "video/webm"
    tags = clients["s3"].get_object_tagging(Bucket=store.bucket, Key=key)["TagSet"]
    assert tags == [{"Key": "retention-days", "Value": str(RETENTION)}]
    assert result.segments == len(segments)
    assert result.segments_bytes == sum(s.path.stat().st_size for s in segments)
    assert result.duration_s == pytest.approx(segments[-1].offset_s + segments[-1].duration_s, abs=0.1)
    assert store.get_json(recording_key(SESSION, "json")) == result.model_dump(mode="json")
    # A redelivered task (the segments are gone by now) answers from the manifest.
    assert run_recording_task(task, store) == result.model_dump(mode="json")


def test_safari_mp4_segments_become_one_mp4_recording(
    store: MediaStore, clients: dict[str, Any], tmp_path: Path
) -> None:
    # Given the segments Safari records (fragmented MP4, H.264 + AAC)
    mp4 = cut_segments(SAMPLE, tmp_path, 4.0, container="mp4")[:3]
    task = _upload(store, mp4, "video/mp4")

    result = StoredRecording.model_validate(run_recording_task(task, store))

    key = recording_key(SESSION, "mp4")
    assert (result.key, result.content_type) == (key, "video/mp4")
    assert _keys(store, clients) == {key, recording_key(SESSION, "json")}
    stored = store.head(key)
    assert stored is not None and stored.content_type == "video/mp4" and stored.sse == "aws:kms"
    assert result.duration_s == pytest.approx(mp4[-1].offset_s + mp4[-1].duration_s, abs=0.1)


def test_a_segment_that_does_not_decode_leaves_every_segment_in_place(
    store: MediaStore, clients: dict[str, Any], segments: list[Segment], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.webm"
    broken.write_bytes(segments[1].path.read_bytes()[:300])  # a header, then nothing
    task = _upload(store, [segments[0], Segment(broken, segments[1].offset_s, segments[1].duration_s)])
    before = _keys(store, clients)

    with pytest.raises(MediaDecodeError):
        run_recording_task(task, store)

    assert _keys(store, clients) == before
    assert recording_key(SESSION, "json") not in before


def test_a_segment_replaced_after_acceptance_is_not_joined(
    store: MediaStore, clients: dict[str, Any], segments: list[Segment]
) -> None:
    task = _upload(store, segments[:2])
    store.put_bytes(task.segments[1].key, segments[0].path.read_bytes(), "video/webm", RETENTION)

    with pytest.raises(MediaDecodeError, match="changed after it was accepted"):
        run_recording_task(task, store)

    assert {s.key for s in task.segments} <= _keys(store, clients)


def test_a_session_deleted_during_the_join_keeps_nothing(
    store: MediaStore, clients: dict[str, Any], segments: list[Segment], monkeypatch: pytest.MonkeyPatch
) -> None:
    task = _upload(store, segments[:2])
    upload = store.upload_file

    def delete_session_then_upload(*args: Any, **kwargs: Any) -> None:
        store.delete_prefix(f"sessions/{SESSION}/")  # the candidate deletes the session meanwhile
        upload(*args, **kwargs)

    monkeypatch.setattr(store, "upload_file", delete_session_then_upload)

    with pytest.raises(MediaDecodeError, match="deleted while they were joined"):
        run_recording_task(task, store)

    assert _keys(store, clients) == set()
