"""What an interview-minute costs on AWS, and what the stack costs while idle.

Inputs, each from one place:
- `prices.json`: date-stamped us-east-1 list prices with their sources;
- `measured.json`: billable units of one real interview on the local platform (`measure.py`):
  state transitions, Lambda invocations and their durations, worker tasks, objects written, in-process
  API calls by operation;
- `assumptions.json`: what is not measured here (worker RTFs from the README's benchmarks, session
  length, scale-from-zero tails, DynamoDB units per request), each with its source;
- the synthesized template (Lambda memory sizes, how many alarms, keys and dashboards the stack has).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
DYNAMODB_WRITES = ("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems")
DYNAMODB_READS = ("GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems")
PIPELINE_FUNCTIONS = ("RecordAnalysis", "RecordWindow", "FinalizeCheck", "BuildReport")  # construct ids


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((HERE / name).read_text())
    return data


@dataclass(frozen=True)
class Inputs:
    prices: dict[str, Any]
    measured: dict[str, Any]
    assumptions: dict[str, Any]
    template: dict[str, Any]

    @property
    def media_minutes(self) -> float:
        return float(self.measured["media_seconds"]) / 60

    def resources(self, kind: str) -> list[dict[str, Any]]:
        return [r for r in self.template["Resources"].values() if r["Type"] == kind]


def _calls(inputs: Inputs, service: str, operations: tuple[str, ...]) -> int:
    calls: dict[str, int] = inputs.measured["in_process_api_calls"]
    return sum(calls.get(f"{service}.{op}", 0) for op in operations)


def _worker_tasks(inputs: Inputs) -> dict[str, int]:
    """SQS tasks per queue resource, summed over state machines (from the execution histories)."""
    tasks: dict[str, int] = {}
    for stats in inputs.measured["state_machines"].values():
        for name, count in stats.items():
            if name.startswith("task_sqs_"):
                tasks[name] = tasks.get(name, 0) + count
    return tasks


def _lambda_memory_gb(inputs: Inputs) -> float:
    """The largest pipeline function's memory, charged for every pipeline second: an upper bound."""
    sizes = [
        float(r["Properties"].get("MemorySize", 128)) / 1024
        for r in inputs.resources("AWS::Lambda::Function")
        if any(
            f"/Functions/{name}/" in r.get("Metadata", {}).get("aws:cdk:path", "")
            for name in PIPELINE_FUNCTIONS
        )
    ]
    return max(sizes) if sizes else 1.0


def serverless_cost(inputs: Inputs) -> dict[str, float]:
    """Per interview (the measured one): everything except the workers' compute."""
    p, a, m = inputs.prices, inputs.assumptions, inputs.measured
    machines = m["state_machines"].values()
    transitions = sum(s.get("transitions", 0) for s in machines)
    pipeline_invocations = sum(s.get("lambda_invocations", 0) for s in machines)
    pipeline_seconds = sum(s.get("lambda_ms", 0) for s in machines) / 1000
    requests = a["requests_per_interview"]
    ws_in = requests["ws_messages_in_per_segment"] * m["segments"] + requests["ws_messages_in_per_session"]
    ws_out = _calls(inputs, "apigatewaymanagementapi", ("PostToConnection",))
    rest = requests["rest_requests_per_session"]
    edge_invocations = ws_in + rest + 2  # + $connect authorizer and $connect
    edge_gb_s = edge_invocations * requests["edge_handler_ms"] / 1000 * requests["edge_handler_memory_gb"]
    tasks = sum(_worker_tasks(inputs).values())
    objects = m["media_bucket"]
    written = sum(o["objects"] for o in objects.values())
    stored_bytes = sum(o["bytes"] for o in objects.values())
    segment_bytes = objects.get("segment", {}).get("bytes", 0)
    report_bytes = stored_bytes - segment_bytes
    s3_gets = _calls(inputs, "s3", ("GetObject", "HeadObject")) + tasks  # each task reads its media
    writes = _calls(inputs, "dynamodb", DYNAMODB_WRITES)
    reads = _calls(inputs, "dynamodb", DYNAMODB_READS)
    units = a["dynamodb_units"]
    gb = 1024**3
    months_kept = a["retention_days"] / 30
    history_gb = sum(s.get("history_bytes", 0) for s in machines) / gb
    return {
        "Step Functions transitions": transitions * p["stepfunctions_standard_transition"],
        "Lambda (pipeline)": pipeline_invocations * p["lambda_request"]
        + pipeline_seconds * _lambda_memory_gb(inputs) * p["lambda_gb_second"],
        "Lambda (REST + WebSocket)": edge_invocations * p["lambda_request"]
        + edge_gb_s * p["lambda_gb_second"],
        "API Gateway (WebSocket + HTTP)": (ws_in + ws_out) * p["websocket_message"]
        + (m["media_seconds"] / 60 + 1) * p["websocket_connection_minute"]
        + rest * p["http_api_request"],
        "SQS (send, receive, delete per task)": 3 * tasks * p["sqs_request"],
        "S3 requests": written * p["s3_put_request"] + s3_gets * p["s3_get_request"],
        "S3 storage (retention)": stored_bytes / gb * months_kept * p["s3_storage_gb_month"],
        "DynamoDB": writes * units["per_write"] * p["dynamodb_write_request_unit"]
        + reads * units["per_read"] * p["dynamodb_read_request_unit"],
        "EventBridge": p["eventbridge_custom_event"],
        "CloudWatch Logs (state machine logs)": history_gb * p["cloudwatch_logs_ingest_gb"],
        "Data transfer out (report, replays)": (report_bytes + a["replayed_fraction"] * segment_bytes)
        / gb
        * p["data_transfer_out_gb"],
    }


