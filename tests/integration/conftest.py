"""Integration fixtures: users of the running local platform (embedded AWS from the CDK template)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from local_platform.client import ApiClient, own_loopback_address

PASSWORD = "Practice-Makes-1"


def new_user(platform: Any) -> ApiClient:
    api = ApiClient(platform.url, source_address=own_loopback_address())
    api.signup(f"user-{uuid.uuid4().hex[:10]}@example.com", PASSWORD)
    return api


@pytest.fixture
def alice(platform: Any) -> ApiClient:
    return new_user(platform)


@pytest.fixture
def bob(platform: Any) -> ApiClient:
    return new_user(platform)
