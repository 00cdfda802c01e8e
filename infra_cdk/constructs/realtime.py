"""Realtime surface: the WebSocket API the browser keeps open during an interview.

`$connect` runs a REQUEST Lambda authorizer reading `?token=<Cognito access token>` (browsers cannot
set headers on a WebSocket). Route selection is `$request.body.action`; one route per client action,
all served by the message Lambda, which also serves `$default` (unknown actions get an error frame).

The stage throttle caps all messages together; `$connect` (unauthenticated until the authorizer
ran) and `chunk.request` (each hands out an upload) are throttled harder. Per-user quotas live in
the app (segments per minute, live sessions at once).
"""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_authorizers as authorizers
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra_cdk.constructs._access_logs import access_logs
from infra_cdk.constructs._throttles import throttle, throttle_routes
from infra_cdk.nag import acknowledge

STAGE_NAME = "live"
STAGE_THROTTLE = (200, 400)  # messages per second (steady, burst), for all connections together
ROUTE_THROTTLES = {"$connect": (20, 40), "chunk.request": (100, 200)}
ACTIONS: tuple[str, ...] = (
    "session.start",
    "chunk.request",
    "chunk.uploaded",
    "question.next",
    "session.end",
)


class Realtime(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        authorizer: lambda_.IFunction,
        connect: lambda_.IFunction,
        disconnect: lambda_.IFunction,
        messages: lambda_.IFunction,
    ) -> None:
        super().__init__(scope, construct_id)
        message_integration = integrations.WebSocketLambdaIntegration("Messages", messages)
        self.api = apigwv2.WebSocketApi(
            self,
            "WebSocketApi",
            api_name="interview-live",
            route_selection_expression="$request.body.action",
            connect_route_options=apigwv2.WebSocketRouteOptions(
                integration=integrations.WebSocketLambdaIntegration("Connect", connect),
                authorizer=authorizers.WebSocketLambdaAuthorizer(
                    "TokenAuthorizer",
                    authorizer,
                    identity_source=["route.request.querystring.token"],
                ),
            ),
            disconnect_route_options=apigwv2.WebSocketRouteOptions(
                integration=integrations.WebSocketLambdaIntegration("Disconnect", disconnect),
            ),
            default_route_options=apigwv2.WebSocketRouteOptions(integration=message_integration),
        )
        for action in ACTIONS:
            self.api.add_route(action, integration=message_integration)
        self.stage = apigwv2.WebSocketStage(
            self,
            "LiveStage",
            web_socket_api=self.api,
            stage_name=STAGE_NAME,
            auto_deploy=True,
            access_log_settings=access_logs(self, "AccessLogs"),
            throttle=throttle(STAGE_THROTTLE),
        )
        routes = [c for c in self.api.node.children if isinstance(c, apigwv2.WebSocketRoute)]
        throttle_routes(self.stage, ROUTE_THROTTLES, routes)
        stack = Stack.of(self)
        # Built from the API id rather than `stage.callback_url` so the value is a plain
        # Fn::Join of Ref(api) and AWS::Region that the embedded AWS resolves trivially.
        self.management_endpoint = (
            f"https://{self.api.api_id}.execute-api.{stack.region}.amazonaws.com/{STAGE_NAME}"
        )
        self.url = f"wss://{self.api.api_id}.execute-api.{stack.region}.amazonaws.com/{STAGE_NAME}"
        acknowledge(
            self.api,
            "AwsSolutions-APIG4",
            (
                "WebSocket APIs authorize once, on $connect (REQUEST authorizer); API Gateway does not "
                "support authorizers on other WebSocket routes."
            ),
        )

    def grant_push(self, fn: lambda_.IFunction) -> None:
        """execute-api:ManageConnections on this stage (post to / delete a client connection)."""
        self.stage.grant_management_api_access(fn)
