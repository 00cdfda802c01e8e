"""Users of the running local platform, shared by the integration tests (imported by name: a test
module cannot import `conftest`, whose name every tier's conftest shares)."""

from __future__ import annotations

import uuid
from typing import Any

from local_platform.client import ApiClient, own_loopback_address

PASSWORD = "Practice-Makes-1"


def new_user(platform: Any) -> ApiClient:
    """A signed-up, confirmed and signed-in user (the code read from the local mailbox)."""
    api = ApiClient(platform.url, source_address=own_loopback_address())
    api.signup(f"user-{uuid.uuid4().hex[:10]}@example.com", PASSWORD)
    return api
