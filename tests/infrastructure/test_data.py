"""DynamoDB tables and SQS queues: keys, indexes, encryption, retention."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.infrastructure

TABLES = {
    # construct path part: (key schema, GSIs {name: key schema})
    "Data/Users": ({"user_id": "HASH"}, {}),
    "Data/Sessions": ({"session_id": "HASH"}, {"by_owner": {"owner_id": "HASH", "created_at": "RANGE"}}),
    "Data/Connections": ({"connection_id": "HASH"}, {"by_session": {"session_id": "HASH"}}),
    "Data/Chunks": ({"session_id": "HASH", "item_id": "RANGE"}, {"by_author": {"author_id": "HASH"}}),
    "Data/Reports": ({"session_id": "HASH"}, {"by_owner": {"owner_id": "HASH", "created_at": "RANGE"}}),
    "Data/Limits": ({"limit_key": "HASH"}, {}),
    "Data/Shares": (
        {"subject": "HASH", "share_id": "RANGE"},
        {"by_coach": {"coach_email": "HASH", "created_at": "RANGE"}},
    ),
}


def _schema(key_schema: list[dict[str, str]]) -> dict[str, str]:
    return {k["AttributeName"]: k["KeyType"] for k in key_schema}


@pytest.mark.parametrize("path", sorted(TABLES))
def test_table_shape_and_protection(synthesized: Any, key_arn: dict[str, Any], path: str) -> None:
    """Given each table, then keys and GSIs match the data layer, SSE uses the key, TTL and PITR are on."""
    logical_id = synthesized.logical_id("AWS::DynamoDB::Table", f"/{path}/")
    resource = synthesized.stack_template["Resources"][logical_id]
    props = resource["Properties"]
    key_schema, indexes = TABLES[path]
    assert _schema(props["KeySchema"]) == key_schema
    assert {
        i["IndexName"]: _schema(i["KeySchema"]) for i in props.get("GlobalSecondaryIndexes", [])
    } == indexes
    assert all(a["AttributeType"] == "S" for a in props["AttributeDefinitions"])
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["SSESpecification"] == {"SSEEnabled": True, "SSEType": "KMS", "KMSMasterKeyId": key_arn}
    assert props["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert resource["DeletionPolicy"] == "Retain"


def test_exactly_these_tables(synthesized: Any) -> None:
    synthesized.template.resource_count_is("AWS::DynamoDB::Table", len(TABLES))


@pytest.mark.parametrize("kind", ["Vision", "Speech", "Transcribe"])
def test_worker_queue_has_dlq_and_kms(synthesized: Any, key_arn: dict[str, Any], kind: str) -> None:
    """Given a worker queue, then poison messages go to its own encrypted DLQ after 3 receives."""
    queue_id = synthesized.logical_id("AWS::SQS::Queue", f"/Queues/{kind}Queue/")
    dlq_id = synthesized.logical_id("AWS::SQS::Queue", f"/Queues/{kind}Dlq/")
    resources = synthesized.stack_template["Resources"]
    queue = resources[queue_id]["Properties"]
    assert queue["RedrivePolicy"] == {
        "deadLetterTargetArn": {"Fn::GetAtt": [dlq_id, "Arn"]},
        "maxReceiveCount": 3,
    }
    assert queue["VisibilityTimeout"] == 60
    # A message lives no longer than its task token (the state machine's TimeoutSeconds).
    assert queue["MessageRetentionPeriod"] == 25 * 60
    assert queue["KmsMasterKeyId"] == key_arn
    assert resources[dlq_id]["Properties"]["KmsMasterKeyId"] == key_arn
    assert f"{kind}QueueUrl" in synthesized.stack_template["Outputs"]


def test_only_the_rest_function_reaches_the_shares_table(synthesized: Any) -> None:
    """Given the shares table, then the REST function (sharing, coach reads, deletion) may read and write it
    and its index, and no other role is granted anything on it."""
    table = synthesized.logical_id("AWS::DynamoDB::Table", "/Data/Shares/")
    arn = {"Fn::GetAtt": [table, "Arn"]}
    index_arns = {"Fn::Join": ["", [arn, "/index/*"]]}
    granted: dict[str, set[str]] = {}
    for policy in synthesized.resources("AWS::IAM::Policy").values():
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            resources = (
                statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
            )
            if arn in resources:
                for role in policy["Properties"]["Roles"]:
                    granted.setdefault(role["Ref"], set()).update(statement["Action"])
                assert index_arns in resources  # the coach list queries the by_coach index
    api = synthesized.stack_template["Resources"][
        synthesized.logical_id("AWS::Lambda::Function", "/Functions/Api/")
    ]
    assert set(granted) == {api["Properties"]["Role"]["Fn::GetAtt"][0]}
    assert {"dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"} <= next(
        iter(granted.values())
    )
