"""Ask for worker capacity when a session goes live; hand it back once no session is live.

Capacity is an optimisation of latency, never a condition of correctness: a failed request only
means the first chunks wait for queue-depth scaling (the pick-up deadline covers a cold start), so
it is logged and the session goes on.
"""

from __future__ import annotations

from botocore.exceptions import ClientError

from interview_core.container import Services
from interview_core.data.live_sessions import any_session_in_progress
from interview_core.observability import logger


def session_going_live(svc: Services) -> None:
    try:
        svc.capacity.request()
    except ClientError as e:
        logger.warning("worker capacity request failed", extra={"code": e.response["Error"]["Code"]})


def session_finished(svc: Services) -> None:
    """After a session's last work (its report): release the warm minimum unless another is in progress."""
    if any_session_in_progress():
        return
    try:
        svc.capacity.release()
    except ClientError as e:
        logger.warning("worker capacity release failed", extra={"code": e.response["Error"]["Code"]})
