"""GPU workers: the ECS services that consume the vision, speech and transcribe queues.

One ECS cluster on GPU EC2 capacity (ECS-optimized GPU AMI, Auto Scaling group from 0 behind a
capacity provider with managed scaling) and one service per worker kind, each scaled 0..n on its
queue's `ApproximateNumberOfMessagesVisible`, so an idle deployment runs no GPU instance. A worker
(`python -m gpu_workers.runtime <kind>`) polls its queue, heartbeats with the message's task token
while it works, and answers SendTaskSuccess (summary) or SendTaskFailure (a named error such as
`BadMediaError`); the state machines' Retry/Catch act on those names.

Built only when both images can be built from the repository (`is_buildable()`: the Dockerfiles
`gpu_workers/vision/Dockerfile` and `gpu_workers/speech/Dockerfile` exist): the app never references
placeholder images. The speech image serves two kinds (per-chunk acoustics and windowed Whisper).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from aws_cdk import Duration, IgnoreMode, Stack
from aws_cdk import aws_applicationautoscaling as appscaling
from aws_cdk import aws_autoscaling as autoscaling
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from infra_cdk.constructs.functions import REPO_ROOT
from infra_cdk.nag import acknowledge

WORKER_DOCKERFILES: dict[str, Path] = {
    "vision": REPO_ROOT / "gpu_workers" / "vision" / "Dockerfile",
    "speech": REPO_ROOT / "gpu_workers" / "speech" / "Dockerfile",
}


def is_buildable() -> bool:
    """True once both worker images can be built from the repository (container assets)."""
    return all(path.is_file() for path in WORKER_DOCKERFILES.values())


@dataclass(frozen=True)
class WorkerKind:
    """One ECS service: which image serves which queue.

    Args:
        image: key into the Dockerfiles (`vision` or `speech`).
        queue: key into the worker queues this service polls.
        max_tasks: upper bound for queue-depth scaling (GPU instances cost money).
    """

    image: str
    queue: str
    max_tasks: int = 4


# The speech image serves two queues: per-chunk acoustics (`speech`) and windowed Whisper (`transcribe`).
WORKER_KINDS: dict[str, WorkerKind] = {
    "vision": WorkerKind(image="vision", queue="vision"),
    "speech": WorkerKind(image="speech", queue="speech"),
    "transcribe": WorkerKind(image="speech", queue="transcribe", max_tasks=2),
}
# Only what the images need goes into the Docker build context (the repo also holds .venv, web, media).
BUILD_CONTEXT_EXCLUDES = [
    "*",
    "!gpu_workers",
    "!layers",
    "!pyproject.toml",
    "!constraints.txt",
    "**/__pycache__",
    "**/*.pyc",
]


class GpuWorkers(Construct):
    """ECS on GPU EC2 capacity, one service per worker kind, scaled 0..n on its queue's depth."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        queues: Mapping[str, sqs.IQueue],
        bucket: s3.IBucket,
        state_machines: Sequence[sfn.IStateMachine],
        environment: Mapping[str, str],
        build_root: Path = REPO_ROOT,
        dockerfiles: Mapping[str, Path] | None = None,
        instance_type: str = "g5.xlarge",
    ) -> None:
        super().__init__(scope, construct_id)
        dockerfiles = dockerfiles or WORKER_DOCKERFILES
        # Public subnets only, no NAT gateway and no ingress: workers only call AWS APIs outbound.
        self.vpc = ec2.Vpc(
            self,
            "Vpc",
            max_azs=2,
            nat_gateways=0,
            subnet_configuration=[ec2.SubnetConfiguration(name="public", subnet_type=ec2.SubnetType.PUBLIC)],
            flow_logs={"all": ec2.FlowLogOptions(traffic_type=ec2.FlowLogTrafficType.REJECT)},
        )
        # Fixed names, formatted rather than referenced, so the functions that ask for capacity get
        # them as plain values (and the embedded AWS, which runs no ECS, can resolve them).
        stack_name = Stack.of(self).stack_name
        self.cluster_name = f"{stack_name}-workers"
        self.service_names = {name: f"{stack_name}-{name}" for name in WORKER_KINDS}
        self.cluster = ecs.Cluster(
            self,
            "Cluster",
            cluster_name=self.cluster_name,
            vpc=self.vpc,
            container_insights_v2=ecs.ContainerInsights.ENABLED,
        )
        group = autoscaling.AutoScalingGroup(
            self,
            "GpuInstances",
            vpc=self.vpc,
            instance_type=ec2.InstanceType(instance_type),
            machine_image=ecs.EcsOptimizedImage.amazon_linux2(ecs.AmiHardwareType.GPU),
            min_capacity=0,
            max_capacity=sum(kind.max_tasks for kind in WORKER_KINDS.values()),
            associate_public_ip_address=True,
            require_imdsv2=True,
            block_devices=[
                autoscaling.BlockDevice(
                    device_name="/dev/xvda",
                    volume=autoscaling.BlockDeviceVolume.ebs(100, encrypted=True),
                )
            ],
        )
        capacity = ecs.AsgCapacityProvider(
            self, "GpuCapacity", auto_scaling_group=group, enable_managed_scaling=True
        )
        self.cluster.add_asg_capacity_provider(capacity)
        images = {
            name: ecs.ContainerImage.from_asset(
                str(build_root),
                file=str(dockerfile.relative_to(build_root)),
                exclude=BUILD_CONTEXT_EXCLUDES,
                ignore_mode=IgnoreMode.DOCKER,
            )
            for name, dockerfile in dockerfiles.items()
        }
        self.services: dict[str, ecs.Ec2Service] = {}
        for name, kind in WORKER_KINDS.items():
            queue = queues[kind.queue]
            task = ecs.Ec2TaskDefinition(self, f"{name.title()}Task")
            task.add_container(
                "worker",
                image=images[kind.image],
                command=["python", "-m", "gpu_workers.runtime", name],
                gpu_count=1,
                memory_reservation_mib=12 * 1024,
                environment={**environment, "WORKER_QUEUE_URL": queue.queue_url},
                logging=ecs.LogDrivers.aws_logs(stream_prefix=name),
            )
            queue.grant_consume_messages(task.task_role)
            bucket.grant_read(task.task_role)  # media in ...
            bucket.grant_put(task.task_role)  # ... per-frame results out (SSE-KMS)
            if kind.queue == "transcribe":  # joins the recording, then deletes the joined segments
                bucket.grant_delete(task.task_role, "sessions/*/chunks/*")
            for machine in state_machines:
                machine.grant_task_response(task.task_role)
            service = ecs.Ec2Service(
                self,
                f"{name.title()}Service",
                service_name=self.service_names[name],
                cluster=self.cluster,
                task_definition=task,
                desired_count=0,
                min_healthy_percent=0,
                max_healthy_percent=100,
                capacity_provider_strategies=[
                    ecs.CapacityProviderStrategy(capacity_provider=capacity.capacity_provider_name, weight=1)
                ],
            )
            # The minimum is raised to a warm pool while sessions are live (interview_core.capacity).
            scaling = service.auto_scale_task_count(min_capacity=0, max_capacity=kind.max_tasks)
            scaling.scale_on_metric(
                "QueueDepth",
                metric=queue.metric_approximate_number_of_messages_visible(period=Duration.minutes(1)),
                scaling_steps=[
                    appscaling.ScalingInterval(upper=0, change=-kind.max_tasks),
                    appscaling.ScalingInterval(lower=1, change=1),
                    appscaling.ScalingInterval(lower=20, change=2),
                ],
                adjustment_type=appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
                cooldown=Duration.minutes(2),
            )
            acknowledge(
                task,
                "AwsSolutions-ECS2",
                "Environment holds resource names and URLs (queue, bucket, key ARN), no secrets.",
            )
            self.services[name] = service
        acknowledge(
            group,
            "AwsSolutions-AS3",
            "Scaling activity is visible in ECS capacity-provider events; no SNS fan-out needed.",
        )

    @property
    def capacity_environment(self) -> dict[str, str]:
        """What `interview_core.capacity.CapacitySettings` reads."""
        services = json.dumps(list(self.service_names.values()))  # settings read a tuple as JSON
        return {"WORKER_CLUSTER": self.cluster_name, "WORKER_SERVICES": services}

    def grant_capacity(self, grantee: iam.IGrantable) -> None:
        """Raise and lower the services' warm minimum (the scalable targets, with a scheduled lapse) and
        desired count."""
        iam.Grant.add_to_principal(
            grantee=grantee,
            actions=["ecs:DescribeServices", "ecs:UpdateService"],
            # Formatted, not referenced: the services depend (through the task roles' grants on the
            # state machines) on the very functions that get this grant.
            resource_arns=[
                Stack.of(self).format_arn(
                    service="ecs", resource="service", resource_name=f"{self.cluster_name}/{name}"
                )
                for name in self.service_names.values()
            ],
        )
        # Application Auto Scaling has no resource-level permissions for scalable targets.
        iam.Grant.add_to_principal(
            grantee=grantee,
            actions=[
                "application-autoscaling:RegisterScalableTarget",
                "application-autoscaling:PutScheduledAction",
            ],
            resource_arns=["*"],
        )
