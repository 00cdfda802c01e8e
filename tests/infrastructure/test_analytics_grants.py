"""The analytics aggregate lives in the limits table: every function that bumps it may update that table."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.infrastructure


def _may_update(synthesized: Any, function_path: str, table_path: str) -> bool:
    table_arn = {"Fn::GetAtt": [synthesized.logical_id("AWS::DynamoDB::Table", table_path), "Arn"]}
    return any(
        "dynamodb:UpdateItem" in statement["Action"] and table_arn in statement["Resource"]
        for statement in synthesized.function_statements(function_path)
    )


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
