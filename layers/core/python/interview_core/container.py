"""Everything a handler needs, built once per process from settings (create once, inject always)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from interview_core.auth import CognitoIdentity, TokenVerifier
from interview_core.aws import client
from interview_core.capacity import CapacitySettings, WorkerCapacity, worker_capacity
from interview_core.content import default_analyzer
from interview_core.data import Repositories, bind_tables
from interview_core.data.analytics import AnalyticsRepository
from interview_core.feedback.content import ContentAnalyzer
from interview_core.notify import ConnectionNotifier
from interview_core.questions import QuestionBank, load_bank
from interview_core.settings import CoreSettings, get_settings
from interview_core.storage import MediaStore


@dataclass
class Services:
    settings: CoreSettings

    def __post_init__(self) -> None:
        bind_tables(self.settings)

    @cached_property
    def repos(self) -> Repositories:
        return Repositories.create(self.settings.connection_ttl_s)

    @cached_property
    def analytics(self) -> AnalyticsRepository:
        """The per-day analytics aggregate, kept in the limits table under its own key prefix."""
        return AnalyticsRepository(client("dynamodb", self.settings), self.settings.limits_table)

    @cached_property
    def store(self) -> MediaStore:
        return MediaStore(
            client("s3", self.settings), self.settings.media_bucket, self.settings.media_kms_key_arn
        )

    @cached_property
    def identity(self) -> CognitoIdentity:
        return CognitoIdentity(
            client("cognito-idp", self.settings),
            self.settings.user_pool_id,
            self.settings.user_pool_client_id,
        )

    @cached_property
    def verifier(self) -> TokenVerifier:
        return TokenVerifier(
            self.settings.resolved_jwks_url, self.settings.cognito_issuer, self.settings.user_pool_client_id
        )

    @cached_property
    def sfn(self) -> Any:
        return client("stepfunctions", self.settings)

    @cached_property
    def events(self) -> Any:
        return client("events", self.settings)

    @cached_property
    def notifier(self) -> ConnectionNotifier:
        api = client(
            "apigatewaymanagementapi", self.settings, endpoint_url=self.settings.ws_management_endpoint
        )
        return ConnectionNotifier(api, self.repos.connections)

    @cached_property
    def bank(self) -> QuestionBank:
        return load_bank()

    @cached_property
    def capacity(self) -> WorkerCapacity:
        """ECS on AWS; the local platform assigns its own adapter (worker processes on demand)."""
        return worker_capacity(CapacitySettings(), lambda service: client(service, self.settings))

    @cached_property
    def content_analyzer(self) -> ContentAnalyzer | None:
        """The content model, loaded once per process; None where its packages are not installed (the
        layer-only Lambdas): `feedback.content` then judges talking points by word overlap."""
        return default_analyzer()


@lru_cache(maxsize=1)
def get_services() -> Services:
    return Services(get_settings())
