"""REST surface: an HTTP API whose catch-all route hands every request to the FastAPI app (Mangum).

`POST /v1/practice/text` has its own route to the same app in the content-image function, where the
content model is installed (infra_cdk/constructs/functions.py `create_content`).

No API Gateway authorizer on purpose: the FastAPI app verifies the Cognito JWT itself (issuer,
audience/client id, expiry, groups), so the same code path runs behind the local gateway and on AWS
and there is exactly one place where authorization decisions are made and tested.

Throttles cap what the whole API may cost (stage) and what the unauthenticated routes may take
(route); fairness between callers is the app's per-user quotas and per-account/per-address limits
(interview_core/services/limits.py). WAF cannot be attached to an HTTP API.
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra_cdk.constructs._access_logs import access_logs
from infra_cdk.constructs._throttles import throttle, throttle_routes
from infra_cdk.nag import acknowledge

PRACTICE_ROUTE = "/v1/practice/text"
# Requests per second (steady, burst), for all callers together.
STAGE_THROTTLE = (100, 200)
# The routes anyone can call without a token get their own routes, so they can be throttled harder.
UNAUTHENTICATED_ROUTES = {
    "/v1/auth/signup": (5, 10),
    "/v1/auth/confirm": (5, 10),
    "/v1/auth/resend": (5, 10),
    "/v1/auth/login": (20, 40),
    "/v1/auth/refresh": (20, 40),
}


class RestApi(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        handler: lambda_.IFunction,
        practice_handler: lambda_.IFunction,
        cors_allowed_origins: list[str],
    ) -> None:
        super().__init__(scope, construct_id)
        self.http_api = apigwv2.HttpApi(
            self,
            "HttpApi",
            api_name="interview-rest",
            create_default_stage=False,
            cors_preflight=apigwv2.CorsPreflightOptions(
                allow_origins=cors_allowed_origins,
                allow_methods=[apigwv2.CorsHttpMethod.ANY],
                allow_headers=["authorization", "content-type"],
                max_age=Duration.hours(1),
            ),
        )
        fastapi = integrations.HttpLambdaIntegration("FastApi", handler)
        routes = self.http_api.add_routes(
            path="/{proxy+}", methods=[apigwv2.HttpMethod.ANY], integration=fastapi
        )
        # Typed practice runs the same app from the content image (the model is not in the layer).
        routes += self.http_api.add_routes(
            path=PRACTICE_ROUTE,
            methods=[apigwv2.HttpMethod.POST],
            integration=integrations.HttpLambdaIntegration("Practice", practice_handler),
        )
        for path in UNAUTHENTICATED_ROUTES:
            routes += self.http_api.add_routes(
                path=path, methods=[apigwv2.HttpMethod.POST], integration=fastapi
            )
        self.stage = apigwv2.HttpStage(
            self,
            "DefaultStage",
            http_api=self.http_api,
            stage_name="$default",
            auto_deploy=True,
            access_log_settings=access_logs(self, "AccessLogs"),
            throttle=throttle(STAGE_THROTTLE),
        )
        throttle_routes(
            self.stage, {f"POST {path}": limit for path, limit in UNAUTHENTICATED_ROUTES.items()}, routes
        )
        acknowledge(
            self.http_api,
            "AwsSolutions-APIG4",
            "The FastAPI app verifies Cognito JWTs itself (same code locally and on AWS).",
        )
