"""Worker capacity: asked for when a session goes live, handed back after the last live session.

The GPU worker services scale 0..n on queue depth, which reacts only once chunks are queued and
then needs minutes (instance boot, image pull, model load). A session going live asks for a warm
minimum ahead of its first chunk; once no session is live, the minimum goes back to zero and queue
depth alone decides again.

Adapters of the `WorkerCapacity` port: `EcsWorkerCapacity` on AWS (the services' Application Auto
Scaling minimum plus their desired count), `FixedCapacity` where workers always run, and the local
platform's own (`local_platform/capacity.py`), which starts worker processes on demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class CapacitySettings(BaseSettings):
    """Set by the CDK app on the functions that ask for or release capacity, when GPU workers exist."""

    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore")

    worker_cluster: str | None = Field(default=None, description="ECS cluster of the GPU worker services.")
    worker_services: tuple[str, ...] = Field(default=(), description="The worker services' names.")
    warm_workers: int = Field(default=1, ge=0, le=4, description="Tasks per service while a session is live.")
    warm_lease_s: int = Field(
        default=3 * 3600,
        ge=60,
        description="The warm minimum lapses this long after the last request, should no report release it.",
    )


class WorkerCapacity(Protocol):
    def request(self) -> None:
        """Make sure every worker kind is running or starting."""

    def release(self) -> None:
        """No session is live: let the workers scale back to zero when their queues are idle."""


class FixedCapacity:
    """Workers that always run (the local platform's eager workers, a stack without GPU services)."""

    def request(self) -> None:
        return None

    def release(self) -> None:
        return None


LEASE_ACTION = "release-warm-pool"


@dataclass(frozen=True)
class EcsWorkerCapacity:
    """Raises the services' scaling minimum (and desired count, which the minimum alone raises only at
    the next scaling evaluation) to `warm`; releasing sets the minimum back to zero, and the queue-depth
    policy scales in once the queues are empty.

    Each request also moves a scheduled action that sets the minimum back to zero `lease` later: a
    session abandoned without ending never builds the report that would release it.
    """

    autoscaling: Any
    ecs: Any
    cluster: str
    services: tuple[str, ...]
    warm: int
    lease: timedelta = timedelta(hours=3)

    def request(self) -> None:
        self._set_minimum(self.warm)
        lapses_at = datetime.now(UTC) + self.lease
        for service in self.services:
            self.autoscaling.put_scheduled_action(
                ServiceNamespace="ecs",
                ScheduledActionName=LEASE_ACTION,
                ResourceId=f"service/{self.cluster}/{service}",
                ScalableDimension="ecs:service:DesiredCount",
                Schedule=f"at({lapses_at:%Y-%m-%dT%H:%M:%S})",
                Timezone="UTC",
                ScalableTargetAction={"MinCapacity": 0},
            )
        described = self.ecs.describe_services(cluster=self.cluster, services=list(self.services))
        for service in described["services"]:
            if service["desiredCount"] < self.warm:
                self.ecs.update_service(
                    cluster=self.cluster, service=service["serviceName"], desiredCount=self.warm
                )

    def release(self) -> None:
        self._set_minimum(0)

    def _set_minimum(self, minimum: int) -> None:
        for service in self.services:
            self.autoscaling.register_scalable_target(
                ServiceNamespace="ecs",
                ResourceId=f"service/{self.cluster}/{service}",
                ScalableDimension="ecs:service:DesiredCount",
                MinCapacity=minimum,
            )


def worker_capacity(settings: CapacitySettings, client: Any) -> WorkerCapacity:
    """The adapter the settings describe; `client(service_name)` builds a boto3 client."""
    if not settings.worker_cluster:
        return FixedCapacity()
    return EcsWorkerCapacity(
        client("application-autoscaling"),
        client("ecs"),
        settings.worker_cluster,
        settings.worker_services,
        settings.warm_workers,
        timedelta(seconds=settings.warm_lease_s),
    )
