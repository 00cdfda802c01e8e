"""The ASL CDK synthesizes (and the embedded AWS runs unchanged)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.infrastructure

WAIT_FOR_SQS = "arn:TOKEN:states:::sqs:sendMessage.waitForTaskToken"
WORKER_ERRORS = ["WorkerCrashedError"]  # waiting for capacity is not a failure to retry
MOTO_SUPPORTED = {"Pass", "Parallel", "Task", "Choice", "Wait"}

Definition = Callable[[str], dict[str, Any]]


def _assert_worker_task(state: dict[str, Any], kind: str) -> None:
    assert state["Type"] == "Task"
    assert state["Resource"] == WAIT_FOR_SQS
    # The heartbeat clock starts when the task is queued: it is the pick-up deadline, sized for a cold
    # start (instance boot, image pull, model load), and the timeout adds the model work to it.
    assert state["HeartbeatSeconds"] == 15 * 60
    assert state["TimeoutSeconds"] == 25 * 60
    assert state["Parameters"]["MessageBody"]["task_token.$"] == "$$.Task.Token"
    assert state["Parameters"]["MessageBody"]["kind"] == kind
    (retry,) = state["Retry"]
    assert retry == {"ErrorEquals": WORKER_ERRORS, "MaxAttempts": 2, "IntervalSeconds": 2, "BackoffRate": 2}
    (catch,) = state["Catch"]
    assert catch["ErrorEquals"] == ["States.ALL"]


def _all_states(definition: dict[str, Any]) -> list[dict[str, Any]]:
    states = list(definition["States"].values())
    for state in list(states):
        for branch in state.get("Branches", []):
            states.extend(_all_states(branch))
    return states


@pytest.mark.parametrize("name", ["chunk-analysis", "window-transcription", "finalize"])
def test_definition_parses_and_uses_only_supported_states(
    state_machine_definition: Definition, name: str
) -> None:
    definition = state_machine_definition(name)
    assert {state["Type"] for state in _all_states(definition)} <= MOTO_SUPPORTED
    for state in _all_states(definition):
        assert not isinstance(state.get("Parameters"), str), "Parameters must be an object"


def test_chunk_analysis_fans_out_to_vision_and_speech(state_machine_definition: Definition) -> None:
    """Given a chunk, then a Parallel hands it to both workers and Record stores the results."""
    definition = state_machine_definition("chunk-analysis")
    assert definition["StartAt"] == "Analyse"
    analyse = definition["States"]["Analyse"]
    assert analyse["Type"] == "Parallel"
    assert analyse["ResultPath"] == "$.results"
    assert analyse["Next"] == "Record"
    branches = {branch["StartAt"]: branch for branch in analyse["Branches"]}
    assert set(branches) == {"Vision", "Speech"}
    for name, kind in (("Vision", "vision"), ("Speech", "speech")):
        states = branches[name]["States"]
        _assert_worker_task(states[name], kind)
        body = states[name]["Parameters"]["MessageBody"]
        assert body["segment.$"] == "$.segment" and body["answer_index.$"] == "$.answer_index"
        failed = states[states[name]["Catch"][0]["Next"]]
        assert failed["Type"] == "Pass"
        assert failed["Parameters"] == {"failed": True, "error.$": "$.Error", "cause.$": "$.Cause"}
    record = definition["States"]["Record"]
    assert record["Type"] == "Task" and record["End"] is True
    assert "Parameters" not in record, "the whole state is the payload"
    assert any("Lambda.ServiceException" in r["ErrorEquals"] for r in record["Retry"])


def test_window_transcription(state_machine_definition: Definition) -> None:
    definition = state_machine_definition("window-transcription")
    transcribe = definition["States"][definition["StartAt"]]
    _assert_worker_task(transcribe, "transcribe")
    assert transcribe["ResultPath"] == "$.result"
    assert transcribe["Parameters"]["MessageBody"]["segments.$"] == "$.segments"
    assert transcribe["Catch"][0]["ResultPath"] == "$.result"
    failed = definition["States"][transcribe["Catch"][0]["Next"]]
    assert failed["Parameters"]["failed"] is True and failed["ResultPath"] == "$.result"
    assert failed["Next"] == transcribe["Next"] == "RecordWindow"


def test_finalize_loops_until_ready_then_announces(state_machine_definition: Definition) -> None:
    states = state_machine_definition("finalize")["States"]
    assert states["Check"]["ResultPath"] == "$.check"
    ready = states[states["Check"]["Next"]]
    assert ready["Type"] == "Choice"
    assert ready["Choices"] == [{"Variable": "$.check.ready", "BooleanEquals": True, "Next": "BuildReport"}]
    wait = states[ready["Default"]]
    assert wait["Type"] == "Wait" and wait["Seconds"] == 1
    again = states[wait["Next"]]
    assert (
        again["Type"] == "Pass"
        and again["InputPath"] == "$.check.attempt"
        and again["ResultPath"] == "$.attempt"
    )
    assert again["Next"] == "Check"
    assert states["BuildReport"]["ResultPath"] == "$.report"
    announce = states[states["BuildReport"]["Next"]]
    assert announce["Resource"] == "arn:TOKEN:states:::events:putEvents"
    (entry,) = announce["Parameters"]["Entries"]
    assert entry["Source"] == "interview.platform" and entry["DetailType"] == "ReportReady"
    assert entry["Detail"] == {
        "session_id.$": "$.session_id",
        "report_key.$": "$.report.report_key",
        "owner_id.$": "$.report.owner_id",
    }


def test_finalize_joins_the_recording_after_the_report_when_there_is_media(
    state_machine_definition: Definition,
) -> None:
    states = state_machine_definition("finalize")["States"]
    recorded = states[states[states["BuildReport"]["Next"]]["Next"]]
    assert recorded["Type"] == "Choice"
    assert recorded["Choices"] == [
        {"Variable": "$.report.has_media", "BooleanEquals": True, "Next": "JoinRecording"}
    ]
    assert states[recorded["Default"]] == {"Type": "Pass", "End": True}
    join = states["JoinRecording"]
    _assert_worker_task(join, "recording")
    body = join["Parameters"]["MessageBody"]
    assert body["segments.$"] == "$.report.segments" and body["bucket.$"] == "$.report.bucket"
    assert join["ResultPath"] == "$.recording" and join["End"] is True
    # A failed join is recorded and ends the execution: the segments stay, replay falls back to them.
    failed = states[join["Catch"][0]["Next"]]
    assert join["Catch"][0]["ResultPath"] == failed["ResultPath"] == "$.recording"
    assert failed["Parameters"]["failed"] is True and failed["End"] is True


def test_state_machines_are_standard_logged_and_traced(synthesized: Any) -> None:
    machines = synthesized.resources("AWS::StepFunctions::StateMachine")
    assert len(machines) == 3
    for machine in machines.values():
        props = machine["Properties"]
        assert props["StateMachineType"] == "STANDARD"
        assert props["TracingConfiguration"] == {"Enabled": True}
        assert props["LoggingConfiguration"]["Level"] == "ALL"


def test_event_bus(synthesized: Any) -> None:
    synthesized.template.has_resource_properties("AWS::Events::EventBus", {"Name": "interview-events"})
