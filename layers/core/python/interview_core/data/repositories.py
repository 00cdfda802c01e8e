"""Repositories: the only code that talks to DynamoDB. They take and return domain models.

Conditional writes make the state changes that must happen once (a chunk accepted, a window
claimed, a session ended) idempotent under retries and concurrent Lambdas. Every write of a
session's items is one transaction with a check that the session still exists and is not being
deleted, so a step that finishes after a deletion cannot leave an item behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from pynamodb.exceptions import DeleteError, DoesNotExist, PutError, TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from interview_core.contracts.analytics import Rating, ReportRatings
from interview_core.contracts.vision import AttentionCalibration, CalibrationSpans
from interview_core.data.tables import (
    ChunkItem,
    CommentItem,
    ConnectionItem,
    LimitItem,
    ReportItem,
    SessionItem,
    ShareItem,
    UserItem,
)
from interview_core.domain import (
    AnswerMark,
    Chunk,
    ChunkStatus,
    Connection,
    Consent,
    JobDescription,
    Question,
    ReportRecord,
    Session,
    SessionComment,
    SessionStatus,
    Share,
    User,
    Window,
    WindowStatus,
    utcnow,
)
from interview_core.errors import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    SessionGoneError,
    UpstreamError,
)

M = TypeVar("M", bound=Model)


def _conditional_failed(e: Exception) -> bool:
    return getattr(e, "cause_response_code", None) == "ConditionalCheckFailedException"


class _ItemConditionFailed(Exception):
    """The written item's own condition failed (the session check passed)."""


_WRITABLE = tuple(s.value for s in SessionStatus if s is not SessionStatus.DELETING)


def _guarded(session_id: str, write: Callable[[TransactWrite], None]) -> None:
    """Apply `write` only while the session exists and is not being deleted, in one transaction.

    Raises SessionGoneError when the session check fails, _ItemConditionFailed when the item's own
    condition does.
    """
    try:
        with TransactWrite(connection=SessionItem._get_connection().connection) as t:
            t.condition_check(SessionItem, session_id, condition=SessionItem.status.is_in(*_WRITABLE))
            write(t)
    except TransactWriteError as e:
        codes = [r.code if r else None for r in e.cancellation_reasons]
        if codes and codes[0] == "ConditionalCheckFailed":
            raise SessionGoneError("session not found", session_id=session_id) from e
        if "ConditionalCheckFailed" in codes[1:]:
            raise _ItemConditionFailed from e
        raise UpstreamError("session write failed") from e


def _delete_each(model: type[M], items: Iterable[M]) -> int:
    """Delete the items (read with at least their keys) in batched writes; how many there were."""
    count = 0
    with model.batch_write() as batch:
        for item in items:
            batch.delete(item)
            count += 1
    return count


def chunk_item_id(seq: int) -> str:
    return f"chunk#{seq:06d}"


def window_item_id(index: int) -> str:
    return f"window#{index:04d}"


def _user(item: UserItem) -> User:
    return User(
        user_id=item.user_id,
        email=item.email or "",
        groups=tuple(str(g) for g in item.groups),
        created_at=item.created_at,
        display_name=item.display_name,
    )


class UserRepository:
    def put(self, user: User) -> None:
        UserItem(
            user.user_id,
            email=user.email,
            groups=list(user.groups),
            created_at=user.created_at,
            display_name=user.display_name,
        ).save()

    def get(self, user_id: str) -> User | None:
        try:
            return _user(UserItem.get(user_id, consistent_read=True))
        except DoesNotExist:
            return None

    def set_display_name(self, user_id: str, display_name: str) -> User:
        """Rename a profile that exists and is not a deleted account's tombstone."""
        item = UserItem(user_id)
        try:
            item.update(
                actions=[UserItem.display_name.set(display_name)],
                condition=UserItem.user_id.exists() & UserItem.deleted_at.does_not_exist(),
            )
        except UpdateError as e:
            if _conditional_failed(e):
                raise NotFoundError("profile not found") from e
            raise UpstreamError("profile update failed") from e
        return _user(item)

    def mark_deleted(self, user_id: str, keep_for: timedelta) -> None:
        """Replace the profile by a tombstone (no email) refusing the account's tokens until it expires."""
        now = utcnow()
        UserItem(user_id, created_at=now, deleted_at=now, expires_at=now + keep_for).save()

    def is_deleted(self, user_id: str) -> bool:
        try:
            return UserItem.get(user_id, consistent_read=True).deleted_at is not None
        except DoesNotExist:
            return False


