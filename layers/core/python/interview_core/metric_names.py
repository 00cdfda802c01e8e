"""The custom metrics the platform emits (namespace `InterviewPlatform`) and the dashboard reads.

One list of names for both sides: Lambda handlers and workers emit them through Powertools
(`interview_core.observability.metrics`, EMF on stdout), and the CDK app's dashboard and alarms
(`infra_cdk/metrics.py`) read them. Lives in the layer so the worker images (which ship `layers/`
but not `infra_cdk/`) can import it too.

Powertools adds the `service` dimension (`SERVICE`) to every metric it flushes; the dimensions
named below come on top of it, and a reader (alarm, dashboard) must ask for exactly that set, so
workers emit with `service=SERVICE` too.
"""

from __future__ import annotations

from interview_core.observability import NAMESPACE, SERVICE

# Pipeline (Lambda): one data point per segment / report.
SEGMENTS_ANALYZED = "SegmentsAnalyzed"
SEGMENTS_FAILED = "SegmentsFailed"
REPORTS_BUILT = "ReportsBuilt"
CHUNK_LATENCY = "ChunkLatency"  # seconds from `chunk.uploaded` accepted to the analysis recorded
END_TO_REPORT = "EndToReport"  # seconds from `session.end` to the report stored
# Workers: model latency per stage, and errors by code.
MODEL_LATENCY = "ModelLatency"  # milliseconds, dimensions Kind and Stage
WORKER_ERRORS = "WorkerErrors"  # count, dimension Kind (the error's code goes in the log line)

DIMENSION_KIND = "Kind"  # vision | speech | transcribe
DIMENSION_STAGE = "Stage"  # e.g. face_mesh, vad, asr

__all__ = [
    "CHUNK_LATENCY",
    "DIMENSION_KIND",
    "DIMENSION_STAGE",
    "END_TO_REPORT",
    "MODEL_LATENCY",
    "NAMESPACE",
    "REPORTS_BUILT",
    "SEGMENTS_ANALYZED",
    "SEGMENTS_FAILED",
    "SERVICE",
    "WORKER_ERRORS",
]
