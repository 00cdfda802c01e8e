"""InterviewStack composes the capabilities; each construct in `infra_cdk.constructs` builds one.

Wiring rules kept here, in one place:
- every Lambda gets the same environment (the names `interview_core.settings.CoreSettings` reads);
- values that would close a dependency cycle (state machine ARNs, the WebSocket management
  endpoint) are formatted from deterministic names / the API id instead of referencing resources;
- each function is granted only what its handler touches, through `grant_*`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aws_cdk import CfnOutput, Duration, Stack
from constructs import Construct

from infra_cdk.constructs import workers
from infra_cdk.constructs.analysis import AnalysisPipeline, WorkerQueues, state_machine_arn
from infra_cdk.constructs.data import DataTables
from infra_cdk.constructs.events import InterviewEvents
from infra_cdk.constructs.functions import LambdaFunctions
from infra_cdk.constructs.hosting import CustomDomain, WebHosting
from infra_cdk.constructs.identity import Identity
from infra_cdk.constructs.operations import Operations
from infra_cdk.constructs.realtime import Realtime
from infra_cdk.constructs.rest_api import RestApi
from infra_cdk.constructs.security import Security
from infra_cdk.constructs.storage import MediaStorage
from infra_cdk.nag import acknowledge, acknowledge_grant_wildcards

STACK_NAME = "InterviewPlatform"
SHARED_ENV_NAMES: tuple[str, ...] = (
    "USERS_TABLE",
    "SESSIONS_TABLE",
    "CONNECTIONS_TABLE",
    "CHUNKS_TABLE",
    "REPORTS_TABLE",
    "LIMITS_TABLE",
    "SHARES_TABLE",
    "MEDIA_BUCKET",
    "MEDIA_KMS_KEY_ARN",
    "USER_POOL_ID",
    "USER_POOL_CLIENT_ID",
    "CHUNK_STATE_MACHINE_ARN",
    "WINDOW_STATE_MACHINE_ARN",
    "FINALIZE_STATE_MACHINE_ARN",
    "EVENT_BUS_NAME",
    "WS_MANAGEMENT_ENDPOINT",
)


class InterviewStack(Stack):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        bundle_dependencies: bool = False,
        cors_allowed_origins: Sequence[str] = ("*",),
        custom_domain: CustomDomain | None = None,
        threat_protection: bool = False,
        web_acl_arn: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        key = Security(self, "Security").key
        bucket = MediaStorage(self, "Storage", key=key, cors_allowed_origins=cors_allowed_origins).bucket
        tables = DataTables(self, "Data", key=key)
        identity = Identity(self, "Identity", threat_protection=threat_protection)
        bus = InterviewEvents(self, "Events").bus
        queues = WorkerQueues(self, "Queues", key=key)

        fns = LambdaFunctions(
            self,
            "Functions",
            bundle_dependencies=bundle_dependencies,
            environment={
                "USERS_TABLE": tables.users.table_name,
                "SESSIONS_TABLE": tables.sessions.table_name,
                "CONNECTIONS_TABLE": tables.connections.table_name,
                "CHUNKS_TABLE": tables.chunks.table_name,
                "REPORTS_TABLE": tables.reports.table_name,
                "LIMITS_TABLE": tables.limits.table_name,
                "SHARES_TABLE": tables.shares.table_name,
                "MEDIA_BUCKET": bucket.bucket_name,
                "MEDIA_KMS_KEY_ARN": key.key_arn,
                "USER_POOL_ID": identity.user_pool.user_pool_id,
                "USER_POOL_CLIENT_ID": identity.client.user_pool_client_id,
                "CHUNK_STATE_MACHINE_ARN": state_machine_arn(self, "chunk"),
                "WINDOW_STATE_MACHINE_ARN": state_machine_arn(self, "window"),
                "FINALIZE_STATE_MACHINE_ARN": state_machine_arn(self, "finalize"),
                "EVENT_BUS_NAME": bus.event_bus_name,
            },
        )
        api = fns.create(
            "Api", handler="api.handler.handler", description="REST: FastAPI via Mangum", memory_size=512
        )
        authorizer = fns.create(
            "WsAuthorizer", handler="ws.authorizer.handler", description="WS $connect JWT check"
        )
        connect = fns.create("WsConnect", handler="ws.connect.handler", description="WS $connect")
        disconnect = fns.create("WsDisconnect", handler="ws.disconnect.handler", description="WS $disconnect")
        messages = fns.create(
            "WsMessages", handler="ws.messages.handler", description="WS actions and $default"
        )
        pipeline_timeout = Duration.seconds(60)
        record_analysis = fns.create(
            "RecordAnalysis",
            handler="pipeline.record_analysis.handler",
            description="Store a chunk's analysis, maybe nudge",
            timeout=pipeline_timeout,
        )
        record_window = fns.create(
            "RecordWindow",
            handler="pipeline.record_window.handler",
            description="Store a window's transcript",
            timeout=pipeline_timeout,
        )
        finalize_check = fns.create(
            "FinalizeCheck",
            handler="pipeline.finalize_check.handler",
            description="Is every chunk and window analysed?",
            timeout=pipeline_timeout,
        )
        # The content model (talking points, relevance) runs where the report is built and where typed
        # answers are judged: container-image functions, as it does not fit the layer.
        build_report = fns.create_content(
            "BuildReport",
            handler="pipeline.build_report.handler",
            description="Aggregate, score, render and store the report",
            timeout=Duration.minutes(5),
        )
        practice = fns.create_content(
            "Practice",
            handler="api.handler.handler",
            description="REST: the FastAPI app for POST /v1/practice/text (content model)",
        )

        pipeline = AnalysisPipeline(
            self,
            "Analysis",
            queues=queues.queues,
            event_bus=bus,
            record_analysis=record_analysis,
            record_window=record_window,
            finalize_check=finalize_check,
            build_report=build_report,
        )
        realtime = Realtime(
            self,
            "Realtime",
            authorizer=authorizer,
            connect=connect,
            disconnect=disconnect,
            messages=messages,
        )
        fns.add_environment("WS_MANAGEMENT_ENDPOINT", realtime.management_endpoint)
        rest = RestApi(
            self,
            "Rest",
            handler=api,
            practice_handler=practice,
            cors_allowed_origins=list(cors_allowed_origins),
        )

        # -- least privilege, by grant ---------------------------------------------------------
        # REST: sessions, history, reports, shares and comments, account/session deletion (media included).
        for table in (
            tables.users,
            tables.sessions,
            tables.chunks,
            tables.reports,
            tables.limits,
            tables.shares,
        ):
            table.grant_read_write_data(api)
        tables.connections.grant_read_write_data(api)  # account deletion closes the user's connections
        realtime.grant_push(api)
        bucket.grant_read_write(api)
        bucket.grant_delete(api)
        identity.user_pool.grant(
            api,
            "cognito-idp:AdminAddUserToGroup",
            "cognito-idp:AdminDeleteUser",
            "cognito-idp:AdminUserGlobalSignOut",
        )
        pipeline.grant_start(api, "finalize")
        # Typed practice: the token's account must not be deleted; nothing is stored.
        tables.users.grant_read_data(practice)
        # WebSocket: the authorizer verifies a JWT (JWKS over HTTPS) and reads deleted-account tombstones.
        tables.users.grant_read_data(authorizer)
        tables.connections.grant_read_write_data(connect)
        tables.sessions.grant_read_data(connect)
        tables.connections.grant_read_write_data(disconnect)
        for table in (tables.connections, tables.sessions, tables.chunks, tables.limits):
            table.grant_read_write_data(messages)
        tables.users.grant_read_data(messages)  # a deleted account's open connection is refused
        bucket.grant_put(messages)  # presigned PUT (SSE-KMS, tagged) ...
        bucket.grant_read(messages)  # ... and confirming the upload; no delete
        pipeline.grant_start(messages, "chunk", "window", "finalize")
        realtime.grant_push(messages)
        # Pipeline steps.
        for table in (tables.chunks, tables.sessions):
            table.grant_read_write_data(record_analysis)
        tables.connections.grant_read_write_data(record_analysis)  # nudge; clean up gone connections
        tables.limits.grant_read_write_data(record_analysis)  # interview minutes per month
        realtime.grant_push(record_analysis)
        pipeline.grant_start(record_analysis, "window")  # a closed answer window starts transcription
        tables.chunks.grant_read_write_data(record_window)
        tables.sessions.grant_read_data(record_window)
        # A step that finishes after its session was deleted removes what its workers stored.
        for step in (record_analysis, record_window, build_report):
            bucket.grant_read(step)
            bucket.grant_delete(step)
        tables.chunks.grant_read_data(finalize_check)
        tables.sessions.grant_read_write_data(finalize_check)
        for table in (tables.chunks, tables.sessions, tables.reports, tables.connections):
            table.grant_read_write_data(build_report)
        tables.users.grant_read_data(build_report)
        tables.limits.grant_read_write_data(build_report)  # the analytics aggregate (analytics#day#...)
        bucket.grant_read(build_report)  # worker results in ...
        bucket.grant_put(build_report)  # ... rendered report out
        realtime.grant_push(build_report)

        # GPU worker services (ECS, scaled 0..n on queue depth): only once their images can be built.
        if workers.is_buildable():
            gpu = workers.GpuWorkers(
                self,
                "Workers",
                queues=queues.queues,
                bucket=bucket,
                state_machines=list(pipeline.state_machines.values()),
                environment={"MEDIA_BUCKET": bucket.bucket_name, "MEDIA_KMS_KEY_ARN": key.key_arn},
            )
            # A session going live asks for a warm worker pool; its report being built hands it back.
            for name, value in gpu.capacity_environment.items():
                fns.add_environment(name, value)
            gpu.grant_capacity(messages)
            gpu.grant_capacity(build_report)

        hosting = WebHosting(
            self,
            "Hosting",
            # What the web app reads from /config.json at start-up (web/src/lib/config.ts).
            runtime_config={
                "apiUrl": rest.http_api.api_endpoint,
                "wsUrl": realtime.url,
                "userPoolId": identity.user_pool.user_pool_id,
                "userPoolClientId": identity.client.user_pool_client_id,
                "region": self.region,
            },
            api_url=rest.http_api.api_endpoint,
            websocket_url=realtime.url,
            custom_domain=custom_domain,
            web_acl_arn=web_acl_arn,
        )
        Operations(
            self,
            "Operations",
            key=key,
            queues=queues.queues,
            dead_letter_queues=queues.dead_letter_queues,
            state_machines=pipeline.state_machines,
            http_api=rest.http_api,
            websocket_api=realtime.api,
            websocket_stage=realtime.stage.stage_name,
            functions=fns.functions,
            segment_function=record_analysis,
        )

        CfnOutput(self, "WebAppUrl", value=hosting.url)
        CfnOutput(self, "WebBucketName", value=hosting.bucket.bucket_name)
        CfnOutput(self, "HttpApiUrl", value=rest.http_api.api_endpoint)
        CfnOutput(self, "WebSocketUrl", value=realtime.url)
        CfnOutput(self, "UserPoolId", value=identity.user_pool.user_pool_id)
        CfnOutput(self, "UserPoolClientId", value=identity.client.user_pool_client_id)
        CfnOutput(self, "MediaBucketName", value=bucket.bucket_name)
        for kind, queue in queues.queues.items():
            CfnOutput(self, f"{kind.title()}QueueUrl", value=queue.queue_url)

        acknowledge(
            self,
            "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
            "AWS-managed basic execution policy only grants writing the function's own CloudWatch logs.",
        )
        acknowledge_grant_wildcards(self)
