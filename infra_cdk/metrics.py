"""CloudWatch metric objects for the dashboard and alarms, built from `interview_core.metric_names`.

The names themselves live in the Lambda layer (`interview_core/metric_names.py`) so that the code
that emits them (pipeline handlers, the workers) and this reader share one list; import names from
there, not from here (the worker images do not ship `infra_cdk/`).
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cw

from interview_core import metric_names as names

PERIOD = Duration.minutes(1)
WORKER_KINDS: tuple[str, ...] = ("vision", "speech", "transcribe")


def platform_metric(
    name: str, *, statistic: str = "Sum", label: str | None = None, **dimensions: str
) -> cw.Metric:
    """A metric in the platform namespace with the Powertools `service` dimension plus `dimensions`."""
    return cw.Metric(
        namespace=names.NAMESPACE,
        metric_name=name,
        dimensions_map={"service": names.SERVICE, **dimensions},
        statistic=statistic,
        period=PERIOD,
        label=label,
    )


def model_latency_search(kind: str, statistic: str = "p95") -> cw.MathExpression:
    """Every stage a worker kind reports, one line each (stages are the workers' to name)."""
    schema = f"{{{names.NAMESPACE},service,{names.DIMENSION_KIND},{names.DIMENSION_STAGE}}}"
    query = (
        f'SEARCH(\'{schema} MetricName="{names.MODEL_LATENCY}" '
        f"{names.DIMENSION_KIND}=\"{kind}\"', '{statistic}', 60)"
    )
    return cw.MathExpression(expression=query, label="", period=PERIOD)
