"""The cost model: arithmetic on the dated price table and the counts of a real local run."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from infra_cdk.cost import model

pytestmark = pytest.mark.unit

TEMPLATE: dict[str, Any] = {
    "Resources": {
        "Key": {"Type": "AWS::KMS::Key", "Properties": {}},
        "Dash": {"Type": "AWS::CloudWatch::Dashboard", "Properties": {}},
        "A1": {"Type": "AWS::CloudWatch::Alarm", "Properties": {}},
        "A2": {"Type": "AWS::CloudWatch::Alarm", "Properties": {}},
        "Acl": {"Type": "AWS::WAFv2::WebACL", "Properties": {"Rules": [{"Name": "rate"}, {"Name": "aws"}]}},
        "Fn": {
            "Type": "AWS::Lambda::Function",
            "Properties": {"MemorySize": 1024},
            "Metadata": {"aws:cdk:path": "InterviewPlatform/Functions/BuildReport/Resource"},
        },
    }
}


@pytest.fixture
def inputs() -> model.Inputs:
    return model.Inputs(
        prices=model.load("prices.json"),
        measured=model.load("measured.json"),
        assumptions=model.load("assumptions.json"),
        template=TEMPLATE,
    )


def test_the_committed_counts_come_from_a_real_run(inputs: model.Inputs) -> None:
    m = inputs.measured
    assert m["media_seconds"] > 0 and m["segments"] > 0
    chunk = m["state_machines"]["chunk-analysis"]
    assert chunk["executions"] == m["segments"], "one chunk-analysis execution per segment"
    assert chunk["transitions"] >= 3 * chunk["executions"]  # Parallel, two worker tasks, Record
    assert inputs.prices["as_of"] and inputs.prices["sources"]


def test_state_transitions_are_charged_per_transition(inputs: model.Inputs) -> None:
    doubled = copy.deepcopy(inputs.measured)
    for stats in doubled["state_machines"].values():
        stats["transitions"] *= 2
    before = model.serverless_cost(inputs)["Step Functions transitions"]
    after = model.serverless_cost(model.Inputs(inputs.prices, doubled, inputs.assumptions, TEMPLATE))
    assert after["Step Functions transitions"] == pytest.approx(2 * before)
    transitions = sum(s["transitions"] for s in inputs.measured["state_machines"].values())
    assert before == pytest.approx(transitions * 0.000025)


def test_capacity_is_cheaper_per_minute_at_volume(inputs: model.Inputs) -> None:
    """Given scale-from-zero floors, then a busier day costs less per minute on ECS options."""
    for option in (model.gpu_ecs_per_day, model.fargate_per_day):
        assert model.per_minute(option, 10_000, inputs) < model.per_minute(option, 100, inputs)


def test_break_even_finds_the_crossing() -> None:
    def fixed(volume: float, _inputs: Any) -> float:
        return 10.0  # $10 a day whatever the volume

    def linear(volume: float, _inputs: Any) -> float:
        return 0.01 * volume  # one cent per minute

    crossing = model.break_even(linear, fixed, None)  # type: ignore[arg-type]
    assert crossing is not None and 1000 <= crossing <= 1000 * 1.05


def test_idle_cost_counts_what_the_template_holds(inputs: model.Inputs) -> None:
    idle = model.idle_per_month(inputs)
    assert idle["KMS keys (1)"] == 1.0
    assert idle["CloudWatch dashboards (1)"] == 3.0
    assert idle["CloudWatch alarms (2)"] == pytest.approx(0.2)
    assert idle["WAF web ACLs (1, 2 rules)"] == pytest.approx(7.0)
