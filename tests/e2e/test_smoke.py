"""`interview smoke` against the local platform: the same command a deployment is checked with."""

from __future__ import annotations

from typing import Any

import pytest

from local_platform.cli import main
from local_platform.demo import DemoResult
from local_platform.smoke import check_result

pytestmark = pytest.mark.e2e


def test_smoke_passes_against_a_working_platform(platform: Any, capsys: pytest.CaptureFixture[str]) -> None:
    # When the smoke command runs against the platform
    with pytest.raises(SystemExit) as exited:
        main(["smoke", "--url", platform.url, "--timeout", "300"])
    # Then every check passes and it says so
    out = capsys.readouterr().out
    assert exited.value.code == 0, out
    assert out.count("PASS") == 6 and "FAIL" not in out


def test_smoke_fails_when_a_segment_was_not_analysed() -> None:
    # Given a run where one segment failed and the report is missing
    result = DemoResult(session_id="s", report={}, segments=2, analyzed_status={0: "analyzed", 1: "failed"})
    # Then the checks say what is wrong
    checks = {check.name: check for check in check_result(result)}
    assert not checks["every segment analysed"].ok and "failed [1]" in checks["every segment analysed"].detail
    assert not checks["report matches its contract"].ok
