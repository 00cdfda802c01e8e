"""Integration fixtures: users of the running local platform (embedded AWS from the CDK template)."""

from __future__ import annotations

from typing import Any

import pytest
from platform_users import new_user

from local_platform.client import ApiClient


@pytest.fixture
def alice(platform: Any) -> ApiClient:
    return new_user(platform)


@pytest.fixture
def bob(platform: Any) -> ApiClient:
    return new_user(platform)
