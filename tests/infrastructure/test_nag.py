"""cdk-nag (AwsSolutions) runs on every synth; the stack synthesizes with nothing unacknowledged."""

from __future__ import annotations

import json
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_sqs as sqs
from cdk_nag import AwsSolutionsChecks

from infra_cdk.stack import STACK_NAME

pytestmark = pytest.mark.infrastructure


def test_synth_reports_no_violations(synthesized: Any) -> None:
    """Given the plugin attached to the app, then the validation report has no findings at all."""
    report = json.loads((synthesized.outdir / "validation-report.json").read_text())
    assert report["pluginReports"] == []


def test_the_pack_finds_nothing_unacknowledged_in_the_stack(synthesized: Any) -> None:
    """Re-running the pack on the synthesized tree (no second synth) still reports success."""
    stack = synthesized.app.node.find_child(STACK_NAME)
    result = AwsSolutionsChecks().validate_scope(stack)
    assert result.success, [
        (v.rule_name, [r.construct_path for r in v.violating_resources]) for v in result.violations
    ]


def test_no_error_annotations(synthesized: Any) -> None:
    stack = synthesized.app.node.find_child(STACK_NAME)
    errors = cdk.assertions.Annotations.from_stack(stack).find_error("*", cdk.assertions.Match.any_value())
    assert errors == []


def test_the_pack_does_flag_a_bad_resource() -> None:
    """Control: the pack rejects an unencrypted queue without DLQ, so a green result means something."""
    app = cdk.App()
    stack = cdk.Stack(app, "Control")
    sqs.Queue(stack, "Plain", encryption=sqs.QueueEncryption.UNENCRYPTED)
    result = AwsSolutionsChecks().validate_scope(stack)
    assert not result.success
    assert {"AwsSolutions-SQS3", "AwsSolutions-SQS4"} <= {v.rule_name for v in result.violations}
