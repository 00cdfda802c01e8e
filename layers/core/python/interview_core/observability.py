"""The one place that builds Powertools' Logger, Tracer and Metrics for every component."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit

SERVICE = "interview"
NAMESPACE = "InterviewPlatform"

logger = Logger(service=SERVICE)
tracer = Tracer(service=SERVICE)
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)

__all__ = ["MetricUnit", "logger", "metrics", "tracer"]
