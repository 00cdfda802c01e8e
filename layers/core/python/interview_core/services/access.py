"""Who may read or change a session: the one place every REST route and WebSocket action asks.

The owner may read and change their session. A signed-in user whose account's email (the profile's,
verified at sign-up) holds an active share of it may read it: a coach, read-only. Anyone else, and
everyone once a session is being deleted, gets the same NotFoundError as for an id that never existed.
Deleted accounts never get here: their tokens are refused first (REST `authenticate`, the WebSocket's
connection check). Every read is consistent, so a revoked share stops working with the next request.
"""

from __future__ import annotations

from dataclasses import dataclass

from interview_core.auth import Principal
from interview_core.container import Services
from interview_core.contracts.sharing import Access
from interview_core.domain import Session, SessionStatus
from interview_core.errors import NotFoundError


@dataclass(frozen=True)
class SessionAccess:
    session: Session
    access: Access


def _not_found(session_id: str) -> NotFoundError:
    return NotFoundError("session not found", session_id=session_id)


def owned(svc: Services, principal: Principal, session_id: str, *, deleting: bool = False) -> Session:
    """The caller's own session, for anything that changes it; `deleting` also finds one being deleted
    (so an interrupted delete can be finished)."""
    session = svc.repos.sessions.get(session_id)
    if (
        session is None
        or session.owner_id != principal.user_id
        or (session.status is SessionStatus.DELETING and not deleting)
    ):
        raise _not_found(session_id)
    return session


def principal_email(svc: Services, principal: Principal) -> str | None:
    """The email the caller signed up with (lower-cased, as shares store it)."""
    user = svc.repos.users.get(principal.user_id)
    return user.email.lower() if user and user.email else None


def readable(svc: Services, principal: Principal, session_id: str) -> SessionAccess:
    """The session with the caller's access to it, for the read endpoints: its owner, or a coach."""
    session = svc.repos.sessions.get(session_id)
    if session is None or session.status is SessionStatus.DELETING:
        raise _not_found(session_id)
    if session.owner_id == principal.user_id:
        return SessionAccess(session, "owner")
    email = principal_email(svc, principal)
    if email and svc.repos.shares.granting(session, email) is not None:
        return SessionAccess(session, "coach")
    raise _not_found(session_id)
