"""cfn-lint over the synthesized template: no errors (warnings are listed, not failed on).

cfn-lint ships its resource specifications in the wheel, so this runs offline.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from cfnlint.api import ManualArgs, lint

pytestmark = pytest.mark.infrastructure


def _errors(template: dict[str, Any]) -> list[str]:
    matches = lint(json.dumps(template), config=ManualArgs(regions=["us-east-1"]))
    return [
        f"{m.rule.id} {m.message} ({'/'.join(map(str, m.path))})"
        for m in matches
        if m.rule.id.startswith("E")
    ]


def test_synthesized_template_has_no_cfn_lint_errors(synthesized: Any) -> None:
    assert _errors(synthesized.stack_template) == []


def test_cfn_lint_does_catch_an_error() -> None:
    """Control: a queue with an unknown property is an error, so a clean result means something."""
    template = {"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"RetentionDays": 3}}}}
    assert any(e.startswith("E3002") for e in _errors(template))