def _session(item: SessionItem) -> Session:
    return Session(
        session_id=item.session_id,
        owner_id=item.owner_id,
        role=item.role,
        questions=tuple(Question(**q) for q in item.questions),
        consent=Consent(
            recording=item.consent.recording,
            analysis=item.consent.analysis,
            retention_days=int(item.consent.retention_days),  # type: ignore[arg-type]
        ),
        status=SessionStatus(item.status),
        created_at=datetime.fromisoformat(item.created_at),
        started_at=item.started_at,
        ended_at=item.ended_at,
        answers=tuple(AnswerMark(**a) for a in item.answers or []),
        job=JobDescription(**item.job) if item.job else None,
        attention_calibration=AttentionCalibration.model_validate(item.attention_calibration)
        if item.attention_calibration
        else None,
        calibration_spans=CalibrationSpans.model_validate(item.calibration_spans)
        if item.calibration_spans
        else None,
        version=item.version or 0,
    )


def _calibration_json(calibration: AttentionCalibration | CalibrationSpans | None) -> dict[str, Any] | None:
    return calibration.model_dump(mode="json") if calibration else None


class SessionRepository:
    def create(self, session: Session) -> Session:
        item = SessionItem(
            session.session_id,
            owner_id=session.owner_id,
            created_at=session.created_at.isoformat(),
            role=session.role,
            questions=[q.model_dump() for q in session.questions],
            consent=session.consent.model_dump(),
            status=session.status.value,
            answers=[a.model_dump(mode="json") for a in session.answers],
            job=session.job.model_dump(mode="json") if session.job else None,
            attention_calibration=_calibration_json(session.attention_calibration),
            expires_at=session.expires_at,
        )
        try:
            with TransactWrite(connection=SessionItem._get_connection().connection) as t:
                # A missing profile passes (no tombstone); a deleted account's never does.
                t.condition_check(UserItem, session.owner_id, condition=UserItem.deleted_at.does_not_exist())
                t.save(item, condition=SessionItem.session_id.does_not_exist())
        except TransactWriteError as e:
            codes = [r.code if r else None for r in e.cancellation_reasons]
            if codes and codes[0] == "ConditionalCheckFailed":
                raise NotFoundError("account not found") from e
            raise ConflictError("session already exists") from e
        return _session(item)

    def get(self, session_id: str) -> Session | None:
        try:
            return _session(SessionItem.get(session_id, consistent_read=True))
        except DoesNotExist:
            return None

    def list_by_owner(self, owner_id: str, limit: int = 100, *, deleting: bool = False) -> list[Session]:
        items = SessionItem.by_owner.query(owner_id, scan_index_forward=False, limit=limit)
        sessions = [_session(i) for i in items]
        return [s for s in sessions if deleting or s.status is not SessionStatus.DELETING]

    def mark_deleting(self, session_id: str) -> None:
        """Any state -> deleting, so every guarded writer is refused from now on."""
        for _ in range(5):  # a concurrent update bumps the version: read again and retry
            try:
                item = SessionItem.get(session_id, consistent_read=True)
            except DoesNotExist:
                return
            try:
                item.update(actions=[SessionItem.status.set(SessionStatus.DELETING.value)])
                return
            except UpdateError as e:
                if not _conditional_failed(e):
                    raise UpstreamError("session update failed") from e
        raise ConflictError("session keeps changing; retry the delete", session_id=session_id)

    def transition(
        self,
        session: Session,
        to: SessionStatus,
        allowed_from: Iterable[SessionStatus],
        **stamps: datetime,
    ) -> Session:
        """Move a session between states; raises ConflictError if another writer changed it first."""
        allowed = {s.value for s in allowed_from}
        if session.status.value not in allowed:
            raise ConflictError(f"session is {session.status.value}", session_id=session.session_id)
        item = SessionItem.get(session.session_id, consistent_read=True)
        if item.status not in allowed:
            raise ConflictError(f"session is {item.status}", session_id=session.session_id)
        actions: list[Action] = [SessionItem.status.set(to.value)]
        actions += [getattr(SessionItem, name).set(value) for name, value in stamps.items()]
        try:
            item.update(actions=actions)
        except UpdateError as e:
            if _conditional_failed(e):
                raise ConflictError("session changed concurrently", session_id=session.session_id) from e
            raise UpstreamError("session update failed") from e
        return _session(item)

    def set_calibration(
        self,
        session: Session,
        calibration: AttentionCalibration | None,
        spans: CalibrationSpans | None = None,
    ) -> Session:
        """Store (or clear) the attention calibration and the spans it is (to be) read from; a concurrent
        change of the session is a conflict."""
        item = SessionItem.get(session.session_id, consistent_read=True)
        try:
            item.update(
                actions=[
                    SessionItem.attention_calibration.set(_calibration_json(calibration)),
                    SessionItem.calibration_spans.set(_calibration_json(spans)),
                ]
            )
        except UpdateError as e:
            raise ConflictError("session changed concurrently", session_id=session.session_id) from e
        return _session(item)

    def store_resolved_calibration(self, session: Session, calibration: AttentionCalibration) -> bool:
        """Store the directions read from the session's calibration spans; False (nothing written) when
        the session changed meanwhile (new spans, deleting) or already has its directions."""
        try:
            item = SessionItem.get(session.session_id, consistent_read=True)
        except DoesNotExist:
            return False
        if item.attention_calibration or item.calibration_spans != _calibration_json(
            session.calibration_spans
        ):
            return False
        try:
            item.update(
                actions=[SessionItem.attention_calibration.set(_calibration_json(calibration))],
                condition=SessionItem.status.is_in(*_WRITABLE),
            )
        except UpdateError as e:
            if _conditional_failed(e):
                return False
            raise UpstreamError("calibration update failed") from e
        return True

    def add_answer(self, session: Session, mark: AnswerMark) -> Session:
        item = SessionItem.get(session.session_id, consistent_read=True)
        answers = list(item.answers or [])
        if any(a["index"] == mark.index for a in answers):
            return _session(item)  # idempotent: a repeated question.next changes nothing
        answers.append(mark.model_dump(mode="json"))
        try:
            item.update(actions=[SessionItem.answers.set(answers)])
        except UpdateError as e:
            raise ConflictError("session changed concurrently", session_id=session.session_id) from e
        return _session(item)

    def claim_nudge(self, session_id: str, at_s: float, min_gap_s: float) -> bool:
        """Record a nudge at `at_s` unless one was sent less than `min_gap_s` before (atomic rate limit)."""
        try:
            # Through the table connection: a model update would add "version does not exist" to the
            # condition (the item has one) and never succeed; the nudge stamp needs no version.
            SessionItem._get_connection().update_item(
                session_id,
                actions=[SessionItem.last_nudge_at_s.set(at_s)],
                condition=SessionItem.session_id.exists()
                & (
                    SessionItem.last_nudge_at_s.does_not_exist()
                    | (SessionItem.last_nudge_at_s <= at_s - min_gap_s)
                ),
            )
            return True
        except UpdateError as e:
            if _conditional_failed(e):
                return False
            raise UpstreamError("nudge update failed") from e

    def last_nudge_at(self, session_id: str) -> float | None:
        try:
            value = SessionItem.get(session_id, consistent_read=True).last_nudge_at_s
        except DoesNotExist:
            return None
        return float(value) if value is not None else None

    def delete(self, session_id: str) -> None:
        """Remove the (deleting) session item; its items are gone already and no writer can add one."""
        try:
            SessionItem(session_id).delete(add_version_condition=False)
        except DeleteError as e:
            raise UpstreamError("session delete failed") from e


