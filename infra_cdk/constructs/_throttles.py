"""API Gateway v2 throttles (shared by the HTTP and WebSocket stages): (steady rate, burst) per second."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from aws_cdk import aws_apigatewayv2 as apigwv2
from constructs import IConstruct

Limit = tuple[int, int]


def throttle(limit: Limit) -> apigwv2.ThrottleSettings:
    """A stage's default throttle, for all callers together."""
    rate, burst = limit
    return apigwv2.ThrottleSettings(rate_limit=rate, burst_limit=burst)


def throttle_routes(
    stage: apigwv2.HttpStage | apigwv2.WebSocketStage,
    limits: Mapping[str, Limit],
    routes: Iterable[IConstruct],
) -> None:
    """Tighter throttles for some routes, by route key ("POST /path" or a WebSocket route key)."""
    cfn_stage = stage.node.default_child
    assert isinstance(cfn_stage, apigwv2.CfnStage)
    cfn_stage.route_settings = {
        key: {"ThrottlingRateLimit": rate, "ThrottlingBurstLimit": burst}
        for key, (rate, burst) in limits.items()
    }
    for route in routes:  # route settings name routes that must exist first
        cfn_stage.node.add_dependency(route)
