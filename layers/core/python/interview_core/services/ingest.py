"""Media ingestion over the WebSocket: hand out presigned uploads, confirm them, start analysis once."""

from __future__ import annotations

from interview_core.auth import Principal
from interview_core.container import Services
from interview_core.data.repositories import Acceptance
from interview_core.domain import Chunk, ChunkStatus, Session, SessionStatus, utcnow
from interview_core.errors import (
    ChunkMissingError,
    ChunkRejectedError,
    PayloadTooLargeError,
    SequenceError,
    SessionStateError,
    ValidationFailedError,
)
from interview_core.services import access, limits
from interview_core.services.executions import start_once
from interview_core.storage import PresignedUpload, chunk_key

# Segments may still be confirmed while the session is ending: the client uploads what it recorded
# before it pressed "end", and finalize waits for those.
_UPLOADABLE = (SessionStatus.LIVE, SessionStatus.ENDING)


def chunk_execution_name(session_id: str, seq: int) -> str:
    """One execution per segment, ever: Step Functions refuses a second start with the same name."""
    return f"{session_id}-c{seq:06d}"


def _live_session(
    svc: Services, principal: Principal, session_id: str, allowed: tuple[SessionStatus, ...]
) -> Session:
    session = access.owned(svc, principal, session_id)
    if session.status not in allowed:
        raise SessionStateError(f"session is {session.status.value}", session_id=session_id)
    return session


def request_upload(
    svc: Services,
    principal: Principal,
    session_id: str,
    seq: int,
    content_type: str,
    size_bytes: int,
    answer_index: int | None = None,
    offset_s: float | None = None,
) -> PresignedUpload:
    settings = svc.settings
    session = _live_session(svc, principal, session_id, (SessionStatus.LIVE,))
    limits.segment_requested(svc, principal.user_id)
    base_type = content_type.split(";")[0].strip().lower()
    if base_type not in settings.allowed_chunk_types:
        raise ChunkRejectedError(f"content type {base_type} is not accepted", field="content_type", seq=seq)
    if size_bytes > settings.max_chunk_bytes:
        raise PayloadTooLargeError(
            f"segment of {size_bytes} bytes exceeds {settings.max_chunk_bytes}", field="size_bytes", seq=seq
        )
    if seq >= settings.max_segments_per_session:
        raise SequenceError(f"seq {seq} beyond the session limit", seq=seq)
    if offset_s is not None and offset_s > settings.max_session_s:
        raise ValidationFailedError(
            f"offset_s is beyond the longest session ({settings.max_session_s} s)", field="offset_s", seq=seq
        )
    answer = session.current_answer_index if answer_index is None else answer_index
    if answer > session.current_answer_index:
        raise ValidationFailedError(
            "answer_index is ahead of the current question", field="answer_index", seq=seq
        )
    key = chunk_key(session_id, seq, base_type)
    chunk = Chunk(
        session_id=session_id,
        seq=seq,
        key=key,
        content_type=base_type,
        size_bytes=size_bytes,
        status=ChunkStatus.REQUESTED,
        answer_index=answer,
        offset_s=offset_s if offset_s is not None else 0.0,
        requested_at=utcnow(),
    )
    svc.repos.chunks.request(chunk, expires_at=session.expires_at)
    return svc.store.presign_upload(
        key, base_type, size_bytes, session.consent.retention_days, settings.upload_url_ttl_s
    )


def confirm_upload(svc: Services, principal: Principal, session_id: str, seq: int) -> Acceptance:
    """Check the stored object, record the chunk once with its ETag, and start its analysis once.

    A repeated confirmation checks the object again: an accepted segment cannot be replaced.
    """
    session = _live_session(svc, principal, session_id, _UPLOADABLE)
    chunk = svc.repos.chunks.get(session_id, seq)
    if chunk is None:
        raise SequenceError(f"segment {seq} was never requested", seq=seq)
    info = svc.store.head(chunk.key)
    if chunk.status is not ChunkStatus.REQUESTED:
        if info is None or info.etag != chunk.etag:
            raise ChunkRejectedError(f"segment {seq} changed after it was accepted", seq=seq)
        return Acceptance(chunk, newly_accepted=False)
    if info is None:
        raise ChunkMissingError(f"segment {seq} is not in storage: upload it first", seq=seq)
    if info.size != chunk.size_bytes:
        raise ChunkRejectedError(
            f"segment {seq} is {info.size} bytes, {chunk.size_bytes} were declared", seq=seq
        )
    if info.sse != "aws:kms" or (info.kms_key_id and info.kms_key_id != svc.settings.media_kms_key_arn):
        raise ChunkRejectedError(f"segment {seq} is not encrypted with the platform key", seq=seq)
    acceptance = svc.repos.chunks.accept(session_id, seq, info.etag)
    if acceptance.newly_accepted:
        _start_analysis(svc, acceptance.chunk, session.consent.retention_days)
    return acceptance


def media_ref(chunk: Chunk, retention_days: int) -> dict[str, object]:
    """A segment as workers receive it: where it is, which version was accepted, how long results live."""
    return {
        "seq": chunk.seq,
        "key": chunk.key,
        "offset_s": chunk.offset_s,
        "etag": chunk.etag,
        "retention_days": retention_days,
    }


def _start_analysis(svc: Services, chunk: Chunk, retention_days: int) -> None:
    payload = {
        "session_id": chunk.session_id,
        "bucket": svc.settings.media_bucket,
        "segment": media_ref(chunk, retention_days),
        "answer_index": chunk.answer_index,
    }
    start_once(
        svc, svc.settings.chunk_state_machine_arn, chunk_execution_name(chunk.session_id, chunk.seq), payload
    )


def accepted_seqs(svc: Services, session_id: str) -> list[int]:
    return sorted(c.seq for c in svc.repos.chunks.chunks(session_id) if c.status is not ChunkStatus.REQUESTED)
