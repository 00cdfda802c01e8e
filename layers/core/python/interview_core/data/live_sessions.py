"""Whether any session is live: decides when the warm worker minimum can be handed back."""

from __future__ import annotations

from interview_core.data.tables import SessionItem
from interview_core.domain import SessionStatus


def any_live_session() -> bool:
    """A filtered scan that stops at the first live session. It runs once per finished session; a
    status index would replace it once the sessions table is large."""
    live = SessionItem.scan(SessionItem.status == SessionStatus.LIVE.value, attributes_to_get=["session_id"])
    return next(iter(live), None) is not None
