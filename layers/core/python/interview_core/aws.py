"""boto3 clients, built once per process (create once, inject always).

Endpoints are botocore's to resolve, never passed here: on AWS nothing is set; locally
`AWS_ENDPOINT_URL` points every client at the embedded moto server and `AWS_ENDPOINT_URL_<SERVICE>`
(e.g. `AWS_ENDPOINT_URL_S3`) points one service at an external emulator (README "Emulators").
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
    return _client(service, settings.aws_region, tuple(sorted(kwargs.items())))


@lru_cache(maxsize=32)
def _client(service: str, region: str, extra: tuple[tuple[str, Any], ...]) -> Any:
    kwargs = dict(extra)
    config = _CONFIG
    if service == "s3":
        # Path-style keeps presigned URLs valid against a local endpoint as well as on AWS.
        config = _CONFIG.merge(Config(s3={"addressing_style": "path"}))
    return boto3.client(service, region_name=region, config=config, **kwargs)