def _connection(item: ConnectionItem) -> Connection:
    return Connection(
        connection_id=item.connection_id,
        user_id=item.user_id,
        session_id=item.session_id,
        connected_at=item.connected_at,
    )


class ConnectionRepository:
    def __init__(self, ttl_s: int = 2 * 3600) -> None:
        self._ttl = timedelta(seconds=ttl_s)

    def put(self, connection: Connection) -> None:
        ConnectionItem(
            connection.connection_id,
            user_id=connection.user_id,
            session_id=connection.session_id,
            connected_at=connection.connected_at,
            expires_at=connection.connected_at + self._ttl,
        ).save()

    def get(self, connection_id: str) -> Connection | None:
        try:
            return _connection(ConnectionItem.get(connection_id, consistent_read=True))
        except DoesNotExist:
            return None

    def attach_session(self, connection_id: str, session_id: str) -> None:
        try:
            ConnectionItem(connection_id).update(
                actions=[ConnectionItem.session_id.set(session_id)],
                condition=ConnectionItem.connection_id.exists(),
            )
        except UpdateError as e:
            raise NotFoundError("connection not found") from e

    def for_session(self, session_id: str) -> list[Connection]:
        return [_connection(i) for i in ConnectionItem.by_session.query(session_id)]

    def detach_session(self, session_id: str) -> None:
        """Connections stay open, but no longer point at a (deleted) session."""
        for item in ConnectionItem.by_session.query(session_id):
            try:
                ConnectionItem(item.connection_id).update(
                    actions=[ConnectionItem.session_id.remove()],
                    condition=ConnectionItem.connection_id.exists(),
                )
            except UpdateError as e:
                if not _conditional_failed(e):  # a connection that closed meanwhile is fine
                    raise UpstreamError("connection update failed") from e

    def for_user(self, user_id: str) -> list[Connection]:
        """A scan: only account deletion asks, and the table holds live connections only (TTL 2 h)."""
        return [_connection(i) for i in ConnectionItem.scan(ConnectionItem.user_id == user_id)]

    def delete(self, connection_id: str) -> None:
        ConnectionItem(connection_id).delete()


