"""The custom EventBridge bus `interview-events` (e.g. `ReportReady` from the finalize pipeline)."""

from __future__ import annotations

from aws_cdk import aws_events as events
from constructs import Construct

EVENT_BUS_NAME = "interview-events"
EVENT_SOURCE = "interview.platform"


class InterviewEvents(Construct):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self.bus = events.EventBus(self, "Bus", event_bus_name=EVENT_BUS_NAME)
