"""boto3 clients, built once per process (create once, inject always).

On AWS the endpoint is unset; locally `AWS_ENDPOINT_URL` points every client at the embedded moto
server (boto3 honours the variable itself; it is passed explicitly so settings stay the one source).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import boto3
from botocore.config import Config

from interview_core.settings import CoreSettings, get_settings

_CONFIG = Config(retries={"max_attempts": 4, "mode": "standard"}, signature_version="v4")


def client(service: str, settings: CoreSettings | None = None, **kwargs: Any) -> Any:
    settings = settings or get_settings()
    return _client(service, settings.aws_region, settings.aws_endpoint_url, tuple(sorted(kwargs.items())))


@lru_cache(maxsize=32)
def _client(service: str, region: str, endpoint: str | None, extra: tuple[tuple[str, Any], ...]) -> Any:
    kwargs = dict(extra)
    kwargs.setdefault("endpoint_url", endpoint)
    config = _CONFIG
    if service == "s3":
        # Path-style keeps presigned URLs valid against a local endpoint as well as on AWS.
        config = _CONFIG.merge(Config(s3={"addressing_style": "path"}))
    return boto3.client(service, region_name=region, config=config, **kwargs)
