"""Cognito, the HTTP API and the WebSocket API."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Match, Template

from infra_cdk.constructs.identity import Identity
from infra_cdk.constructs.realtime import ACTIONS

pytestmark = pytest.mark.infrastructure


def test_user_pool_and_client(synthesized: Any) -> None:
    """Given the web client, then it signs in with a password and refreshes, with no secret."""
    synthesized.template.has_resource_properties(
        "AWS::Cognito::UserPool",
        {
            "UsernameAttributes": ["email"],
            "AutoVerifiedAttributes": ["email"],
            "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": False},
            "Policies": {
                "PasswordPolicy": Match.object_like(
                    {
                        "MinimumLength": 8,
                        "RequireNumbers": True,
                        "RequireLowercase": True,
                        "RequireUppercase": True,
                    }
                )
            },
        },
    )
    synthesized.template.has_resource_properties(
        "AWS::Cognito::UserPoolClient",
        {
            "GenerateSecret": False,
            "ExplicitAuthFlows": Match.array_with(["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]),
            # Confirm, resend and sign-in answer alike for unknown users (no account enumeration).
            "PreventUserExistenceErrors": "ENABLED",
        },
    )
    # Sign-up emails a code; nothing confirms an account without it.
    synthesized.template.has_resource_properties(
        "AWS::Cognito::UserPool",
        {"VerificationMessageTemplate": Match.object_like({"DefaultEmailOption": "CONFIRM_WITH_CODE"})},
    )


def test_role_groups_exist(synthesized: Any) -> None:
    groups = {
        r["Properties"]["GroupName"] for r in synthesized.resources("AWS::Cognito::UserPoolGroup").values()
    }
    assert groups == {"candidate", "coach", "admin"}


def test_http_api_proxies_everything_to_one_lambda(synthesized: Any) -> None:
    synthesized.template.has_resource_properties("AWS::ApiGatewayV2::Api", {"ProtocolType": "HTTP"})
    synthesized.template.has_resource_properties("AWS::ApiGatewayV2::Route", {"RouteKey": "ANY /{proxy+}"})


def _ws_routes(synthesized: Any) -> dict[str, dict[str, Any]]:
    (ws_api,) = [
        logical_id
        for logical_id, r in synthesized.resources("AWS::ApiGatewayV2::Api").items()
        if r["Properties"]["ProtocolType"] == "WEBSOCKET"
    ]
    return {
        r["Properties"]["RouteKey"]: r["Properties"]
        for r in synthesized.resources("AWS::ApiGatewayV2::Route").values()
        if r["Properties"]["ApiId"] == {"Ref": ws_api}
    }


def test_websocket_routes_and_selection(synthesized: Any) -> None:
    """Given the WebSocket API, then each client action has a route next to $connect/$disconnect/$default."""
    synthesized.template.has_resource_properties(
        "AWS::ApiGatewayV2::Api",
        {"ProtocolType": "WEBSOCKET", "RouteSelectionExpression": "$request.body.action"},
    )
    routes = _ws_routes(synthesized)
    assert set(routes) == {"$connect", "$disconnect", "$default", *ACTIONS}
    message_targets = {routes[key]["Target"]["Fn::Join"][1][1]["Ref"] for key in ("$default", *ACTIONS)}
    assert len(message_targets) == 1, "all actions and $default share the message integration"
    synthesized.template.has_resource_properties(
        "AWS::ApiGatewayV2::Stage", {"StageName": "live", "AutoDeploy": True}
    )


def test_connect_requires_the_token_authorizer(synthesized: Any) -> None:
    routes = _ws_routes(synthesized)
    connect = routes["$connect"]
    assert connect["AuthorizationType"] == "CUSTOM"
    (authorizer_id,) = synthesized.resources("AWS::ApiGatewayV2::Authorizer")
    assert connect["AuthorizerId"] == {"Ref": authorizer_id}
    authorizer = synthesized.stack_template["Resources"][authorizer_id]["Properties"]
    assert authorizer["AuthorizerType"] == "REQUEST"
    assert authorizer["IdentitySource"] == ["route.request.querystring.token"]
    for key in ("$disconnect", "$default", *ACTIONS):
        assert routes[key]["AuthorizationType"] == "NONE"


def test_outputs(synthesized: Any) -> None:
    assert {
        "HttpApiUrl",
        "WebSocketUrl",
        "UserPoolId",
        "UserPoolClientId",
        "MediaBucketName",
        "VisionQueueUrl",
        "SpeechQueueUrl",
        "TranscribeQueueUrl",
    } <= set(synthesized.stack_template["Outputs"])


def _stage(synthesized: Any, name: str) -> dict[str, Any]:
    (stage,) = [
        r["Properties"]
        for r in synthesized.resources("AWS::ApiGatewayV2::Stage").values()
        if r["Properties"]["StageName"] == name
    ]
    return stage


def test_both_apis_are_throttled_per_stage_and_on_the_open_routes(synthesized: Any) -> None:
    """Given the stages, then every route has a stage-wide cap and the unauthenticated ones a lower one."""
    rest, ws = _stage(synthesized, "$default"), _stage(synthesized, "live")
    assert rest["DefaultRouteSettings"]["ThrottlingRateLimit"] > 0
    assert rest["DefaultRouteSettings"]["ThrottlingBurstLimit"] > 0
    for path in ("signup", "confirm", "resend", "login", "refresh"):
        route = f"POST /v1/auth/{path}"
        synthesized.template.has_resource_properties("AWS::ApiGatewayV2::Route", {"RouteKey": route})
        limited = rest["RouteSettings"][route]["ThrottlingRateLimit"]
        assert 0 < limited < rest["DefaultRouteSettings"]["ThrottlingRateLimit"]
    assert ws["DefaultRouteSettings"]["ThrottlingRateLimit"] > 0
    for route in ("$connect", "chunk.request"):
        assert (
            0
            < ws["RouteSettings"][route]["ThrottlingRateLimit"]
            < ws["DefaultRouteSettings"]["ThrottlingRateLimit"]
        )


def test_threat_protection_can_be_switched_on() -> None:
    """Given `-c threat_protection=true`, then the pool is on the Plus plan with threat protection on."""
    stack = cdk.Stack(cdk.App())
    Identity(stack, "Identity", threat_protection=True)
    Template.from_stack(stack).has_resource_properties(
        "AWS::Cognito::UserPool",
        {"UserPoolTier": "PLUS", "UserPoolAddOns": {"AdvancedSecurityMode": "ENFORCED"}},
    )