def _chunk(item: ChunkItem) -> Chunk:
    return Chunk(
        session_id=item.session_id,
        seq=int(item.seq),
        key=item.key,
        content_type=item.content_type,
        size_bytes=int(item.size_bytes),
        status=ChunkStatus(item.status),
        answer_index=int(item.answer_index),
        offset_s=float(item.offset_s or 0.0),
        duration_s=float(item.duration_s) if item.duration_s is not None else None,
        vision=item.vision,
        speech=item.speech,
        errors=item.errors or {},
        requested_at=item.created_at,
        accepted_at=item.accepted_at,
        etag=item.etag,
        analyzed_at=item.analyzed_at,
    )


def _window(item: ChunkItem) -> Window:
    return Window(
        session_id=item.session_id,
        window_index=int(item.window_index),
        answer_index=int(item.answer_index),
        seqs=tuple(item.seqs or ()),
        status=WindowStatus(item.status),
        transcript=item.transcript,
        error=item.error,
        created_at=item.created_at,
    )


@dataclass(frozen=True)
class SessionItems:
    """A session's chunks and windows, read together in one query."""

    chunks: list[Chunk]
    windows: list[Window]


@dataclass(frozen=True)
class Acceptance:
    chunk: Chunk
    newly_accepted: bool


class ChunkRepository:
    """Chunks and transcription windows of a session (one table, two item kinds)."""

    def request(self, chunk: Chunk, expires_at: datetime) -> Chunk:
        """Record an upload request. Re-requesting a seq that is not yet accepted replaces it (a retry)."""
        item = ChunkItem(
            chunk.session_id,
            chunk_item_id(chunk.seq),
            status=ChunkStatus.REQUESTED.value,
            seq=chunk.seq,
            key=chunk.key,
            content_type=chunk.content_type,
            size_bytes=chunk.size_bytes,
            answer_index=chunk.answer_index,
            offset_s=chunk.offset_s,
            created_at=chunk.requested_at,
            expires_at=expires_at,
        )
        condition = ChunkItem.item_id.does_not_exist() | (ChunkItem.status == ChunkStatus.REQUESTED.value)
        try:
            _guarded(chunk.session_id, lambda t: t.save(item, condition=condition))
        except _ItemConditionFailed as e:
            raise ConflictError("segment already uploaded", seq=chunk.seq) from e
        return _chunk(item)

    def get(self, session_id: str, seq: int) -> Chunk | None:
        try:
            return _chunk(ChunkItem.get(session_id, chunk_item_id(seq), consistent_read=True))
        except DoesNotExist:
            return None

    def accept(self, session_id: str, seq: int, etag: str | None, now: datetime | None = None) -> Acceptance:
        """requested -> accepted exactly once, recording the object's ETag; a repeat reports the chunk
        as already accepted."""
        item = ChunkItem(session_id, chunk_item_id(seq))
        actions: list[Action] = [
            ChunkItem.status.set(ChunkStatus.ACCEPTED.value),
            ChunkItem.accepted_at.set(now or utcnow()),
            ChunkItem.etag.set(etag) if etag else ChunkItem.etag.remove(),
        ]
        condition = ChunkItem.status == ChunkStatus.REQUESTED.value
        try:
            _guarded(session_id, lambda t: t.update(item, actions=actions, condition=condition))
            accepted = self.get(session_id, seq)
            if accepted is not None:
                return Acceptance(accepted, newly_accepted=True)
        except _ItemConditionFailed:
            pass
        existing = self.get(session_id, seq)
        if existing is None:
            raise NotFoundError("segment was never requested", seq=seq)
        return Acceptance(existing, newly_accepted=False)

    def record_analysis(
        self,
        session_id: str,
        seq: int,
        *,
        vision: dict[str, Any] | None,
        speech: dict[str, Any] | None,
        errors: dict[str, str],
        duration_s: float | None,
    ) -> Chunk:
        status = ChunkStatus.FAILED if errors and not (vision or speech) else ChunkStatus.ANALYZED
        item = ChunkItem(session_id, chunk_item_id(seq))
        actions: list[Action] = [
            ChunkItem.status.set(status.value),
            ChunkItem.vision.set(vision),
            ChunkItem.speech.set(speech),
            ChunkItem.errors.set(errors),
            ChunkItem.duration_s.set(duration_s) if duration_s is not None else ChunkItem.duration_s.remove(),
            ChunkItem.analyzed_at.set(utcnow()),
        ]
        self._update_existing(session_id, item, actions)
        chunk = self.get(session_id, seq)
        if chunk is None:
            raise SessionGoneError("session not found", session_id=session_id)
        return chunk

    @staticmethod
    def _update_existing(session_id: str, item: ChunkItem, actions: list[Action]) -> None:
        """Update an item that must exist; a missing one means its session was deleted."""
        condition: Condition = ChunkItem.item_id.exists()
        try:
            _guarded(session_id, lambda t: t.update(item, actions=actions, condition=condition))
        except _ItemConditionFailed as e:
            raise SessionGoneError("session not found", session_id=session_id) from e

    def snapshot(self, session_id: str) -> SessionItems:
        items = list(ChunkItem.query(session_id, consistent_read=True))
        return SessionItems(
            chunks=[_chunk(i) for i in items if i.item_id.startswith("chunk#")],
            windows=[_window(i) for i in items if i.item_id.startswith("window#")],
        )

    def chunks(self, session_id: str) -> list[Chunk]:
        items = ChunkItem.query(session_id, ChunkItem.item_id.startswith("chunk#"), consistent_read=True)
        return [_chunk(i) for i in items]

    def claim_window(self, window: Window, expires_at: datetime) -> bool:
        """Create the window item once; False when another writer already claimed this index."""
        item = ChunkItem(
            window.session_id,
            window_item_id(window.window_index),
            status=window.status.value,
            window_index=window.window_index,
            answer_index=window.answer_index,
            seqs=list(window.seqs),
            created_at=window.created_at,
            expires_at=expires_at,
        )
        try:
            _guarded(window.session_id, lambda t: t.save(item, condition=ChunkItem.item_id.does_not_exist()))
            return True
        except _ItemConditionFailed:
            return False

    def finish_window(
        self, session_id: str, index: int, transcript: dict[str, Any] | None, error: str | None
    ) -> None:
        status = WindowStatus.FAILED if error else WindowStatus.DONE
        actions: list[Action] = [
            ChunkItem.status.set(status.value),
            ChunkItem.transcript.set(transcript),
            ChunkItem.error.set(error) if error is not None else ChunkItem.error.remove(),
        ]
        self._update_existing(session_id, ChunkItem(session_id, window_item_id(index)), actions)

    def delete_all(self, session_id: str) -> int:
        """Every item of the session: chunks, windows and comments."""
        return _delete_each(ChunkItem, ChunkItem.query(session_id))


