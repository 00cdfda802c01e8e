"""Sign-up, sign-in, refresh and account deletion."""

from __future__ import annotations

from interview_core.auth import Principal, Tokens
from interview_core.container import Services
from interview_core.domain import User, utcnow
from interview_core.services.sessions import delete_session


def sign_up(svc: Services, email: str, password: str) -> tuple[str, Tokens]:
    user_id = svc.identity.sign_up(email, password)
    svc.repos.users.put(User(user_id=user_id, email=email, created_at=utcnow()))
    return user_id, svc.identity.login(email, password)


def delete_account(svc: Services, principal: Principal) -> int:
    """Removes every session (media, analyses, reports), the profile and the identity."""
    sessions = svc.repos.sessions.list_by_owner(principal.user_id, limit=10_000)
    for session in sessions:
        delete_session(svc, principal, session.session_id)
    svc.repos.users.delete(principal.user_id)
    svc.identity.delete_user(principal.username)
    return len(sessions)
