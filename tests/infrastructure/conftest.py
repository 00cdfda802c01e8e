"""Synthesize the CDK app once per test session; every infrastructure test reads that result."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

from aws_cdk import App
from aws_cdk.assertions import Template

from infra_cdk.stack import STACK_NAME
from infra_cdk.synth import synth_app


@dataclass(frozen=True)
class Synthesized:
    app: App
    stack_template: dict[str, Any]
    template: Template
    outdir: Path

    def resources(self, resource_type: str) -> dict[str, dict[str, Any]]:
        return {
            logical_id: resource
            for logical_id, resource in self.stack_template["Resources"].items()
            if resource["Type"] == resource_type
        }

    def logical_id(self, resource_type: str, path_part: str) -> str:
        """The one resource of a type whose `aws:cdk:path` contains `path_part`."""
        matches = [
            logical_id
            for logical_id, resource in self.resources(resource_type).items()
            if path_part in resource.get("Metadata", {}).get("aws:cdk:path", "")
        ]
        assert len(matches) == 1, f"{resource_type} {path_part}: {matches}"
        return matches[0]

    def function_statements(self, path_part: str) -> list[dict[str, Any]]:
        """The statements of the IAM policies on a Lambda function's role, Action and Resource as lists."""
        function = self.stack_template["Resources"][self.logical_id("AWS::Lambda::Function", path_part)]
        role = function["Properties"]["Role"]["Fn::GetAtt"][0]
        return [
            {
                **statement,
                "Action": _as_list(statement["Action"]),
                "Resource": _as_list(statement.get("Resource", [])),
            }
            for policy in self.resources("AWS::IAM::Policy").values()
            if {"Ref": role} in policy["Properties"]["Roles"]
            for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        ]

    def function_actions(self, path_part: str) -> set[str]:
        """Every action the IAM policies on a Lambda function's role allow."""
        return {action for statement in self.function_statements(path_part) for action in statement["Action"]}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


@pytest.fixture(scope="session")
def synthesized(tmp_path_factory: pytest.TempPathFactory) -> Synthesized:
    outdir = tmp_path_factory.mktemp("cdk.out")
    app, stack_template = synth_app(outdir)
    return Synthesized(
        app=app, stack_template=stack_template, template=Template.from_json(stack_template), outdir=outdir
    )


@pytest.fixture(scope="session")
def key_arn(synthesized: Synthesized) -> dict[str, Any]:
    (key_id,) = synthesized.resources("AWS::KMS::Key")
    return {"Fn::GetAtt": [key_id, "Arn"]}


@pytest.fixture(scope="session")
def state_machine_definition(synthesized: Synthesized) -> Callable[[str], dict[str, Any]]:
    """The ASL of a state machine by name suffix, tokens replaced by placeholders so it parses."""

    def definition(name_suffix: str) -> dict[str, Any]:
        for resource in synthesized.resources("AWS::StepFunctions::StateMachine").values():
            props = resource["Properties"]
            if props["StateMachineName"] == f"{STACK_NAME}-{name_suffix}":
                body = props["DefinitionString"]
                if isinstance(body, dict):
                    body = "".join(part if isinstance(part, str) else "TOKEN" for part in body["Fn::Join"][1])
                parsed: dict[str, Any] = json.loads(body)
                return parsed
        raise AssertionError(f"no state machine {name_suffix}")

    return definition
