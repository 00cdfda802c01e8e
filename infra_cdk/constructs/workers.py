"""GPU workers: where the ECS services that consume the vision/speech/transcribe queues belong.

What this construct is for: one ECS cluster and, per worker image (`gpu_workers/vision/Dockerfile`,
`gpu_workers/speech/Dockerfile`), a task definition built from the container asset and a service
that scales on the queue's `ApproximateNumberOfMessagesVisible` between 0 and a small maximum, so an
idle deployment costs nothing. A worker polls its queue, heartbeats with the message's task token
while it works, and answers SendTaskSuccess (summary) or SendTaskFailure (named error such as
`BadMediaError`); the state machines' Retry/Catch act on those names.

Why it is not built yet: the container images do not exist in the repository at synth time, and
the app must never reference placeholder images. `is_buildable()` reports whether both Dockerfiles
are present; the stack composes the workers only once they are. This file is the single place to add
the cluster (GPU capacity provider, ECS-optimized GPU AMI), the task definitions (queue URLs as
environment; bucket, key, queues and `states:SendTask*` by grant; the speech image also consumes the
transcribe queue) and the queue-depth scaling policies.
"""

from __future__ import annotations

from pathlib import Path

from infra_cdk.constructs.functions import REPO_ROOT

WORKER_DOCKERFILES: dict[str, Path] = {
    "vision": REPO_ROOT / "gpu_workers" / "vision" / "Dockerfile",
    "speech": REPO_ROOT / "gpu_workers" / "speech" / "Dockerfile",
}


def is_buildable() -> bool:
    """True once both worker images can be built from the repository (container assets)."""
    return all(path.is_file() for path in WORKER_DOCKERFILES.values())
