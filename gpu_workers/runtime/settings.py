"""Worker settings: which queue to poll and how to reach S3/SQS/Step Functions."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class WorkerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WORKER_", extra="ignore")

    queue_url: str = Field(description="The SQS queue this worker serves (vision, speech or transcribe).")
    media_bucket: str = Field(validation_alias="MEDIA_BUCKET")
    media_kms_key_arn: str = Field(validation_alias="MEDIA_KMS_KEY_ARN")
    aws_region: str = Field(default="us-east-1", validation_alias="AWS_REGION")
    wait_time_s: int = Field(default=5, ge=1, le=20, description="SQS long-poll duration.")
    heartbeat_s: float = Field(
        default=10.0,
        gt=0,
        description="Heartbeat period once a task is picked up (it is also sent at pick-up).",
    )
    visibility_s: int = Field(
        default=30,
        ge=5,
        description="How long a task stays hidden while this worker holds it; renewed by heartbeats.",
    )
    concurrency: int = Field(default=1, ge=1, le=16)
