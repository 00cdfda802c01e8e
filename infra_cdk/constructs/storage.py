"""The media bucket: browser uploads by presigned URL, retention enforced by lifecycle rules.

Objects are tagged `retention-days=<n>` at upload (the candidate's consent choice), so one
lifecycle rule per allowed choice expires them without any scheduled job.
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from infra_cdk.nag import acknowledge

RETENTION_TAG = "retention-days"
RETENTION_CHOICES_DAYS: tuple[int, ...] = (7, 30, 90, 365)


class MediaStorage(Construct):
    """SSE-KMS bucket with the platform key, TLS only, never public, no versions kept."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        key: kms.IKey,
        cors_allowed_origins: Sequence[str] = ("*",),
    ) -> None:
        super().__init__(scope, construct_id)
        lifecycle = [
            s3.LifecycleRule(
                id=f"expire-after-{days}-days",
                enabled=True,
                tag_filters={RETENTION_TAG: str(days)},
                expiration=Duration.days(days),
            )
            for days in RETENTION_CHOICES_DAYS
        ]
        lifecycle.append(
            s3.LifecycleRule(
                id="abort-incomplete-multipart-uploads",
                enabled=True,
                abort_incomplete_multipart_upload_after=Duration.days(1),
            )
        )
        self.bucket = s3.Bucket(
            self,
            "MediaBucket",
            encryption=s3.BucketEncryption.KMS,
            encryption_key=key,
            bucket_key_enabled=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            versioned=False,
            cors=[
                s3.CorsRule(
                    allowed_methods=[s3.HttpMethods.PUT, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
                    allowed_origins=list(cors_allowed_origins),
                    allowed_headers=["*"],
                    exposed_headers=["ETag"],
                    max_age=3000,
                )
            ],
            lifecycle_rules=lifecycle,
            removal_policy=RemovalPolicy.RETAIN,
        )
        acknowledge(
            self.bucket,
            "AwsSolutions-S1",
            (
                "Media objects are short-lived and reached only through presigned URLs issued after an "
                "ownership check; access is audited through CloudTrail (KMS Decrypt per object) rather "
                "than a second bucket of server access logs."
            ),
        )
