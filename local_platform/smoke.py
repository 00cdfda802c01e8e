"""`interview smoke --url URL`: is a deployed stack (or the local platform) working end to end?

Signs up a throw-away user, streams the sample interview through the real REST, WebSocket, S3 and
Step Functions path (the demo's client), and checks the report against what the sample is known to
contain. Exits non-zero when a check fails.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from interview_core.contracts.report import Report
from local_platform.demo import SAMPLE, DemoResult, stream_recording

MIN_WORDS = 20  # the sample's answer has ~50 words; a broken transcription returns none or a few


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def check_result(result: DemoResult) -> list[Check]:
    failed = sorted(seq for seq, status in result.analyzed_status.items() if status != "analyzed")
    missing = sorted(set(range(result.segments)) - set(result.analyzed_status))
    checks = [
        Check(
            "every segment analysed",
            not failed and not missing,
            f"{result.segments} segments; failed {failed or 'none'}, never analysed {missing or 'none'}",
        )
    ]
    try:
        report = Report.model_validate(result.report)
    except ValidationError as e:
        return [*checks, Check("report matches its contract", False, str(e)[:300])]
    checks.append(Check("report matches its contract", True, f"schema version {report.schema_version}"))
    checks.append(
        Check(
            "report covers the whole recording",
            abs(report.duration_s - result.media_s) <= 1.0,
            f"{report.duration_s:.1f} s reported, {result.media_s:.1f} s streamed",
        )
    )
    words = len(report.transcript.words)
    checks.append(Check("speech transcribed", words >= MIN_WORDS, f"{words} words"))
    face = report.face_present_ratio
    checks.append(Check("face seen", face is not None and face > 0.5, f"face present {face}"))
    checks.append(
        Check("scores given", report.scores.overall is not None, f"overall {report.scores.overall}")
    )
    return checks


def run_smoke(
    base_url: str, ws_url: str | None = None, timeout_s: float = 600.0, user_pool_id: str | None = None
) -> tuple[DemoResult, list[Check]]:
    result = stream_recording(base_url, SAMPLE, timeout_s=timeout_s, ws_url=ws_url, user_pool_id=user_pool_id)
    return result, check_result(result)
