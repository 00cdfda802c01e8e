"""The ECS capacity adapter against moto's ECS and Application Auto Scaling."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import pytest

from interview_core.capacity import CapacitySettings, EcsWorkerCapacity, FixedCapacity, worker_capacity
from local_platform.moto_server import local_client, moto_server

pytestmark = pytest.mark.integration
CLUSTER = "InterviewPlatform-workers"
SERVICES = ("InterviewPlatform-vision", "InterviewPlatform-speech")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with moto_server() as (endpoint, _):
        yield partial(local_client, endpoint)


@pytest.fixture
def workers(client: Any) -> tuple[Any, Any]:
    """Two worker services at zero tasks, each scaled 0..4 (as the CDK app deploys them)."""
    ecs, autoscaling = client("ecs"), client("application-autoscaling")
    ecs.create_cluster(clusterName=CLUSTER)
    family = ecs.register_task_definition(
        family="worker", containerDefinitions=[{"name": "worker", "image": "worker", "memory": 512}]
    )["taskDefinition"]["taskDefinitionArn"]
    for name in SERVICES:
        ecs.create_service(cluster=CLUSTER, serviceName=name, taskDefinition=family, desiredCount=0)
        autoscaling.register_scalable_target(
            ServiceNamespace="ecs",
            ResourceId=f"service/{CLUSTER}/{name}",
            ScalableDimension="ecs:service:DesiredCount",
            MinCapacity=0,
            MaxCapacity=4,
        )
    return ecs, autoscaling


def _state(ecs: Any, autoscaling: Any) -> dict[str, tuple[int, int, int]]:
    """service -> (desired count, scaling minimum, scaling maximum)"""
    targets = autoscaling.describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"]
    limits = {t["ResourceId"].rsplit("/", 1)[1]: (t["MinCapacity"], t["MaxCapacity"]) for t in targets}
    services = ecs.describe_services(cluster=CLUSTER, services=list(SERVICES))["services"]
    return {s["serviceName"]: (s["desiredCount"], *limits[s["serviceName"]]) for s in services}


def _lapses_at(autoscaling: Any) -> dict[str, datetime]:
    """service -> when its scheduled action sets the minimum back to zero"""
    actions = autoscaling.describe_scheduled_actions(ServiceNamespace="ecs")["ScheduledActions"]
    lapses = {}
    for action in actions:
        assert action["ScheduledActionName"] == "release-warm-pool"
        assert action["ScalableTargetAction"] == {"MinCapacity": 0}
        at = datetime.strptime(action["Schedule"], "at(%Y-%m-%dT%H:%M:%S)").replace(tzinfo=UTC)
        lapses[action["ResourceId"].rsplit("/", 1)[1]] = at
    return lapses


def test_a_live_session_gets_a_warm_pool_and_the_last_one_gives_it_back(workers: tuple[Any, Any]) -> None:
    ecs, autoscaling = workers
    capacity = EcsWorkerCapacity(autoscaling, ecs, CLUSTER, SERVICES, warm=1)
    # When a session goes live
    capacity.request()
    # Then every service runs a task now and cannot be scaled below one; the maximum is kept
    assert _state(ecs, autoscaling) == {name: (1, 1, 4) for name in SERVICES}
    # And the warm minimum lapses by itself three hours on, should no report ever release it
    lapses = _lapses_at(autoscaling)
    assert set(lapses) == set(SERVICES)
    assert all(
        abs((at - datetime.now(UTC) - timedelta(hours=3)).total_seconds()) < 60 for at in lapses.values()
    )
    # When asked again (a reconnecting client), nothing changes but the lease, which moves on
    time.sleep(1.1)
    capacity.request()
    assert _state(ecs, autoscaling) == {name: (1, 1, 4) for name in SERVICES}
    assert all(at > lapses[name] for name, at in _lapses_at(autoscaling).items())
    # When the last session finished, queue depth alone decides again (the running task stays until
    # the scale-in policy removes it)
    capacity.release()
    assert _state(ecs, autoscaling) == {name: (1, 0, 4) for name in SERVICES}


def test_settings_choose_the_adapter(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WORKER_CLUSTER", raising=False)  # the local platform's template sets it
    assert isinstance(worker_capacity(CapacitySettings(), client), FixedCapacity)
    monkeypatch.setenv("WORKER_CLUSTER", CLUSTER)
    monkeypatch.setenv("WORKER_SERVICES", '["InterviewPlatform-vision", "InterviewPlatform-speech"]')
    adapter = worker_capacity(CapacitySettings(), client)
    assert isinstance(adapter, EcsWorkerCapacity)
    assert adapter.services == SERVICES and adapter.warm == 1