_COMMENT_PREFIX = "comment#"


def comment_item_id(comment_id: str) -> str:
    return f"{_COMMENT_PREFIX}{comment_id}"


def _comment(item: CommentItem) -> SessionComment:
    return SessionComment(
        comment_id=item.item_id.removeprefix(_COMMENT_PREFIX),
        session_id=item.session_id,
        author_id=item.author_id,
        t_s=float(item.t_s),
        text=item.text,
        created_at=item.created_at,
    )


class CommentRepository:
    """Readers' comments, items of their session in the chunks table (deleted with the session's items)."""

    def add(self, comment: SessionComment, expires_at: datetime) -> SessionComment:
        """Store a comment while its session is writable and its author's account is not deleted."""
        item = CommentItem(
            comment.session_id,
            comment_item_id(comment.comment_id),
            author_id=comment.author_id,
            t_s=comment.t_s,
            text=comment.text,
            created_at=comment.created_at,
            expires_at=expires_at,
        )

        def write(t: TransactWrite) -> None:
            t.condition_check(UserItem, comment.author_id, condition=UserItem.deleted_at.does_not_exist())
            t.save(item, condition=CommentItem.item_id.does_not_exist())

        try:
            _guarded(comment.session_id, write)
        except _ItemConditionFailed as e:
            raise AuthenticationError("account deleted") from e
        return comment

    def for_session(self, session_id: str) -> list[SessionComment]:
        items = CommentItem.query(
            session_id, CommentItem.item_id.startswith(_COMMENT_PREFIX), consistent_read=True
        )
        return [_comment(i) for i in items]

    def count(self, session_id: str) -> int:
        """How many comments the session holds (a count query: no comment is read)."""
        return CommentItem.count(
            session_id, CommentItem.item_id.startswith(_COMMENT_PREFIX), consistent_read=True
        )

    def get(self, session_id: str, comment_id: str) -> SessionComment | None:
        try:
            return _comment(CommentItem.get(session_id, comment_item_id(comment_id), consistent_read=True))
        except DoesNotExist:
            return None

    def delete(self, session_id: str, comment_id: str) -> None:
        CommentItem(session_id, comment_item_id(comment_id)).delete()

    def delete_by_author(self, author_id: str) -> int:
        """Every comment the author wrote, on any session (the sparse `by_author` index: no scan)."""
        return _delete_each(CommentItem, CommentItem.by_author.query(author_id))


