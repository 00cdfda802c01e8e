"""Quotas and rate limits: each is one counter per key and time window in the limits table, except
live sessions at once: one slot item per place, held by a session.

Per user: sessions created per day, live sessions at once, segments requested per minute, analysed
interview minutes per calendar month. Per account and per source address: login attempts and
confirmation-code attempts; per source address: sign-ups and code re-sends. A refusal is a
RateLimitedError carrying when the window resets (REST answers 429 with Retry-After, the WebSocket an
error frame `rate_limited` with `retry_after_s`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from interview_core.container import Services
from interview_core.domain import Session, utcnow
from interview_core.errors import RateLimitedError

MINUTE, HOUR, DAY = 60, 3600, 86400
LOGIN_WINDOW_S = 5 * MINUTE


@dataclass(frozen=True)
class _Window:
    id: str
    resets_at: datetime


def _fixed(window_s: int, now: datetime) -> _Window:
    start = int(now.timestamp()) // window_s * window_s
    return _Window(str(start), datetime.fromtimestamp(start + window_s, UTC))


def _month(now: datetime) -> _Window:
    first = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    following = (first + timedelta(days=32)).replace(day=1)
    return _Window(first.strftime("%Y-%m"), following)


def _enforce(svc: Services, key: str, limit: int, window: _Window, refusal: str, amount: float = 1.0) -> None:
    # The item outlives its window a little, then DynamoDB's TTL removes it.
    expires = window.resets_at + timedelta(hours=1)
    if not svc.repos.limits.hit(f"{key}#{window.id}", amount, limit, expires):
        raise _refused(refusal, window)


def _refused(refusal: str, window: _Window) -> RateLimitedError:
    retry = max(1, math.ceil((window.resets_at - utcnow()).total_seconds()))
    return RateLimitedError(f"{refusal}; try again in {retry} s", retry_after_s=retry)


def sign_up(svc: Services, source: str, action: str = "signup") -> None:
    """Sign-ups and code re-sends, each counted per source address (both make the pool send email)."""
    window = _fixed(HOUR, utcnow())
    _enforce(
        svc, f"{action}-source#{source}", svc.settings.limit_signups_per_source, window, "too many requests"
    )


def login(svc: Services, email: str, source: str, action: str = "login") -> None:
    """Sign-in and code attempts, counted before the secret is checked: guessing costs the same whether
    it succeeds or not."""
    window = _fixed(LOGIN_WINDOW_S, utcnow())
    s = svc.settings
    _enforce(svc, f"{action}-source#{source}", s.limit_logins_per_source, window, "too many attempts")
    _enforce(
        svc, f"{action}-account#{email.lower()}", s.limit_logins_per_account, window, "too many attempts"
    )


def session_created(svc: Services, user_id: str) -> None:
    window = _fixed(DAY, utcnow())
    _enforce(
        svc,
        f"sessions-day#{user_id}",
        svc.settings.quota_sessions_per_day,
        window,
        "daily session quota reached",
    )


def _live_slots(svc: Services, user_id: str) -> list[str]:
    return [f"live#{user_id}#{i}" for i in range(svc.settings.quota_live_sessions)]


def session_going_live(svc: Services, session: Session) -> None:
    """At most `quota_live_sessions` live at once, and none when this month's minutes are spent.

    Each live session holds one of the user's slots (a conditional put, so two sessions starting at
    the same moment cannot both take the last one); a session abandoned without ending frees its
    slot when a session could last no longer."""
    _minutes_left(svc, session.owner_id)
    expires = utcnow() + timedelta(seconds=svc.settings.max_session_s)
    if not any(
        svc.repos.limits.claim(slot, session.session_id, expires)
        for slot in _live_slots(svc, session.owner_id)
    ):
        raise RateLimitedError(
            f"{svc.settings.quota_live_sessions} sessions are live already: end one first",
            retry_after_s=60,
            field="session_id",
        )


def session_left_live(svc: Services, session: Session) -> None:
    """Ended or deleted: its slot is free again."""
    for slot in _live_slots(svc, session.owner_id):
        svc.repos.limits.release(slot, session.session_id)


def segment_requested(svc: Services, user_id: str) -> None:
    window = _fixed(MINUTE, utcnow())
    _enforce(
        svc, f"segments-minute#{user_id}", svc.settings.quota_segments_per_minute, window, "too many segments"
    )
    _minutes_left(svc, user_id)


def count_minutes(svc: Services, user_id: str, duration_s: float) -> None:
    """Analysed media counts against the monthly quota (always recorded: the work is done)."""
    if duration_s > 0:
        window = _month(utcnow())
        svc.repos.limits.hit(
            f"minutes-month#{user_id}#{window.id}",
            duration_s / 60,
            None,
            window.resets_at + timedelta(days=1),
        )


def _minutes_left(svc: Services, user_id: str) -> None:
    window = _month(utcnow())
    if svc.repos.limits.used(f"minutes-month#{user_id}#{window.id}") >= svc.settings.quota_minutes_per_month:
        raise _refused("monthly interview minutes used up", window)
