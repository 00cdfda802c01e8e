"""Counts one real interview on the local platform needs, for the cost model (`make cost`).

Streams the sample interview at recording speed through the running local platform (real WebSocket,
S3, Step Functions, workers), then reads back what it cost in billable units:
- Step Functions state transitions, from every execution's history (each `*StateEntered` event is
  one billed transition; Standard workflows bill per transition);
- Lambda invocations, worker tasks (SQS messages) per kind, EventBridge events, from the same histories;
- S3 objects written and their bytes, from the media bucket;
- every AWS API call made in this process (REST API, WebSocket and pipeline Lambdas run in-process),
  by service and operation, counted at botocore's `_make_api_call`.

Writes `infra_cdk/cost/measured.json`. Run: `python -m infra_cdk.cost.measure` (about two minutes).
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import av
import boto3
from botocore.client import BaseClient

from local_platform.demo import SAMPLE, stream_recording
from local_platform.platform import start_platform

OUT = Path(__file__).with_name("measured.json")
_calls: Counter[str] = Counter()


def _count_calls() -> None:
    """Counts every botocore API call in this process (service.Operation)."""
    original = BaseClient._make_api_call

    def counted(self: BaseClient, operation_name: str, api_params: dict[str, Any]) -> Any:
        _calls[f"{self.meta.service_model.service_name}.{operation_name}"] += 1
        return original(self, operation_name, api_params)

    BaseClient._make_api_call = counted


def _history(sfn: Any, execution_arn: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for page in sfn.get_paginator("get_execution_history").paginate(executionArn=execution_arn):
        events.extend(page["events"])
    return events


def _executions(sfn: Any) -> dict[str, dict[str, int]]:
    """Per state machine: executions, state transitions, Lambda invocations, SQS tasks, events put."""
    totals: dict[str, dict[str, int]] = {}
    for machine in sfn.list_state_machines()["stateMachines"]:
        stats: Counter[str] = Counter()
        pages = sfn.get_paginator("list_executions").paginate(stateMachineArn=machine["stateMachineArn"])
        for page in pages:
            for execution in page["executions"]:
                stats["executions"] += 1
                events = _history(sfn, execution["executionArn"])
                # With logging level ALL + execution data, CloudWatch Logs receives about this much.
                stats["history_bytes"] += len(json.dumps(events, default=str))
                started: datetime | None = None
                for event in events:
                    kind = event["type"]
                    if kind.endswith("StateEntered"):
                        stats["transitions"] += 1
                    elif kind == "LambdaFunctionScheduled":
                        stats["lambda_invocations"] += 1
                    elif kind == "LambdaFunctionStarted":
                        started = event["timestamp"]
                    elif kind == "LambdaFunctionSucceeded" and started is not None:
                        stats["lambda_ms"] += round((event["timestamp"] - started).total_seconds() * 1000)
                    elif kind == "TaskScheduled":
                        details = event["taskScheduledEventDetails"]
                        stats[f"task_{details['resourceType']}_{details['resource']}"] += 1
        totals[machine["name"].split("-", 1)[-1]] = dict(stats)
    return totals


def _objects(s3: Any, bucket: str) -> dict[str, dict[str, int]]:
    """Objects and bytes per kind: `segment` (uploads, named by number), `chunk`, `window`, `report`."""
    totals: dict[str, Counter[str]] = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for obj in page.get("Contents", []):
            stem = obj["Key"].rsplit("/", 1)[-1].split(".", 1)[0]
            kind = "segment" if stem.isdigit() else stem.rstrip("0123456789-_")
            counter = totals.setdefault(kind, Counter())
            counter["objects"] += 1
            counter["bytes"] += obj["Size"]
    return {kind: dict(counter) for kind, counter in sorted(totals.items())}


def main() -> int:
    _count_calls()
    logs = Path(tempfile.mkdtemp(prefix="cost-measure-"))
    print(f"platform logs: {logs}", flush=True)
    platform = start_platform(log_dir=logs)
    try:
        time.sleep(20)  # workers load their models first, as in bench.platform
        _calls.clear()  # provisioning is not part of an interview
        result = stream_recording(platform.url, SAMPLE, realtime=True)
        time.sleep(3)  # the finalize execution's last events
        in_process_calls = dict(sorted(_calls.items()))
        # Endpoints as every other client resolves them (the embedded AWS, or an emulator per service).
        sfn = boto3.client("stepfunctions", region_name="us-east-1")
        s3 = boto3.client("s3", region_name="us-east-1")
        with av.open(str(SAMPLE)) as container:
            media_s = float(container.duration or 0) / av.time_base
        measured = {
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "source": f"{SAMPLE.name} streamed at recording speed through the local platform",
            "media_seconds": round(media_s, 2),
            "segments": result.segments,
            "end_to_report_s": round(result.end_to_report_s, 2),
            "state_machines": _executions(sfn),
            "media_bucket": _objects(s3, platform.aws.env["MEDIA_BUCKET"]),
            "in_process_api_calls": in_process_calls,
        }
    finally:
        platform.stop()
    OUT.write_text(json.dumps(measured, indent=2) + "\n")
    print(json.dumps(measured, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
