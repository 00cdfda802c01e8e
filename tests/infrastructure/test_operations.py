"""Operations: a dashboard, alarms on what needs a person, one SNS topic whose e-mail is a parameter."""

from __future__ import annotations

import json
from typing import Any

import pytest

from infra_cdk.constructs.analysis import QUEUE_KINDS, STATE_MACHINES
from infra_cdk.metrics import WORKER_KINDS
from interview_core import metric_names as names

pytestmark = pytest.mark.infrastructure


def _alarms(synthesized: Any) -> list[dict[str, Any]]:
    return [r["Properties"] for r in synthesized.resources("AWS::CloudWatch::Alarm").values()]


def _paging(synthesized: Any) -> list[dict[str, Any]]:
    (topic,) = synthesized.resources("AWS::SNS::Topic")
    return [a for a in _alarms(synthesized) if {"Ref": topic} in a.get("AlarmActions", [])]


def _metric_names(alarm: dict[str, Any]) -> set[str]:
    if "MetricName" in alarm:
        return {alarm["MetricName"]}
    return {q["MetricStat"]["Metric"]["MetricName"] for q in alarm.get("Metrics", []) if "MetricStat" in q}


def _dashboard_body(synthesized: Any) -> dict[str, Any]:
    (dashboard,) = synthesized.resources("AWS::CloudWatch::Dashboard").values()
    parts = dashboard["Properties"]["DashboardBody"]["Fn::Join"][1]
    body: dict[str, Any] = json.loads("".join(p if isinstance(p, str) else "TOKEN" for p in parts))
    return body


def test_topic_is_encrypted_and_its_email_is_a_parameter(synthesized: Any) -> None:
    """Given the AlarmEmail parameter, then an e-mail subscription exists only when it is not empty."""
    template = synthesized.stack_template
    parameter = template["Parameters"]["AlarmEmail"]
    assert parameter["Type"] == "String" and parameter["Default"] == ""
    (topic,) = synthesized.resources("AWS::SNS::Topic").values()
    assert "KmsMasterKeyId" in topic["Properties"]
    (subscription,) = synthesized.resources("AWS::SNS::Subscription").values()
    assert subscription["Properties"]["Protocol"] == "email"
    assert subscription["Properties"]["Endpoint"] == {"Ref": "AlarmEmail"}
    condition = template["Conditions"][subscription["Condition"]]
    assert "Fn::Not" in condition
    # CloudWatch may use the key, or it could not publish to the encrypted topic.
    (key,) = synthesized.resources("AWS::KMS::Key").values()
    principals = [s.get("Principal", {}) for s in key["Properties"]["KeyPolicy"]["Statement"]]
    assert {"Service": "cloudwatch.amazonaws.com"} in principals


def test_every_dead_letter_queue_pages(synthesized: Any) -> None:
    paging = [a for a in _paging(synthesized) if a.get("MetricName") == "ApproximateNumberOfMessagesVisible"]
    assert len(paging) == len(QUEUE_KINDS)
    dlqs = {synthesized.logical_id("AWS::SQS::Queue", f"Queues/{k.title()}Dlq/") for k in QUEUE_KINDS}
    paged = {d["Value"]["Fn::GetAtt"][0] for a in paging for d in a["Dimensions"]}
    assert paged == dlqs
    assert all(a["Threshold"] == 1 for a in paging)


def test_failed_executions_page_for_every_state_machine(synthesized: Any) -> None:
    failing = [a for a in _paging(synthesized) if "ExecutionsFailed" in _metric_names(a)]
    assert len(failing) == len(STATE_MACHINES)
    for alarm in failing:
        assert {"ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted"} <= _metric_names(alarm)


def test_end_to_report_p95_and_api_5xx_rate_and_worker_errors_page(synthesized: Any) -> None:
    paging = _paging(synthesized)
    (slow,) = [a for a in paging if a.get("MetricName") == names.END_TO_REPORT]
    assert slow["ExtendedStatistic"] == "p95" and slow["Namespace"] == names.NAMESPACE
    (rate,) = [a for a in paging if "5xx" in _metric_names(a)]
    assert "Count" in _metric_names(rate)
    workers = [a for a in paging if a.get("MetricName") == names.WORKER_ERRORS]
    assert sorted(d["Value"] for a in workers for d in a["Dimensions"] if d["Name"] == "Kind") == sorted(
        WORKER_KINDS
    )


def test_paging_alarms_also_say_when_they_recover(synthesized: Any) -> None:
    for alarm in _paging(synthesized):
        assert alarm["OKActions"] == alarm["AlarmActions"]
        assert alarm["TreatMissingData"] == "notBreaching"


def test_scaling_alarms_do_not_page(synthesized: Any) -> None:
    """Given the queue-depth scaling alarms, then they act on scaling policies, not on the pager."""
    paging = _paging(synthesized)
    scaling = [a for a in _alarms(synthesized) if a not in paging]
    policies = set(synthesized.resources("AWS::ApplicationAutoScaling::ScalingPolicy"))
    assert scaling, "the worker services scale on queue depth"
    for alarm in scaling:
        assert {action["Ref"] for action in alarm["AlarmActions"]} <= policies


def test_dashboard_shows_the_platform(synthesized: Any) -> None:
    widgets = _dashboard_body(synthesized)["widgets"]
    text = json.dumps(widgets)
    titles = [w["properties"].get("title", "") for w in widgets]
    for expected in (
        "Live sessions",
        "Segments per minute",
        "Chunk latency",
        "End to report",
        "Queue depth",
        "Dead-letter depth",
        "Executions failed",
        "REST 4xx / 5xx",
        "Throttles",
    ):
        assert any(t.startswith(expected) for t in titles), expected
    for kind in WORKER_KINDS:
        assert any(t.endswith(f": {kind}") and "Model latency" in t for t in titles)
    for metric in (names.CHUNK_LATENCY, names.END_TO_REPORT, names.MODEL_LATENCY, names.SEGMENTS_ANALYZED):
        assert metric in text
    assert '"p95"' in text and '"p50"' in text
