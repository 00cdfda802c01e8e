"""Fixtures shared by every tier. The local platform starts once per test session, on demand."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "1")
os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "InterviewPlatform")


@pytest.fixture(scope="session")
def platform() -> Iterator[object]:
    """The whole local platform: embedded AWS from the CDK template, gateway, and the three workers."""
    from local_platform.platform import start_platform

    logs = ARTIFACTS / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    p = start_platform(log_dir=logs)
    # The platform loads the content model in the background; tests start once it is in, so no test's
    # timing races that one-off load (it takes the cores for a second or two).
    from interview_core.content import default_analyzer

    default_analyzer()
    yield p
    p.stop()
