"""The seven DynamoDB tables. Names come from the template (Ref), never hard-coded in code.

Every table: on-demand capacity, the platform key, point-in-time recovery, TTL on `expires_at`
(retention without a sweeper), and RETAIN so a stack deletion never drops candidate data silently.
"""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from constructs import Construct

TTL_ATTRIBUTE = "expires_at"
_S = dynamodb.AttributeType.STRING


def _key(name: str) -> dynamodb.Attribute:
    return dynamodb.Attribute(name=name, type=_S)


class DataTables(Construct):
    """users, sessions (by_owner), connections (by_session), chunks (by_author), reports (by_owner), limits,
    shares (by_coach)."""

    def __init__(self, scope: Construct, construct_id: str, *, key: kms.IKey) -> None:
        super().__init__(scope, construct_id)
        self._key = key
        self.users = self._table("Users", partition="user_id")
        self.sessions = self._table("Sessions", partition="session_id")
        self.sessions.add_global_secondary_index(
            index_name="by_owner", partition_key=_key("owner_id"), sort_key=_key("created_at")
        )
        self.connections = self._table("Connections", partition="connection_id")
        self.connections.add_global_secondary_index(index_name="by_session", partition_key=_key("session_id"))
        # items "chunk#000012", "window#0003" and "comment#<id>" share the session partition
        self.chunks = self._table("Chunks", partition="session_id", sort="item_id")
        # sparse (comments only): deleting an account finds the comments it wrote without a scan
        self.chunks.add_global_secondary_index(
            index_name="by_author",
            partition_key=_key("author_id"),
            projection_type=dynamodb.ProjectionType.KEYS_ONLY,
        )
        self.reports = self._table("Reports", partition="session_id")
        self.reports.add_global_secondary_index(
            index_name="by_owner", partition_key=_key("owner_id"), sort_key=_key("created_at")
        )
        # fixed-window counters of the quotas and rate limits ("sessions-day#<user>#<window start>")
        self.limits = self._table("Limits", partition="limit_key")
        # grants to coaches: "session#<id>" (one session) or "owner#<id>" (the owner's future sessions)
        self.shares = self._table("Shares", partition="subject", sort="share_id")
        self.shares.add_global_secondary_index(
            index_name="by_coach", partition_key=_key("coach_email"), sort_key=_key("created_at")
        )

    @property
    def all(self) -> dict[str, dynamodb.Table]:
        return {
            "users": self.users,
            "sessions": self.sessions,
            "connections": self.connections,
            "chunks": self.chunks,
            "reports": self.reports,
            "limits": self.limits,
            "shares": self.shares,
        }

    def _table(self, construct_id: str, *, partition: str, sort: str | None = None) -> dynamodb.Table:
        return dynamodb.Table(
            self,
            construct_id,
            partition_key=_key(partition),
            sort_key=_key(sort) if sort else None,
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
            encryption_key=self._key,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            time_to_live_attribute=TTL_ATTRIBUTE,
            removal_policy=RemovalPolicy.RETAIN,
        )
