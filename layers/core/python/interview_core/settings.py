"""Validated settings for the code that runs in Lambda (and the same code run locally).

The variable names are the ones the CDK app gives every function (infra_cdk/constructs/functions.py);
the embedded AWS resolves the same environment from the synthesized template.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ALLOWED_RETENTION_DAYS = (7, 30, 90, 365)


class CoreSettings(BaseSettings):
    """Everything a handler needs to reach its resources; missing names fail at start-up, not mid-request."""

    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore")

    aws_region: str = Field(default="us-east-1", validation_alias="AWS_REGION")
    users_table: str
    sessions_table: str
    connections_table: str
    chunks_table: str
    reports_table: str
    limits_table: str
    shares_table: str
    media_bucket: str
    media_kms_key_arn: str
    user_pool_id: str
    user_pool_client_id: str
    chunk_state_machine_arn: str
    window_state_machine_arn: str
    finalize_state_machine_arn: str
    event_bus_name: str
    ws_management_endpoint: str
    jwks_url: str | None = Field(
        default=None,
        description="Defaults to the Cognito pool's well-known JWKS; moto serves it at another URL.",
    )
    max_chunk_bytes: int = Field(default=25 * 1024 * 1024, gt=0)
    allowed_chunk_types: tuple[str, ...] = (
        "video/webm",
        "audio/webm",
        "video/mp4",
        "video/quicktime",
        "audio/wav",
        "audio/x-wav",
    )
    # Short: a URL that outlives the upload could replace an accepted segment (the ETag check catches it).
    upload_url_ttl_s: int = Field(default=60, ge=10, le=3600)
    replay_url_ttl_s: int = Field(default=900, ge=30, le=3600)
    max_segments_per_session: int = Field(default=10_000, gt=0)
    connection_ttl_s: int = Field(default=2 * 3600, gt=0)
    max_session_s: int = Field(
        default=2 * 3600, gt=0, description="Longest session timeline (offset_s bound)."
    )
    revoked_user_ttl_s: int = Field(
        default=24 * 3600,
        gt=0,
        description="How long a deleted account's tombstone refuses its tokens: longer than any token lives.",
    )
    # Per-user quotas and per-account/per-address limits (atomic counters in the limits table).
    quota_live_sessions: int = Field(default=2, ge=1, description="Sessions live at once per user.")
    quota_sessions_per_day: int = Field(default=20, ge=1)
    quota_minutes_per_month: int = Field(default=600, ge=1, description="Analysed interview minutes.")
    quota_segments_per_minute: int = Field(default=120, ge=1, description="chunk.request frames per user.")
    limit_logins_per_account: int = Field(default=10, ge=1, description="Per 5 minutes.")
    limit_logins_per_source: int = Field(default=60, ge=1, description="Per 5 minutes, per source address.")
    limit_signups_per_source: int = Field(default=10, ge=1, description="Per hour, per source address.")

    @property
    def cognito_issuer(self) -> str:
        return f"https://cognito-idp.{self.aws_region}.amazonaws.com/{self.user_pool_id}"

    @property
    def resolved_jwks_url(self) -> str:
        return self.jwks_url or f"{self.cognito_issuer}/.well-known/jwks.json"


@lru_cache(maxsize=1)
def get_settings() -> CoreSettings:
    return CoreSettings()  # type: ignore[call-arg]
