"""API Gateway v2 access-log settings (shared by the HTTP and WebSocket stages)."""

from __future__ import annotations

import jsii
from aws_cdk import RemovalPolicy
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_logs as logs
from constructs import Construct


@jsii.implements(apigwv2.IAccessLogSettings)
class AccessLogSettings:
    """`IAccessLogSettings` is a jsii interface, not a struct: Python must implement it."""

    def __init__(self, destination: apigwv2.IAccessLogDestination) -> None:
        self._destination = destination

    @property
    def destination(self) -> apigwv2.IAccessLogDestination:
        return self._destination

    @property
    def format(self) -> apigw.AccessLogFormat | None:
        return None  # API Gateway's default JSON fields (request id, status, latency, ...)


def access_logs(scope: Construct, construct_id: str) -> AccessLogSettings:
    group = logs.LogGroup(
        scope, construct_id, retention=logs.RetentionDays.ONE_MONTH, removal_policy=RemovalPolicy.DESTROY
    )
    return AccessLogSettings(apigwv2.LogGroupLogDestination(group))