def worker_seconds(inputs: Inputs) -> dict[str, float]:
    """vCPU-seconds per media-minute for each worker part, from the measured RTFs (2 cores busy)."""
    rtf = inputs.assumptions["worker_rtf"]
    cores = rtf["measured_cores"]
    return {part: 60 * rtf[part] * cores for part in ("vision", "speech_acoustics", "speech_asr")}


def _always_on_hours(minutes_per_day: float, inputs: Inputs, tail_minutes: float) -> float:
    """Capacity-hours a day that scaling from zero costs at least: while any session (or its tail) runs.

    Sessions arrive at random over the day (Poisson): with `load` sessions-plus-tails in flight on
    average, some capacity is up a fraction 1 - exp(-load) of the day. Sparse days pay each session and
    its tail; busy days pay one always-on unit at least. (Traffic bunched into working hours raises the
    load in those hours and lowers the idle share: this is the uniform-day case.)
    """
    sessions = inputs.assumptions["sessions"]
    per_day = minutes_per_day / sessions["minutes_per_session"]
    load = per_day * (sessions["minutes_per_session"] + tail_minutes) / (24 * 60)
    return 24 * (1 - math.exp(-load))


def _fleet_hours(busy_hours: float, floor_hours: float, inputs: Inputs) -> float:
    return max(busy_hours / inputs.assumptions["sessions"]["steady_utilisation"], floor_hours)


def gpu_ecs_per_day(minutes_per_day: float, inputs: Inputs) -> float:
    p, a = inputs.prices, inputs.assumptions
    vcpu_s = sum(worker_seconds(inputs).values()) * minutes_per_day
    busy = vcpu_s / p["ec2_g5_xlarge_vcpus"] / 3600
    hours = _fleet_hours(
        busy, _always_on_hours(minutes_per_day, inputs, a["sessions"]["tail_minutes_gpu"]), inputs
    )
    ebs_hour = a["gpu_instance"]["ebs_gb"] * p["ebs_gp3_gb_month"] / 730
    return hours * (p["ec2_g5_xlarge_hour"] + ebs_hour)


def _fargate_hour(inputs: Inputs) -> float:
    p, task = inputs.prices, inputs.assumptions["fargate_task"]
    return task["vcpu"] * p["fargate_vcpu_hour"] + task["memory_gb"] * p["fargate_gb_hour"]


