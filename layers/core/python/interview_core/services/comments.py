"""Timed comments on a session's report by its readers (the owner and coaches it is shared with)."""

from __future__ import annotations

import uuid

from interview_core.auth import Principal
from interview_core.container import Services
from interview_core.contracts.sharing import MAX_COMMENTS_PER_SESSION, Comment, CommentIn
from interview_core.domain import SessionComment, utcnow
from interview_core.errors import ConflictError, ForbiddenError, NotFoundError, ValidationFailedError
from interview_core.services import access
from interview_core.services.access import SessionAccess
from interview_core.services.accounts import display_names
from interview_core.services.reports import readable_report


def views(svc: Services, principal: Principal, comments: list[SessionComment]) -> list[Comment]:
    """The comments as a reader sees them, ordered by their moment, then by when they were written."""
    names = display_names(svc, (c.author_id for c in comments))
    return [
        Comment(
            comment_id=c.comment_id,
            author_name=names[c.author_id],
            t_s=c.t_s,
            text=c.text,
            created_at=c.created_at,
            mine=c.author_id == principal.user_id,
        )
        for c in sorted(comments, key=lambda c: (c.t_s, c.created_at))
    ]


def post(svc: Services, principal: Principal, session_id: str, body: CommentIn) -> Comment:
    """A reader comments on a moment of the recording; the report must be built (it gives the length)."""
    granted, record = readable_report(svc, principal, session_id)
    duration = float(record.summary.get("duration_s") or 0.0)
    if body.t_s > duration:
        raise ValidationFailedError(f"t_s must be within the recording (0 to {duration:.1f} s)", field="t_s")
    # Counted before writing: two comments at the same moment may pass the limit by one.
    if svc.repos.comments.count(session_id) >= MAX_COMMENTS_PER_SESSION:
        raise ConflictError(f"a session can hold at most {MAX_COMMENTS_PER_SESSION} comments")
    comment = svc.repos.comments.add(
        SessionComment(
            comment_id=uuid.uuid4().hex,
            session_id=session_id,
            author_id=principal.user_id,
            t_s=body.t_s,
            text=body.text,
            created_at=utcnow(),
        ),
        expires_at=granted.session.expires_at,
    )
    return views(svc, principal, [comment])[0]


def of_session(svc: Services, principal: Principal, granted: SessionAccess) -> list[Comment]:
    """Every comment on a session the caller was granted access to."""
    return views(svc, principal, svc.repos.comments.for_session(granted.session.session_id))


def session_comments(svc: Services, principal: Principal, session_id: str) -> list[Comment]:
    """Every comment on a session the caller may read (none until the report is built)."""
    return of_session(svc, principal, access.readable(svc, principal, session_id))


def delete(svc: Services, principal: Principal, session_id: str, comment_id: str) -> None:
    """Only the author deletes a comment; another reader is refused (403), a non-reader sees 404."""
    access.readable(svc, principal, session_id)
    comment = svc.repos.comments.get(session_id, comment_id)
    if comment is None:
        raise NotFoundError("comment not found", field="comment_id")
    if comment.author_id != principal.user_id:
        raise ForbiddenError("only its author may delete a comment")
    svc.repos.comments.delete(session_id, comment_id)
