"""Media bucket: encryption, TLS, privacy and retention are configuration moto cannot enforce."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk.assertions import Match

from infra_cdk.constructs.storage import RETENTION_CHOICES_DAYS, RETENTION_TAG

pytestmark = pytest.mark.infrastructure


def test_media_bucket_encrypts_with_the_stack_key(synthesized: Any, key_arn: dict[str, Any]) -> None:
    """Given the synthesized stack, then the bucket defaults to SSE-KMS with the platform key."""
    synthesized.template.has_resource_properties(
        "AWS::S3::Bucket",
        {
            "BucketEncryption": {
                "ServerSideEncryptionConfiguration": [
                    {
                        "BucketKeyEnabled": True,
                        "ServerSideEncryptionByDefault": {
                            "SSEAlgorithm": "aws:kms",
                            "KMSMasterKeyID": key_arn,
                        },
                    }
                ]
            },
            "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": True,
                "BlockPublicPolicy": True,
                "IgnorePublicAcls": True,
                "RestrictPublicBuckets": True,
            },
            "VersioningConfiguration": Match.absent(),
        },
    )


def test_key_rotates(synthesized: Any) -> None:
    synthesized.template.resource_count_is("AWS::KMS::Key", 1)
    synthesized.template.has_resource_properties("AWS::KMS::Key", {"EnableKeyRotation": True})


def test_bucket_policy_denies_plain_http(synthesized: Any) -> None:
    """Given any request without TLS, then the bucket policy denies it."""
    synthesized.template.has_resource_properties(
        "AWS::S3::BucketPolicy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        Match.object_like(
                            {
                                "Effect": "Deny",
                                "Action": "s3:*",
                                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                            }
                        )
                    ]
                )
            }
        },
    )


def test_one_lifecycle_rule_per_retention_choice(synthesized: Any) -> None:
    """Given objects tagged retention-days=N at upload, then a rule expires them after N days."""
    bucket = synthesized.resources("AWS::S3::Bucket")[
        synthesized.logical_id("AWS::S3::Bucket", "Storage/MediaBucket")
    ]
    rules = bucket["Properties"]["LifecycleConfiguration"]["Rules"]
    by_tag = {
        rule["TagFilters"][0]["Value"]: rule
        for rule in rules
        if rule.get("TagFilters") and rule["Status"] == "Enabled"
    }
    assert set(by_tag) == {str(days) for days in RETENTION_CHOICES_DAYS}
    for days in RETENTION_CHOICES_DAYS:
        rule = by_tag[str(days)]
        assert rule["TagFilters"] == [{"Key": RETENTION_TAG, "Value": str(days)}]
        assert rule["ExpirationInDays"] == days
    assert any(rule.get("AbortIncompleteMultipartUpload") for rule in rules)


def test_browser_can_put_and_get(synthesized: Any) -> None:
    synthesized.template.has_resource_properties(
        "AWS::S3::Bucket",
        {
            "CorsConfiguration": {
                "CorsRules": [Match.object_like({"AllowedMethods": Match.array_with(["PUT", "GET"])})]
            }
        },
    )
