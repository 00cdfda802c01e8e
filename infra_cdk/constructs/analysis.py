"""The analysis pipeline: worker queues and the three Step Functions state machines.

Work reaches the GPU workers through SQS `.waitForTaskToken`: the state machine sends a message
carrying its task token, a worker (ECS service scaled on queue depth, or a local process) answers
with SendTaskSuccess / SendTaskFailure and heartbeats while it works. The same ASL runs unchanged in
the embedded AWS (moto), so only states its interpreter supports are used: Pass, Parallel, Task
(sqs waitForTaskToken, lambda invoke, events putEvents), Choice, Wait.

State machines have fixed names (`<stack>-chunk-analysis`, ...) so their ARNs can be formatted
without referencing the resource: Lambdas need the ARNs and the state machines invoke Lambdas, which
would otherwise be a dependency cycle.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aws_cdk import ArnFormat, Duration, RemovalPolicy, Stack
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk import aws_stepfunctions_tasks as tasks
from constructs import Construct

from infra_cdk.constructs.events import EVENT_SOURCE

# Worker task clocks. Step Functions starts both HeartbeatSeconds and TimeoutSeconds of a
# `.waitForTaskToken` task when the message is queued, not when a worker receives it, and only
# SendTaskHeartbeat restarts the heartbeat clock. With workers scaled to zero, a task queued after an
# idle night waits for a GPU instance to boot, pull the image and load the models (minutes; see the
# README's "Cold start"), so:
# - HeartbeatSeconds is the pick-up deadline: how long a task may go untouched by any worker. The
#   worker heartbeats the moment it picks a task up and every 10 s after (gpu_workers/runtime/loop.py),
#   so once picked up the clock is the worker's; a worker that dies is replaced through the queue
#   (the message reappears after its visibility timeout and the next worker continues the same token).
# - TimeoutSeconds bounds the whole task: the pick-up deadline plus the longest model work.
# - The work queue keeps a message no longer than its token lives, so no worker finds a task
#   Step Functions gave up on long ago (and one that does is told so by its pick-up heartbeat).
# Waiting is not a failure, so timeouts are not retried (a retry would queue a second message for the
# same work); a crashed worker is.
PICKUP_DEADLINE = Duration.minutes(15)
WORK_BUDGET = Duration.minutes(10)
TASK_TIMEOUT = PICKUP_DEADLINE.plus(WORK_BUDGET)
WORKER_ERRORS = ["WorkerCrashedError"]
QUEUE_KINDS: tuple[str, ...] = ("vision", "speech", "transcribe")
STATE_MACHINES: Mapping[str, str] = {
    "chunk": "chunk-analysis",
    "window": "window-transcription",
    "finalize": "finalize",
}


def state_machine_name(stack: Stack, kind: str) -> str:
    return f"{stack.stack_name}-{STATE_MACHINES[kind]}"


def state_machine_arn(stack: Stack, kind: str) -> str:
    """The ARN of a pipeline state machine, formatted (not referenced) to keep the graph acyclic."""
    return stack.format_arn(
        service="states",
        resource="stateMachine",
        resource_name=state_machine_name(stack, kind),
        arn_format=ArnFormat.COLON_RESOURCE_NAME,
    )


class WorkerQueues(Construct):
    """One work queue per worker kind, each with a DLQ; all KMS-encrypted and TLS-only."""

    def __init__(self, scope: Construct, construct_id: str, *, key: kms.IKey) -> None:
        super().__init__(scope, construct_id)
        self.queues: dict[str, sqs.Queue] = {}
        self.dead_letter_queues: dict[str, sqs.Queue] = {}
        for kind in QUEUE_KINDS:
            name = kind.title()
            dlq = sqs.Queue(
                self,
                f"{name}Dlq",
                encryption=sqs.QueueEncryption.KMS,
                encryption_master_key=key,
                enforce_ssl=True,
                retention_period=Duration.days(14),
            )
            self.dead_letter_queues[kind] = dlq
            self.queues[kind] = sqs.Queue(
                self,
                f"{name}Queue",
                encryption=sqs.QueueEncryption.KMS,
                encryption_master_key=key,
                enforce_ssl=True,
                visibility_timeout=Duration.seconds(60),
                retention_period=TASK_TIMEOUT,
                dead_letter_queue=sqs.DeadLetterQueue(max_receive_count=3, queue=dlq),
            )


class AnalysisPipeline(Construct):
    """chunk-analysis, window-transcription and finalize state machines."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        queues: Mapping[str, sqs.IQueue],
        event_bus: events.IEventBus,
        record_analysis: lambda_.IFunction,
        record_window: lambda_.IFunction,
        finalize_check: lambda_.IFunction,
        build_report: lambda_.IFunction,
    ) -> None:
        super().__init__(scope, construct_id)
        self._stack = Stack.of(self)
        self._queues = queues
        self._by_arn = {
            kind: sfn.StateMachine.from_state_machine_arn(
                self, f"{kind.title()}ByArn", state_machine_arn(self._stack, kind)
            )
            for kind in STATE_MACHINES
        }

        analyse = sfn.Parallel(self, "Analyse", result_path="$.results")
        analyse.branch(self._worker_branch("Vision", "vision", self._chunk_body("vision")))
        analyse.branch(self._worker_branch("Speech", "speech", self._chunk_body("speech")))
        chunk_definition = analyse.next(self._invoke("Record", record_analysis))
        self.chunk = self._state_machine("ChunkAnalysis", "chunk", chunk_definition)

        transcribe = self._worker_task(
            "Transcribe", "transcribe", self._window_body(), result_path="$.result"
        )
        transcribe_failed = self._failure_as_data("TranscribeFailed", "$.result")
        transcribe.add_catch(transcribe_failed, errors=["States.ALL"], result_path="$.result")
        record_window_task = self._invoke("RecordWindow", record_window)
        transcribe.next(record_window_task)
        transcribe_failed.next(record_window_task)
        self.window = self._state_machine("WindowTranscription", "window", transcribe)

        check = self._invoke("Check", finalize_check, result_path="$.check")
        build = self._invoke("BuildReport", build_report, result_path="$.report")
        announce = tasks.EventBridgePutEvents(
            self,
            "Announce",
            entries=[
                tasks.EventBridgePutEventsEntry(
                    event_bus=event_bus,
                    source=EVENT_SOURCE,
                    detail_type="ReportReady",
                    detail=sfn.TaskInput.from_object(
                        {
                            "session_id": sfn.JsonPath.string_at("$.session_id"),
                            "report_key": sfn.JsonPath.string_at("$.report.report_key"),
                            "owner_id": sfn.JsonPath.string_at("$.report.owner_id"),
                        }
                    ),
                )
            ],
            result_path="$.announce",
        )
        # After the report is out, a transcribe worker joins the segments into one recording; its
        # failure is recorded in the execution (the segments then stay and replay uses them).
        join = self._worker_task(
            "JoinRecording", "transcribe", self._recording_body(), result_path="$.recording"
        )
        join.add_catch(
            self._failure_as_data("RecordingFailed", "$.recording"),
            errors=["States.ALL"],
            result_path="$.recording",
        )
        announce.next(
            sfn.Choice(self, "Recorded")
            .when(sfn.Condition.boolean_equals("$.report.has_media", True), join)
            .otherwise(sfn.Pass(self, "NothingRecorded"))
        )
        # finalize-check answers ready=true itself once it gives up, so the loop is bounded.
        next_attempt = sfn.Pass(self, "NextAttempt", input_path="$.check.attempt", result_path="$.attempt")
        wait = sfn.Wait(self, "Wait", time=sfn.WaitTime.duration(Duration.seconds(1)))
        wait.next(next_attempt)
        next_attempt.next(check)
        ready = (
            sfn.Choice(self, "Ready")
            .when(sfn.Condition.boolean_equals("$.check.ready", True), build.next(announce))
            .otherwise(wait)
        )
        self.finalize = self._state_machine("Finalize", "finalize", check.next(ready))

    @property
    def state_machines(self) -> dict[str, sfn.StateMachine]:
        return {"chunk": self.chunk, "window": self.window, "finalize": self.finalize}

    # -- message bodies: what a worker receives (see gpu_workers task contracts) -------------------
    @staticmethod
    def _task_body(kind: str, bucket_path: str, **fields: Any) -> sfn.TaskInput:
        return sfn.TaskInput.from_object(
            {
                "task_token": sfn.JsonPath.task_token,
                "kind": kind,
                "session_id": sfn.JsonPath.string_at("$.session_id"),
                "bucket": sfn.JsonPath.string_at(bucket_path),
                **fields,
            }
        )

    @classmethod
    def _chunk_body(cls, kind: str) -> sfn.TaskInput:
        return cls._task_body(
            kind,
            "$.bucket",
            segment=sfn.JsonPath.object_at("$.segment"),
            answer_index=sfn.JsonPath.number_at("$.answer_index"),
        )

    @classmethod
    def _window_body(cls) -> sfn.TaskInput:
        return cls._task_body(
            "transcribe",
            "$.bucket",
            window_index=sfn.JsonPath.number_at("$.window_index"),
            answer_index=sfn.JsonPath.number_at("$.answer_index"),
            segments=sfn.JsonPath.list_at("$.segments"),
        )

    @classmethod
    def _recording_body(cls) -> sfn.TaskInput:
        """BuildReport's result lists the segments to join (services/recording.py `join_request`)."""
        return cls._task_body(
            "recording", "$.report.bucket", segments=sfn.JsonPath.list_at("$.report.segments")
        )

    # -- building blocks --------------------------------------------------------------------------
    def _worker_task(
        self, state_id: str, kind: str, body: sfn.TaskInput, *, result_path: str | None = None
    ) -> tasks.SqsSendMessage:
        task = tasks.SqsSendMessage(
            self,
            state_id,
            queue=self._queues[kind],
            message_body=body,
            integration_pattern=sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
            heartbeat_timeout=sfn.Timeout.duration(PICKUP_DEADLINE),
            task_timeout=sfn.Timeout.duration(TASK_TIMEOUT),
            result_path=result_path,
        )
        task.add_retry(errors=WORKER_ERRORS, max_attempts=2, interval=Duration.seconds(2), backoff_rate=2)
        return task

    def _worker_branch(self, state_id: str, kind: str, body: sfn.TaskInput) -> sfn.IChainable:
        """A worker task whose failure becomes data ({failed, error, cause}), not a failed chunk."""
        task = self._worker_task(state_id, kind, body)
        task.add_catch(self._failure_as_data(f"{state_id}Failed"), errors=["States.ALL"])
        return task

    def _failure_as_data(self, state_id: str, caught_at: str | None = None) -> sfn.Pass:
        """The caught error as {failed, error, cause}, where the Catch put it (`caught_at`; else all)."""
        at = caught_at or "$"
        return sfn.Pass(
            self,
            state_id,
            parameters={
                "failed": True,
                "error": sfn.JsonPath.string_at(f"{at}.Error"),
                "cause": sfn.JsonPath.string_at(f"{at}.Cause"),
            },
            result_path=caught_at,
        )

    def _invoke(
        self, state_id: str, fn: lambda_.IFunction, *, result_path: str | None = None
    ) -> tasks.LambdaInvoke:
        return tasks.LambdaInvoke(
            self,
            state_id,
            lambda_function=fn,
            # No `payload`: the task then passes the whole state; `from_json_path_at("$")` renders
            # `"Parameters": "$"`, which is not valid ASL.
            payload_response_only=True,
            retry_on_service_exceptions=True,
            result_path=result_path,
        )

    def _state_machine(self, construct_id: str, kind: str, definition: sfn.IChainable) -> sfn.StateMachine:
        log_group = logs.LogGroup(
            self,
            f"{construct_id}Logs",
            retention=logs.RetentionDays.ONE_MONTH,
            removal_policy=RemovalPolicy.DESTROY,
        )
        machine = sfn.StateMachine(
            self,
            construct_id,
            state_machine_name=state_machine_name(self._stack, kind),
            state_machine_type=sfn.StateMachineType.STANDARD,
            definition_body=sfn.DefinitionBody.from_chainable(definition),
            tracing_enabled=True,
            logs=sfn.LogOptions(destination=log_group, level=sfn.LogLevel.ALL, include_execution_data=True),
        )
        return machine

    def grant_start(self, grantee: iam.IGrantable, *kinds: str) -> None:
        """states:StartExecution by formatted ARN: a Ref would close a cycle through the Lambdas."""
        for kind in kinds:
            self._by_arn[kind].grant_start_execution(grantee)
