"""Sharing sessions with a coach: the owner shares, lists and revokes; a coach lists what was shared.

A share is addressed to an email and nothing is looked up about it (no identity-provider call, no
profile read), so the answer for an email with an account and for one without is the same.
"""

from __future__ import annotations

from interview_core.auth import Principal
from interview_core.container import Services
from interview_core.contracts.sharing import MAX_SHARES_PER_SESSION, SharedSession
from interview_core.domain import Session, SessionStatus, Share, utcnow
from interview_core.errors import ConflictError, NotFoundError, ValidationFailedError
from interview_core.observability import logger
from interview_core.services import access
from interview_core.services.accounts import display_names


def share_session(
    svc: Services, principal: Principal, session_id: str, email: str, include_future: bool
) -> Share:
    """Grant `email` read access to the session (and, with `include_future`, to the owner's later
    sessions). Sharing again returns the share that already grants it."""
    session = access.owned(svc, principal, session_id)
    if email == access.principal_email(svc, principal):
        raise ValidationFailedError("you cannot share a session with yourself", field="email")
    existing = svc.repos.shares.granting(session, email)
    if existing is not None and (existing.include_future or not include_future):
        return existing
    # Counted before writing: two shares at the same moment may pass the limit by one; it bounds
    # fan-out, it is not a security boundary.
    if len(svc.repos.shares.for_session(session)) >= MAX_SHARES_PER_SESSION:
        raise ConflictError(f"a session can be shared with at most {MAX_SHARES_PER_SESSION} people")
    share = svc.repos.shares.grant(session, email, include_future, utcnow())
    logger.info(
        "session shared",
        extra={"session_id": session_id, "share_id": share.share_id, "include_future": include_future},
    )
    return share


def session_shares(svc: Services, principal: Principal, session_id: str) -> list[Share]:
    return svc.repos.shares.for_session(access.owned(svc, principal, session_id))


def revoke(svc: Services, principal: Principal, session_id: str, share_id: str) -> None:
    """Remove a share granting this session (an include_future one stops granting every session)."""
    session = access.owned(svc, principal, session_id)
    share = next((s for s in svc.repos.shares.for_session(session) if s.share_id == share_id), None)
    if share is None:
        raise NotFoundError("share not found", field="share_id")
    svc.repos.shares.revoke(share)
    logger.info("share revoked", extra={"session_id": session_id, "share_id": share_id})


def _shared_sessions(svc: Services, share: Share) -> list[Session]:
    if share.include_future:
        candidates = svc.repos.sessions.list_by_owner(share.owner_id)
    else:
        candidates = [s for sid in share.session_ids if (s := svc.repos.sessions.get(sid)) is not None]
    return [s for s in candidates if s.status is not SessionStatus.DELETING and share.grants(s)]


def coach_sessions(svc: Services, principal: Principal) -> list[SharedSession]:
    """Every session shared with the caller's email, newest first. The coach index is eventually
    consistent, so each share it lists is read again by key with a consistent read (a revoked one is
    gone, a grown one has its new sessions): one read per share, not per session."""
    email = access.principal_email(svc, principal)
    if email is None:
        return []
    shares = [c for s in svc.repos.shares.for_coach(email) if (c := svc.repos.shares.current(s)) is not None]
    sessions = {s.session_id: s for share in shares for s in _shared_sessions(svc, share)}
    names = display_names(svc, (s.owner_id for s in sessions.values()))
    return [
        SharedSession.model_validate(
            {
                "session_id": s.session_id,
                "owner_name": names[s.owner_id],
                "role": s.role,
                "status": s.status.value,
                "created_at": s.created_at,
                "question_count": len(s.questions),
                "report_ready": svc.repos.reports.get(s.session_id) is not None,
            }
        )
        for s in sorted(sessions.values(), key=lambda s: s.created_at, reverse=True)
    ]
