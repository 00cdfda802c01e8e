"""Whether any session still needs workers: decides when the warm worker minimum can be handed back."""

from __future__ import annotations

from interview_core.data.tables import SessionItem
from interview_core.domain import SessionStatus

# Live sessions stream segments; ending ones still wait for their last answer window's transcript.
_IN_PROGRESS = (SessionStatus.LIVE.value, SessionStatus.ENDING.value)


def any_session_in_progress() -> bool:
    """A filtered scan that stops at the first match. It runs once per finished session; a status
    index would replace it once the sessions table is large."""
    found = SessionItem.scan(SessionItem.status.is_in(*_IN_PROGRESS), attributes_to_get=["session_id"])
    return next(iter(found), None) is not None
