"""cdk-nag 3 acknowledgments, each with its reason.

cdk-nag 3 matches acknowledgments exactly: every IAM5 finding (`AwsSolutions-IAM5[Resource::...]`)
must be named on its own. Rather than hard-coding logical IDs that change with the construct tree,
`acknowledge_grant_wildcards` resolves each IAM policy of the stack the way cdk-nag does and
acknowledges only the wildcards that CDK's own `grant_*` helpers produce, each with the reason it
is acceptable. Any other wildcard (a hand-written `*`) stays an error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from aws_cdk import Acknowledgment, Stack, Validations
from aws_cdk import aws_iam as iam
from constructs import IConstruct

# Action wildcards emitted by grant_* helpers (S3 object/bucket families, KMS data-key families).
_GRANT_ACTIONS: dict[str, str] = {
    "s3:GetObject*": "bucket.grant_read: all GetObject variants (version, tagging, ACL) of the media bucket",
    "s3:GetBucket*": "bucket.grant_read: bucket-level metadata of the media bucket only",
    "s3:List*": "bucket.grant_read: listing the media bucket only",
    "s3:DeleteObject*": (
        "bucket.grant_delete/read_write: deleting media the user owns (retention, account deletion)"
    ),
    "s3:Abort*": "bucket.grant_write: aborting the platform's own multipart uploads",
    "kms:ReEncrypt*": "key.grant_encrypt_decrypt: scoped to the platform's single key",
    "kms:GenerateDataKey*": "key.grant_encrypt_decrypt: data keys for SSE-KMS under the platform key",
    "ecs:Submit*": "ECS agent state reports (CDK capacity provider), on the worker cluster's ARN only",
}
# Resource wildcards that only widen to sub-resources of one named resource.
_GRANT_RESOURCES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^<[A-Za-z0-9]+\.Arn>/\*$"), "objects under one bucket ARN (bucket.grant_*)"),
    (
        re.compile(r"^<[A-Za-z0-9]+\.Arn>/sessions/\*/chunks/\*$"),
        "segments of any session in one bucket: the transcribe worker deletes them once joined",
    ),
    (re.compile(r"^<[A-Za-z0-9]+\.Arn>/index/\*$"), "GSIs of one table (table.grant_*_data)"),
    (re.compile(r"^<[A-Za-z0-9]+\.Arn>:\*$"), "versions/aliases of one Lambda (Step Functions LambdaInvoke)"),
    (
        re.compile(
            r"^arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<[A-Za-z0-9]+>/.+/@connections/\*$"
        ),
        "connections of one WebSocket stage (stage.grant_management_api_access)",
    ),
]
# Actions CDK's integrations grant on Resource "*" (X-Ray tracing, Step Functions log delivery, the
# ECS container agent and image pulls); none of them offers a narrower resource.
_STAR_ONLY_ACTIONS = frozenset(
    {
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
        "xray:GetSamplingStatisticSummaries",
        "logs:CreateLogDelivery",
        "logs:GetLogDelivery",
        "logs:UpdateLogDelivery",
        "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries",
        "logs:PutResourcePolicy",
        "logs:DescribeResourcePolicies",
        "logs:DescribeLogGroups",
        "ecs:Poll",
        "ecs:StartTelemetrySession",
        "ecs:DiscoverPollEndpoint",
        "ecr:GetAuthorizationToken",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        # The warm worker pool (GpuWorkers.grant_capacity): scalable-target ARNs carry a generated id.
        "application-autoscaling:RegisterScalableTarget",
        "application-autoscaling:PutScheduledAction",
    }
)


def acknowledge(scope: IConstruct, rule_id: str, reason: str) -> None:
    Validations.of(scope).acknowledge(Acknowledgment(id=rule_id, reason=reason))


def _flatten(node: Any) -> str:
    """Same rendering as cdk-nag's flattenCfnReference (finding IDs must match exactly)."""
    if node is None:
        return ""
    if isinstance(node, str):
        return node.replace("${", "<").replace("}", ">")
    if isinstance(node, dict):
        if "Fn::Join" in node:
            delimiter, items = node["Fn::Join"]
            return str(delimiter).join(_flatten(item) for item in items)
        if "Fn::Sub" in node:
            return _flatten(node["Fn::Sub"])
        if "Fn::GetAtt" in node:
            resource, attribute = node["Fn::GetAtt"]
            return f"<{_flatten(resource)}.{_flatten(attribute)}>"
        if "Fn::ImportValue" in node:
            return _flatten(node["Fn::ImportValue"])
        if "Ref" in node:
            return f"<{_flatten(node['Ref'])}>"
    return json.dumps(node, separators=(",", ":"))


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _reasons(statements: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Finding -> reason for the wildcards this module accepts; anything else is left out."""
    accepted: dict[str, str] = {}
    star_ok = True
    star_seen = False
    for statement in statements:
        if statement.get("Effect") != "Allow":
            continue
        actions = [str(a) for a in _as_list(statement.get("Action", []))]
        for action in actions:
            if "*" in action and action in _GRANT_ACTIONS:
                accepted[f"Action::{action}"] = _GRANT_ACTIONS[action]
        for resource in map(_flatten, _as_list(statement.get("Resource", []))):
            if resource == "*":
                star_seen = True
                star_ok = star_ok and set(actions) <= _STAR_ONLY_ACTIONS
                continue
            for pattern, reason in _GRANT_RESOURCES:
                if pattern.match(resource):
                    accepted[f"Resource::{resource}"] = reason
    if star_seen and star_ok:
        accepted["Resource::*"] = (
            "X-Ray, log-delivery and ECS-agent actions CDK grants on Resource '*', and registering the "
            "worker services' scalable targets and their scheduled lapse (no ARN before deployment)"
        )
    return accepted


def acknowledge_grant_wildcards(stack: Stack) -> None:
    """Acknowledges AwsSolutions-IAM5 findings that come from CDK grant_* helpers (see module doc)."""
    for node in stack.node.find_all():
        if not isinstance(node, iam.CfnPolicy):
            continue
        document = stack.resolve(node.policy_document)
        for finding, reason in _reasons(document.get("Statement", [])).items():
            acknowledge(node, f"AwsSolutions-IAM5[{finding}]", f"Generated by a CDK grant: {reason}.")