def _share_id(subject: str, email: str) -> str:
    """One share per subject and email, so a repeated share finds the first (idempotent, race-free)."""
    return hashlib.sha256(f"{subject}\n{email}".encode()).hexdigest()[:24]


def _session_subject(session_id: str) -> str:
    return f"session#{session_id}"


def _owner_subject(owner_id: str) -> str:
    return f"owner#{owner_id}"


def _share(item: ShareItem) -> Share:
    return Share(
        share_id=item.share_id,
        owner_id=item.owner_id,
        email=item.coach_email,
        include_future=bool(item.include_future),
        created_at=datetime.fromisoformat(item.created_at),
        session_ids=frozenset(item.session_ids or ()),
    )


def _subject(share: Share) -> str:
    if share.include_future:
        return _owner_subject(share.owner_id)
    (session_id,) = share.session_ids
    return _session_subject(session_id)


class ShareRepository:
    """Grants to coaches. Every read that decides access is a consistent read of the base table, so a
    revoked share stops working with the next request."""

    def grant(self, session: Session, email: str, include_future: bool, now: datetime) -> Share:
        """Share `session` (and with `include_future` the owner's later sessions) with `email`; a share
        that exists already is returned (an include_future one then also grants this session)."""
        subject = _owner_subject(session.owner_id) if include_future else _session_subject(session.session_id)
        item = ShareItem(
            subject,
            _share_id(subject, email),
            owner_id=session.owner_id,
            coach_email=email,
            created_at=now.isoformat(),
            include_future=include_future,
            session_ids={session.session_id},
            # a session's share goes with it; a share of future sessions lasts until revoked
            expires_at=None if include_future else session.expires_at,
        )
        try:
            item.save(condition=ShareItem.subject.does_not_exist())
            return _share(item)
        except PutError as e:
            if not _conditional_failed(e):
                raise UpstreamError("share write failed") from e
        existing = ShareItem(subject, item.share_id)
        try:
            existing.update(
                actions=[ShareItem.session_ids.add({session.session_id})],
                condition=ShareItem.subject.exists(),
            )
        except UpdateError as e:
            raise ConflictError("the share changed meanwhile; try again") from e
        return _share(existing)

    def for_session(self, session: Session) -> list[Share]:
        """Every share granting the session: its own and the owner's include_future ones; oldest first."""
        own = ShareItem.query(_session_subject(session.session_id), consistent_read=True)
        future = ShareItem.query(_owner_subject(session.owner_id), consistent_read=True)
        shares = [_share(i) for i in [*own, *future]]
        return sorted((s for s in shares if s.grants(session)), key=lambda s: s.created_at)

    def granting(self, session: Session, email: str) -> Share | None:
        """The share through which `email` may read `session`, if any (two consistent reads by key)."""
        for subject in (_session_subject(session.session_id), _owner_subject(session.owner_id)):
            try:
                share = _share(ShareItem.get(subject, _share_id(subject, email), consistent_read=True))
            except DoesNotExist:
                continue
            if share.grants(session):
                return share
        return None

    def current(self, share: Share) -> Share | None:
        """The share as stored now (a consistent read by key), or None once it was revoked."""
        try:
            return _share(ShareItem.get(_subject(share), share.share_id, consistent_read=True))
        except DoesNotExist:
            return None

    def for_coach(self, email: str) -> list[Share]:
        return [_share(i) for i in ShareItem.by_coach.query(email, scan_index_forward=False)]

    def revoke(self, share: Share) -> None:
        ShareItem(_subject(share), share.share_id).delete()

    def delete_for_session(self, session: Session) -> int:
        """The session's own shares; its id is taken out of the owner's include_future shares."""
        count = _delete_each(
            ShareItem, ShareItem.query(_session_subject(session.session_id), consistent_read=True)
        )
        for item in ShareItem.query(_owner_subject(session.owner_id), consistent_read=True):
            if session.session_id in (item.session_ids or ()):
                item.update(actions=[ShareItem.session_ids.delete({session.session_id})])
        return count

    def delete_for_owner(self, owner_id: str) -> int:
        """The owner's include_future shares (their sessions' own shares go with each session)."""
        return _delete_each(ShareItem, ShareItem.query(_owner_subject(owner_id), consistent_read=True))


