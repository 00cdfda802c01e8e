"""Operations: one CloudWatch dashboard and the alarms that need a person, all paging one SNS topic.

Paging alarms (each also notifies when it returns to OK):
- a dead-letter queue holds a message (a task was received three times and never answered);
- a state machine execution failed, timed out or was aborted;
- end-to-report p95 (session.end -> report stored) above `END_TO_REPORT_P95_S` for 3 of 3 five-minute
  periods;
- the REST API's 5xx rate above 5% (with at least 20 requests in the period, so one error at night
  does not page);
- workers report errors (`WorkerErrors`, by kind), or a pipeline Lambda errors.

The topic's e-mail subscription is the deployment parameter `AlarmEmail` (empty: no subscription;
subscribe a pager or chat integration to the topic instead). The topic is encrypted with the
platform key, which CloudWatch is allowed to use for publishing.

The dashboard reads the custom metrics named in `interview_core.metric_names` (Powertools EMF from
the pipeline Lambdas and the workers) and the services' own metrics.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aws_cdk import CfnCondition, CfnParameter, Duration, Fn
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_cloudwatch as cw
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from infra_cdk.metrics import PERIOD, WORKER_KINDS, model_latency_search, platform_metric
from interview_core import metric_names as names

END_TO_REPORT_P95_S = 60
FIVE_MINUTES = Duration.minutes(5)
API_5XX_RATE_PERCENT = 5
API_MIN_REQUESTS = 20
WORKER_ERRORS_PER_5_MIN = 3


class Operations(Construct):
    """Dashboard + paging alarms + the alarm topic (subscription e-mail as a CfnParameter)."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        key: kms.IKey,
        queues: Mapping[str, sqs.IQueue],
        dead_letter_queues: Mapping[str, sqs.IQueue],
        state_machines: Mapping[str, sfn.IStateMachine],
        http_api: apigwv2.IHttpApi,
        websocket_api: apigwv2.IWebSocketApi,
        websocket_stage: str,
        functions: Mapping[str, lambda_.IFunction],
        segment_function: lambda_.IFunction,
    ) -> None:
        super().__init__(scope, construct_id)
        email = CfnParameter(
            scope,
            "AlarmEmail",
            type="String",
            default="",
            allowed_pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$",
            description="E-mail address paged by the platform's alarms (empty: no e-mail subscription).",
        )
        self.topic = sns.Topic(
            self, "AlarmTopic", display_name="Interview platform alarms", master_key=key, enforce_ssl=True
        )
        # CloudWatch publishes to an encrypted topic only if it may use the key.
        key.grant(iam.ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*")
        has_email = CfnCondition(
            self, "HasAlarmEmail", expression=Fn.condition_not(Fn.condition_equals(email.value_as_string, ""))
        )
        subscription = sns.CfnSubscription(
            self,
            "AlarmEmailSubscription",
            topic_arn=self.topic.topic_arn,
            protocol="email",
            endpoint=email.value_as_string,
        )
        subscription.cfn_options.condition = has_email
        self._action = cw_actions.SnsAction(self.topic)
        self.alarms: list[cw.Alarm] = []

        for kind, dlq in dead_letter_queues.items():
            self._page(
                f"{kind.title()}DeadLetters",
                dlq.metric_approximate_number_of_messages_visible(period=FIVE_MINUTES, statistic="Maximum"),
                threshold=1,
                description=f"The {kind} dead-letter queue holds tasks no worker could finish.",
            )
        for kind, machine in state_machines.items():
            failed = cw.MathExpression(
                expression="failed + timedOut + aborted",
                using_metrics={
                    "failed": machine.metric_failed(period=FIVE_MINUTES),
                    "timedOut": machine.metric_timed_out(period=FIVE_MINUTES),
                    "aborted": machine.metric_aborted(period=FIVE_MINUTES),
                },
                period=FIVE_MINUTES,
                label=f"{kind} executions failed",
            )
            self._page(
                f"{kind.title()}ExecutionsFailed",
                failed,
                threshold=1,
                description=f"A {kind} state machine execution failed, timed out or was aborted.",
            )
        self._page(
            "EndToReportSlow",
            platform_metric(names.END_TO_REPORT, statistic="p95").with_(period=FIVE_MINUTES),
            threshold=END_TO_REPORT_P95_S,
            evaluation_periods=3,
            description=f"Reports take longer than {END_TO_REPORT_P95_S} s after session end (p95).",
        )
        api_requests = self._api_metric(http_api, "Count")
        api_5xx = self._api_metric(http_api, "5xx")
        self._page(
            "Api5xxRate",
            cw.MathExpression(
                expression=f"IF(requests >= {API_MIN_REQUESTS}, 100 * errors / requests, 0)",
                using_metrics={"requests": api_requests, "errors": api_5xx},
                period=FIVE_MINUTES,
                label="REST 5xx %",
            ),
            threshold=API_5XX_RATE_PERCENT,
            description=f"More than {API_5XX_RATE_PERCENT}% of REST requests answer 5xx.",
        )
        for kind in WORKER_KINDS:
            self._page(
                f"{kind.title()}WorkerErrors",
                platform_metric(names.WORKER_ERRORS, **{names.DIMENSION_KIND: kind}).with_(
                    period=FIVE_MINUTES
                ),
                threshold=WORKER_ERRORS_PER_5_MIN,
                description=f"The {kind} workers failed {WORKER_ERRORS_PER_5_MIN}+ tasks in 5 minutes.",
            )
        for name, fn in functions.items():
            self._page(
                f"{name}Errors",
                fn.metric_errors(period=FIVE_MINUTES),
                threshold=1,
                description=f"The {name} Lambda raised an unhandled error.",
            )

        self.dashboard = cw.Dashboard(self, "Dashboard", default_interval=Duration.hours(3))
        self.dashboard.add_widgets(
            cw.AlarmStatusWidget(title="Paging alarms", alarms=list(self.alarms), width=24, height=4)
        )
        self.dashboard.add_widgets(
            cw.LogQueryWidget(
                title="Live sessions (distinct sessions recording, per minute)",
                log_group_names=[f"/aws/lambda/{segment_function.function_name}"],
                query_lines=[
                    "filter message = 'segment recorded'",
                    "stats count_distinct(session_id) as live_sessions by bin(1m)",
                ],
                view=cw.LogQueryVisualizationType.LINE,
                width=6,
            ),
            self._graph(
                "Segments per minute",
                [
                    platform_metric(names.SEGMENTS_ANALYZED, label="analysed"),
                    platform_metric(names.SEGMENTS_FAILED, label="failed"),
                ],
            ),
            self._graph(
                "Chunk latency (uploaded -> analysed), s",
                [
                    platform_metric(names.CHUNK_LATENCY, statistic="p50", label="p50"),
                    platform_metric(names.CHUNK_LATENCY, statistic="p95", label="p95"),
                ],
            ),
            self._graph(
                "End to report (session.end -> report), s",
                [
                    platform_metric(names.END_TO_REPORT, statistic="p50", label="p50"),
                    platform_metric(names.END_TO_REPORT, statistic="p95", label="p95"),
                ],
            ),
        )
        self.dashboard.add_widgets(
            *(
                self._graph(f"Model latency p95 per stage, ms: {kind}", [model_latency_search(kind)], width=8)
                for kind in WORKER_KINDS
            )
        )
        self.dashboard.add_widgets(
            self._graph(
                "Queue depth (visible)",
                [
                    q.metric_approximate_number_of_messages_visible(period=PERIOD, label=kind)
                    for kind, q in queues.items()
                ],
                width=8,
            ),
            self._graph(
                "Oldest task waiting, s",
                [
                    q.metric_approximate_age_of_oldest_message(period=PERIOD, label=kind)
                    for kind, q in queues.items()
                ],
                width=8,
            ),
            self._graph(
                "Dead-letter depth",
                [
                    q.metric_approximate_number_of_messages_visible(period=PERIOD, label=kind)
                    for kind, q in dead_letter_queues.items()
                ],
                width=8,
            ),
        )
        self.dashboard.add_widgets(
            self._graph(
                "Executions failed / timed out",
                [
                    metric
                    for kind, machine in state_machines.items()
                    for metric in (
                        machine.metric_failed(period=PERIOD, label=f"{kind} failed"),
                        machine.metric_timed_out(period=PERIOD, label=f"{kind} timed out"),
                    )
                ],
            ),
            self._graph(
                "REST 4xx / 5xx",
                [
                    self._api_metric(http_api, "4xx", period=PERIOD, label="4xx"),
                    self._api_metric(http_api, "5xx", period=PERIOD, label="5xx"),
                ],
            ),
            self._graph(
                "WebSocket errors",
                [
                    cw.Metric(
                        namespace="AWS/ApiGateway",
                        metric_name=metric_name,
                        dimensions_map={"ApiId": websocket_api.api_id, "Stage": websocket_stage},
                        statistic="Sum",
                        period=PERIOD,
                        label=metric_name,
                    )
                    for metric_name in ("ClientError", "IntegrationError", "ExecutionError")
                ],
            ),
            self._graph(
                "Throttles",
                [
                    *(
                        fn.metric_throttles(period=PERIOD, label=f"Lambda {name}")
                        for name, fn in functions.items()
                    ),
                    *(
                        machine.metric_throttled(period=PERIOD, label=f"{kind} state transitions")
                        for kind, machine in state_machines.items()
                    ),
                ],
            ),
        )

    def _page(
        self,
        construct_id: str,
        metric: cw.Metric | cw.MathExpression,
        *,
        threshold: float,
        description: str,
        evaluation_periods: int = 1,
    ) -> None:
        alarm = metric.create_alarm(
            self,
            construct_id,
            threshold=threshold,
            evaluation_periods=evaluation_periods,
            comparison_operator=cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cw.TreatMissingData.NOT_BREACHING,
            alarm_description=description,
        )
        alarm.add_alarm_action(self._action)
        alarm.add_ok_action(self._action)
        self.alarms.append(alarm)

    @staticmethod
    def _api_metric(
        api: apigwv2.IHttpApi, name: str, *, period: Duration = FIVE_MINUTES, label: str | None = None
    ) -> cw.Metric:
        return api.metric(name, statistic="Sum", period=period, label=label)

    @staticmethod
    def _graph(title: str, metrics: Sequence[cw.IMetric], *, width: int = 6) -> cw.GraphWidget:
        return cw.GraphWidget(title=title, left=list(metrics), width=width, height=6)