def fargate_per_day(minutes_per_day: float, inputs: Inputs, parts: tuple[str, ...] | None = None) -> float:
    seconds = worker_seconds(inputs)
    vcpu_s = sum(seconds[part] for part in parts or tuple(seconds)) * minutes_per_day
    busy = vcpu_s / inputs.assumptions["fargate_task"]["vcpu"] / 3600
    floor = _always_on_hours(minutes_per_day, inputs, inputs.assumptions["sessions"]["tail_minutes_fargate"])
    return _fleet_hours(busy, floor, inputs) * _fargate_hour(inputs)


def _lambda_workers_per_day(minutes_per_day: float, inputs: Inputs, parts: tuple[str, ...]) -> float:
    """Worker parts as Lambda container functions at the memory that buys the measured cores."""
    p, a = inputs.prices, inputs.assumptions
    seconds = worker_seconds(inputs)
    wall_s = sum(seconds[part] for part in parts) / a["worker_rtf"]["measured_cores"] * minutes_per_day
    segments_per_minute = inputs.measured["segments"] / inputs.media_minutes
    invocations = len(parts) * segments_per_minute * minutes_per_day  # upper bound: windows are fewer
    gb = a["lambda_worker"]["memory_mb"] / 1024
    return wall_s * gb * p["lambda_gb_second"] + invocations * p["lambda_request"]


def lambda_hybrid_per_day(minutes_per_day: float, inputs: Inputs) -> float:
    """Vision and per-segment acoustics as Lambda container functions; Whisper windows on Fargate."""
    cheap = ("vision", "speech_acoustics")
    return _lambda_workers_per_day(minutes_per_day, inputs, cheap) + fargate_per_day(
        minutes_per_day, inputs, ("speech_asr",)
    )


def lambda_only_per_day(minutes_per_day: float, inputs: Inputs) -> float:
    """Every worker part, Whisper windows included, as Lambda container functions: no capacity floor."""
    return _lambda_workers_per_day(minutes_per_day, inputs, tuple(worker_seconds(inputs)))


WORKER_OPTIONS: dict[str, Callable[[float, Inputs], float]] = {
    "ECS on GPU instances (g5.xlarge; stack default)": gpu_ecs_per_day,
    "ECS Fargate CPU tasks (2 vCPU, 4 GB)": fargate_per_day,
    "Lambda containers (vision, acoustics) + Fargate (Whisper)": lambda_hybrid_per_day,
    "Lambda containers for all three (Whisper too)": lambda_only_per_day,
}


def per_minute(option: Callable[[float, Inputs], float], minutes_per_day: float, inputs: Inputs) -> float:
    serverless = sum(serverless_cost(inputs).values()) / inputs.media_minutes
    return option(minutes_per_day, inputs) / minutes_per_day + serverless


def break_even(
    a: Callable[[float, Inputs], float], b: Callable[[float, Inputs], float], inputs: Inputs
) -> float | None:
    """The daily volume (interview-minutes) from which `b` is cheaper than `a`, scanning 1..1e6."""
    previous = None
    volume = 1.0
    while volume <= 1e6:
        cheaper = b(volume, inputs) < a(volume, inputs)
        if previous is not None and cheaper != previous:
            return volume
        previous = cheaper
        volume *= 1.05
    return None


def idle_per_month(inputs: Inputs) -> dict[str, float]:
    """What the deployed stack costs with nobody practising (workers scaled to zero)."""
    p = inputs.prices
    keys = len(inputs.resources("AWS::KMS::Key"))
    dashboards = len(inputs.resources("AWS::CloudWatch::Dashboard"))
    alarms = len(inputs.resources("AWS::CloudWatch::Alarm"))
    acls = inputs.resources("AWS::WAFv2::WebACL")
    rules = sum(len(acl["Properties"].get("Rules", [])) for acl in acls)
    return {
        f"KMS keys ({keys})": keys * p["kms_key_month"],
        f"CloudWatch dashboards ({dashboards})": dashboards * p["cloudwatch_dashboard_month"],
        f"CloudWatch alarms ({alarms})": alarms * p["cloudwatch_alarm_month"],
        # The CloudFront web ACL (created where the stack's region is us-east-1, this table's region).
        f"WAF web ACLs ({len(acls)}, {rules} rules)": len(acls) * p["waf_web_acl_month"]
        + rules * p["waf_rule_month"],
        "S3 web app (~10 MB)": 0.01 * p["s3_storage_gb_month"],
    }
