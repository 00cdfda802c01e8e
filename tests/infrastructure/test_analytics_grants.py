"""The analytics aggregate lives in the limits table: every function that bumps it may update that table."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.infrastructure


def _may_update(synthesized: Any, function_path: str, table_path: str) -> bool:
    function = synthesized.stack_template["Resources"][
        synthesized.logical_id("AWS::Lambda::Function", function_path)
    ]
    role = function["Properties"]["Role"]["Fn::GetAtt"][0]
    table_arn = {"Fn::GetAtt": [synthesized.logical_id("AWS::DynamoDB::Table", table_path), "Arn"]}
    for policy in synthesized.resources("AWS::IAM::Policy").values():
        if {"Ref": role} not in policy["Properties"]["Roles"]:
            continue
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            resources = (
                statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
            )
            if "dynamodb:UpdateItem" in actions and table_arn in resources:
                return True
    return False


@pytest.mark.parametrize(
    "function_path",
    [
        "/Functions/Api/",  # sessions started, ratings, and the admin read (BatchGetItem)
        "/Functions/BuildReport/",  # one report built
    ],
)
def test_every_writer_of_the_aggregate_may_update_the_limits_table(
    synthesized: Any, function_path: str
) -> None:
    assert _may_update(synthesized, function_path, "/Data/Limits/"), function_path
