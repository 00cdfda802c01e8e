"""The platform's one customer-managed KMS key.

A single key keeps the key policy, rotation and audit trail in one place: media objects, tables,
queues and the presigned-upload path all encrypt under it, and every grant names it explicitly.
"""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_kms as kms
from constructs import Construct


class Security(Construct):
    """Owns the customer-managed key (rotation on, retained when the stack goes)."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self.key = kms.Key(
            self,
            "Key",
            description="Interview platform: media, tables and queues",
            enable_key_rotation=True,
            removal_policy=RemovalPolicy.RETAIN,
        )