_RATING_ATTEMPTS = 3


def _report(item: ReportItem) -> ReportRecord:
    return ReportRecord(
        session_id=item.session_id,
        owner_id=item.owner_id,
        created_at=datetime.fromisoformat(item.created_at),
        report_key=item.report_key,
        html_key=item.html_key,
        summary=item.summary or {},
        ratings=item.ratings or {},
    )


class ReportRepository:
    def put(self, record: ReportRecord, expires_at: datetime | None) -> None:
        """Store the report's summary; SessionGoneError when its session was deleted meanwhile."""
        item = ReportItem(
            record.session_id,
            owner_id=record.owner_id,
            created_at=record.created_at.isoformat(),
            report_key=record.report_key,
            html_key=record.html_key,
            summary=record.summary,
            ratings=record.ratings or None,
            expires_at=expires_at,
        )
        _guarded(record.session_id, lambda t: t.save(item))

    def get(self, session_id: str) -> ReportRecord | None:
        try:
            return _report(ReportItem.get(session_id, consistent_read=True))
        except DoesNotExist:
            return None

    def list_by_owner(self, owner_id: str, limit: int = 200) -> list[ReportRecord]:
        return [_report(i) for i in ReportItem.by_owner.query(owner_id, scan_index_forward=True, limit=limit)]

    def rate(self, session_id: str, rank: str | None, rating: Rating) -> tuple[Rating | None, ReportRatings]:
        """Set the report's rating (`rank=None`) or a recommendation's; returns the rating it replaced
        and all ratings. Conditional on the ratings read, so two concurrent votes cannot both replace
        the same old one (the aggregate takes back each replaced vote exactly once)."""
        for _ in range(_RATING_ATTEMPTS):
            try:
                item = ReportItem.get(session_id, consistent_read=True)
            except DoesNotExist as e:
                raise NotFoundError("session not found", session_id=session_id) from e
            current = ReportRatings.model_validate(item.ratings or {})
            if rank is None:
                old, new = current.report, current.model_copy(update={"report": rating})
            else:
                old = current.recommendations.get(rank)
                new = current.model_copy(
                    update={"recommendations": {**current.recommendations, rank: rating}}
                )
            unchanged = (
                ReportItem.ratings.does_not_exist()
                if item.ratings is None
                else ReportItem.ratings == item.ratings
            )
            try:
                item.update(
                    actions=[ReportItem.ratings.set(new.model_dump(mode="json"))],
                    condition=ReportItem.session_id.exists() & unchanged,
                )
            except UpdateError as e:
                if _conditional_failed(e):
                    continue
                raise UpstreamError("rating update failed") from e
            return old, new
        raise ConflictError("the ratings changed meanwhile; try again")

    def delete(self, session_id: str) -> None:
        ReportItem(session_id).delete()


