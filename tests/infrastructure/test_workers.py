"""GPU worker services, synthesized in a small stack with stand-in Dockerfiles.

The repository's worker images may not exist yet (then the main stack leaves the workers out), so
this builds the construct against a temporary build root to keep it tested and cdk-nag clean.
"""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk.assertions import Match, Template
from cdk_nag import AwsSolutionsChecks

from infra_cdk.constructs.analysis import WorkerQueues
from infra_cdk.constructs.security import Security
from infra_cdk.constructs.storage import MediaStorage
from infra_cdk.constructs.workers import WORKER_KINDS, GpuWorkers
from infra_cdk.nag import acknowledge_grant_wildcards

pytestmark = pytest.mark.infrastructure


@pytest.fixture(scope="module")
def workers_stack(tmp_path_factory: pytest.TempPathFactory) -> tuple[cdk.Stack, dict[str, Any]]:
    root = tmp_path_factory.mktemp("build-root")
    dockerfiles = {}
    for image in ("vision", "speech"):
        path = root / "gpu_workers" / image / "Dockerfile"
        path.parent.mkdir(parents=True)
        path.write_text("FROM python:3.11-slim\nCOPY . /app\n")
        dockerfiles[image] = path
    app = cdk.App(
        outdir=str(root / "cdk.out"),
        context={"@aws-cdk/aws-autoscaling:generateLaunchTemplateInsteadOfLaunchConfig": True},
    )
    stack = cdk.Stack(app, "WorkersOnly")
    key = Security(stack, "Security").key
    queues = WorkerQueues(stack, "Queues", key=key)
    bucket = MediaStorage(stack, "Storage", key=key).bucket
    machine = sfn.StateMachine.from_state_machine_name(stack, "Chunk", "InterviewPlatform-chunk-analysis")
    workers = GpuWorkers(
        stack,
        "Workers",
        queues=queues.queues,
        bucket=bucket,
        state_machines=[machine],
        environment={"MEDIA_BUCKET": bucket.bucket_name, "MEDIA_KMS_KEY_ARN": key.key_arn},
        build_root=root,
        dockerfiles=dockerfiles,
    )
    asker = iam.Role(stack, "CapacityAsker", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    workers.grant_capacity(asker)
    acknowledge_grant_wildcards(stack)
    return stack, dict(Template.from_stack(stack).to_json())


def test_one_gpu_service_per_kind_starting_at_zero(workers_stack: tuple[cdk.Stack, dict[str, Any]]) -> None:
    _, template = workers_stack
    t = Template.from_json(template)
    t.resource_count_is("AWS::ECS::Service", len(WORKER_KINDS))
    t.all_resources_properties("AWS::ECS::Service", {"DesiredCount": 0})
    t.has_resource_properties(
        "AWS::ECS::TaskDefinition",
        {
            "ContainerDefinitions": [
                Match.object_like(
                    {
                        "ResourceRequirements": [{"Type": "GPU", "Value": "1"}],
                        "Command": ["python", "-m", "gpu_workers.runtime", "transcribe"],
                        "Environment": Match.array_with([Match.object_like({"Name": "WORKER_QUEUE_URL"})]),
                    }
                )
            ]
        },
    )
    t.has_resource_properties("AWS::AutoScaling::AutoScalingGroup", {"MinSize": "0"})


def test_services_scale_from_zero_on_queue_depth(workers_stack: tuple[cdk.Stack, dict[str, Any]]) -> None:
    _, template = workers_stack
    t = Template.from_json(template)
    t.all_resources_properties("AWS::ApplicationAutoScaling::ScalableTarget", {"MinCapacity": 0})
    alarms = [
        r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::CloudWatch::Alarm"
    ]
    assert alarms and all(a["MetricName"] == "ApproximateNumberOfMessagesVisible" for a in alarms)


def test_capacity_names_the_services_it_may_scale(workers_stack: tuple[cdk.Stack, dict[str, Any]]) -> None:
    """Given the warm-pool grant, then it may update exactly the worker services and their scaling minimum."""
    _, template = workers_stack
    services = {k for k, r in template["Resources"].items() if r["Type"] == "AWS::ECS::Service"}
    names = {template["Resources"][k]["Properties"]["ServiceName"] for k in services}
    assert names == {f"WorkersOnly-{kind}" for kind in WORKER_KINDS}
    (policy,) = [
        r["Properties"]["PolicyDocument"]["Statement"]
        for k, r in template["Resources"].items()
        if r["Type"] == "AWS::IAM::Policy" and k.startswith("CapacityAsker")
    ]
    by_action = {tuple(s["Action"]) if isinstance(s["Action"], list) else (s["Action"],): s for s in policy}
    arns = by_action[("ecs:DescribeServices", "ecs:UpdateService")]["Resource"]
    assert sorted(arn["Fn::Join"][1][-1] for arn in arns) == sorted(
        f":service/WorkersOnly-workers/WorkersOnly-{kind}" for kind in WORKER_KINDS
    )
    lease = ("application-autoscaling:RegisterScalableTarget", "application-autoscaling:PutScheduledAction")
    assert by_action[lease]["Resource"] == "*"


def test_workers_pass_cdk_nag(workers_stack: tuple[cdk.Stack, dict[str, Any]]) -> None:
    stack, _ = workers_stack
    result = AwsSolutionsChecks().validate_scope(stack)
    assert result.success, [
        (v.rule_name, [r.construct_path for r in v.violating_resources]) for v in result.violations
    ]


def test_main_stack_builds_workers_only_with_real_dockerfiles(synthesized: Any) -> None:
    """Given the repository, then the main stack has worker services iff both Dockerfiles exist."""
    from infra_cdk.constructs.workers import is_buildable

    has_services = bool(synthesized.resources("AWS::ECS::Service"))
    assert has_services == is_buildable()
