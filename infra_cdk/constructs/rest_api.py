"""REST surface: an HTTP API whose catch-all route hands every request to the FastAPI app (Mangum).

No API Gateway authorizer on purpose: the FastAPI app verifies the Cognito JWT itself (issuer,
audience/client id, expiry, groups), so the same code path runs behind the local gateway and on AWS
and there is exactly one place where authorization decisions are made and tested.
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra_cdk.constructs._access_logs import access_logs
from infra_cdk.nag import acknowledge


class RestApi(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        handler: lambda_.IFunction,
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
        self.http_api.add_routes(
            path="/{proxy+}",
            methods=[apigwv2.HttpMethod.ANY],
            integration=integrations.HttpLambdaIntegration("FastApi", handler),
        )
        self.stage = apigwv2.HttpStage(
            self,
            "DefaultStage",
            http_api=self.http_api,
            stage_name="$default",
            auto_deploy=True,
            access_log_settings=access_logs(self, "AccessLogs"),
        )
        acknowledge(
            self.http_api,
            "AwsSolutions-APIG4",
            "The FastAPI app verifies Cognito JWTs itself (same code locally and on AWS).",
        )
