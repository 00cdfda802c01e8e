"""Lambdas: one runtime, one layer (or the content image), one shared environment, and grants not
hand-written policies."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from infra_cdk.constructs.functions import CONTENT_ENV, REPO_ROOT
from infra_cdk.stack import SHARED_ENV_NAMES, STACK_NAME

pytestmark = pytest.mark.infrastructure

HANDLERS = {
    "api.handler.handler",
    "ws.authorizer.handler",
    "ws.connect.handler",
    "ws.disconnect.handler",
    "ws.messages.handler",
    "pipeline.record_analysis.handler",
    "pipeline.record_window.handler",
    "pipeline.finalize_check.handler",
    "pipeline.build_report.handler",
}


def _functions(synthesized: Any) -> dict[str, dict[str, Any]]:
    """The platform's own functions (not CDK's, such as the web app's BucketDeployment copier)."""
    return {
        k: r["Properties"]
        for k, r in synthesized.resources("AWS::Lambda::Function").items()
        if r.get("Metadata", {}).get("aws:cdk:path", "").startswith(f"{STACK_NAME}/Functions/")
    }


def _handler(props: dict[str, Any]) -> str:
    """A zip function's Handler, or the CMD of an image function (the Lambda runtime's handler)."""
    return str(props.get("Handler") or props["ImageConfig"]["Command"][0])


def test_every_handler_exists_once(synthesized: Any) -> None:
    """The REST app runs twice: the layer function, and the content image's for typed practice."""
    handlers = sorted(_handler(p) for p in _functions(synthesized).values())
    assert handlers == sorted([*HANDLERS, "api.handler.handler"])


def test_every_function_gets_the_shared_environment(synthesized: Any) -> None:
    """Given any function, then it has every name the application's settings read (the content image's
    functions also get their BLAS setting)."""
    environments = [
        {k: v for k, v in p["Environment"]["Variables"].items() if k not in CONTENT_ENV}
        for p in _functions(synthesized).values()
    ]
    for env in environments:
        assert set(SHARED_ENV_NAMES) <= set(env)
        assert env["POWERTOOLS_SERVICE_NAME"] == "interview"
        assert env["POWERTOOLS_METRICS_NAMESPACE"] == "InterviewPlatform"
    assert all(env == environments[0] for env in environments), "one shared environment"


def test_functions_are_python311_traced_with_the_core_layer(synthesized: Any) -> None:
    layer_id = synthesized.logical_id("AWS::Lambda::LayerVersion", "Functions/CoreLayer")
    zipped = [p for p in _functions(synthesized).values() if p.get("PackageType") != "Image"]
    assert len(zipped) == len(HANDLERS) - 1  # BuildReport runs from the content image
    for props in zipped:
        assert props["Runtime"] == "python3.11"
        assert props["TracingConfig"] == {"Mode": "Active"}
        assert props["Layers"] == [{"Ref": layer_id}]


def test_state_machine_arns_are_formatted_not_referenced(synthesized: Any) -> None:
    """Given the ARN variables, then they name the state machines without a Ref (no dependency cycle)."""
    env = next(iter(_functions(synthesized).values()))["Environment"]["Variables"]
    names = {
        r["Properties"]["StateMachineName"]
        for r in synthesized.resources("AWS::StepFunctions::StateMachine").values()
    }
    for var in ("CHUNK_STATE_MACHINE_ARN", "WINDOW_STATE_MACHINE_ARN", "FINALIZE_STATE_MACHINE_ARN"):
        parts = env[var]["Fn::Join"][1]
        assert parts[-1].split(":stateMachine:")[1] in names


def test_no_hand_written_star_policies(synthesized: Any) -> None:
    """Given every IAM policy, then no statement allows all actions of a service on everything."""
    for policy in synthesized.resources("AWS::IAM::Policy").values():
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            assert not any(a == "*" or a.endswith(":*") for a in actions), statement


def test_api_function_may_manage_cognito_groups(synthesized: Any) -> None:
    actions = synthesized.function_actions("/Functions/Api/")
    assert {
        "cognito-idp:AdminAddUserToGroup",
        "cognito-idp:AdminDeleteUser",
        "states:StartExecution",
    } <= actions


def test_layer_requirements_match_the_pinned_core_dependencies() -> None:
    """Given the deploy-time layer requirements, then they are exactly pyproject's pinned dependencies."""
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
    lines = (REPO_ROOT / "layers" / "core" / "requirements.txt").read_text().splitlines()
    requirements = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert sorted(requirements) == sorted(pyproject["project"]["dependencies"])