class LimitRepository:
    """Counters of the quotas and rate limits; one item per counter and window, expiring after it."""

    def hit(self, key: str, amount: float, limit: float | None, expires_at: datetime) -> bool:
        """Add `amount` unless the total would pass `limit` (one atomic conditional ADD, so concurrent
        callers never overshoot); False when refused. `limit=None` always counts."""
        condition = None
        if limit is not None:
            condition = LimitItem.hits.does_not_exist() | (LimitItem.hits <= limit - amount)
        try:
            LimitItem(key).update(
                actions=[LimitItem.hits.add(amount), LimitItem.expires_at.set(expires_at)],
                condition=condition,
            )
            return True
        except UpdateError as e:
            if _conditional_failed(e):
                return False
            raise UpstreamError("limit update failed") from e

    def used(self, key: str) -> float:
        try:
            return float(LimitItem.get(key, consistent_read=True).hits)
        except DoesNotExist:
            return 0.0

    def claim(self, key: str, holder: str, expires_at: datetime) -> bool:
        """Take the slot `key` for `holder` until `expires_at`, if it is free, expired or held by
        `holder` already (one conditional put: of two concurrent claims one wins); False if taken."""
        free = (
            LimitItem.limit_key.does_not_exist()
            | (LimitItem.expires_at < utcnow())
            | (LimitItem.holder == holder)
        )
        try:
            LimitItem(key, holder=holder, expires_at=expires_at).save(condition=free)
            return True
        except PutError as e:
            if _conditional_failed(e):
                return False
            raise UpstreamError("limit update failed") from e

    def release(self, key: str, holder: str) -> None:
        """Free the slot `key` if `holder` has it (anyone else's claim stays)."""
        try:
            LimitItem(key).delete(condition=LimitItem.holder == holder)
        except DeleteError as e:
            if not _conditional_failed(e):
                raise UpstreamError("limit update failed") from e


@dataclass(frozen=True)
class Repositories:
    """All repositories, built once per process and injected into the logic."""

    users: UserRepository
    sessions: SessionRepository
    connections: ConnectionRepository
    chunks: ChunkRepository
    reports: ReportRepository
    limits: LimitRepository
    shares: ShareRepository
    comments: CommentRepository

    @classmethod
    def create(cls, connection_ttl_s: int = 2 * 3600) -> Repositories:
        return cls(
            users=UserRepository(),
            sessions=SessionRepository(),
            connections=ConnectionRepository(connection_ttl_s),
            chunks=ChunkRepository(),
            reports=ReportRepository(),
            limits=LimitRepository(),
            shares=ShareRepository(),
            comments=CommentRepository(),
        )
