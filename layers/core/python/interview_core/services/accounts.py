"""Sign-up, sign-in, authentication, the profile (display name) and account deletion."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from interview_core.auth import Principal, Tokens
from interview_core.container import Services
from interview_core.domain import User, utcnow
from interview_core.errors import AuthenticationError
from interview_core.observability import logger
from interview_core.services import limits
from interview_core.services.sessions import delete_session

DELETED_USER_NAME = "deleted user"


def sign_up(svc: Services, email: str, password: str, source: str) -> None:
    """Register an unconfirmed account; for an email that has one already, nothing happens and the
    caller sees the same answer (the owner signs in, or resends the code if never confirmed)."""
    limits.sign_up(svc, source)
    user_id = svc.identity.sign_up(email, password)
    if user_id is not None:
        svc.repos.users.put(User(user_id=user_id, email=email, created_at=utcnow()))


def confirm(svc: Services, email: str, code: str, source: str) -> None:
    limits.login(svc, email, source, action="confirm")  # a 6-digit code must not be guessable
    svc.identity.confirm(email, code)


def resend_code(svc: Services, email: str, source: str) -> None:
    limits.sign_up(svc, source, action="resend")
    svc.identity.resend_code(email)


def login(svc: Services, email: str, password: str, source: str) -> Tokens:
    limits.login(svc, email, source)
    return svc.identity.login(email, password)


def authenticate(svc: Services, token: str | None) -> Principal:
    """A valid access token of an account that still exists (a deleted account's tokens stay
    cryptographically valid until they expire: its tombstone refuses them)."""
    principal = svc.verifier.verify(token)
    if svc.repos.users.is_deleted(principal.user_id):
        raise AuthenticationError("account deleted")
    return principal


def delete_account(svc: Services, principal: Principal) -> int:
    """Final: tokens refused from the first step, connections closed, every session (media, analyses,
    reports) removed, then the identity."""
    profile = svc.repos.users.get(principal.user_id)
    svc.repos.users.mark_deleted(principal.user_id, timedelta(seconds=svc.settings.revoked_user_ttl_s))
    # By the email the candidate signs in with (AWS takes it as the user name; moto revokes only
    # the refresh tokens recorded under the name used at sign-in).
    svc.identity.sign_out_everywhere(profile.email if profile and profile.email else principal.username)
    for connection in svc.repos.connections.for_user(principal.user_id):
        svc.notifier.close(connection.connection_id)
    # The include_future shares first: deleting each session would otherwise update them one by one.
    shares = svc.repos.shares.delete_for_owner(principal.user_id)
    sessions = svc.repos.sessions.list_by_owner(principal.user_id, limit=10_000, deleting=True)
    for session in sessions:
        delete_session(svc, principal, session.session_id)  # with its shares and every comment on it
    comments = svc.repos.comments.delete_by_author(principal.user_id)  # written on others' sessions
    svc.identity.delete_user(principal.username)
    logger.info(
        "account deleted",
        extra={
            "user_id": principal.user_id,
            "sessions": len(sessions),
            "shares": shares,
            "comments": comments,
        },
    )
    return len(sessions)


def profile(svc: Services, principal: Principal) -> User:
    """The caller's profile; a token whose account has no profile item reads as its sign-in name."""
    user = svc.repos.users.get(principal.user_id)
    if user is None:
        return User(user_id=principal.user_id, email=principal.username, created_at=utcnow(), groups=())
    return user


def rename(svc: Services, principal: Principal, display_name: str) -> User:
    return svc.repos.users.set_display_name(principal.user_id, display_name)


def display_names(svc: Services, user_ids: Iterable[str]) -> dict[str, str]:
    """Names to show for these users (one read each); a deleted account shows as "deleted user"."""
    names = {}
    for user_id in set(user_ids):
        user = svc.repos.users.get(user_id)
        names[user_id] = user.name if user and user.email else DELETED_USER_NAME
    return names
