"""Every sample in events/ validates against the one schema in code for its boundary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter

from interview_core.contracts import analytics, api, practice, report, sharing, speech, vision, ws
from interview_core.contracts.worker import RecordingTask, SegmentTask, StoredRecording, WindowTask

pytestmark = pytest.mark.unit
EVENTS = Path(__file__).resolve().parents[2] / "events"

SCHEMAS: dict[str, Any] = {
    "api/signup_request.json": api.SignupRequest,
    "api/token_response.json": api.TokenResponse,
    "api/create_session_request*.json": api.CreateSessionRequest,
    "api/calibration*request.json": TypeAdapter(api.CalibrationIn),
    "api/practice_text_request.json": api.PracticeTextRequest,
    "api/practice_text_response.json": practice.PracticeReport,
    "api/session.json": api.SessionOut,
    "api/rating_request.json": analytics.RatingIn,
    "api/admin_analytics.json": analytics.AdminAnalytics,
    "api/share_request.json": sharing.ShareIn,
    "api/share.json": sharing.Share,
    "api/shared_sessions.json": sharing.SharedSessionList,
    "api/comment_request.json": sharing.CommentIn,
    "api/comment.json": sharing.Comment,
    "api/display_name_request.json": api.DisplayNameIn,
    "api/user_me.json": api.UserMe,
    "api/error.json": api.ErrorResponse,
    "ws/client/*.json": ws.CLIENT_MESSAGE,
    "ws/server/*.json": ws.SERVER_MESSAGE,
    "workers/segment_task.json": SegmentTask,
    "workers/window_task.json": WindowTask,
    "workers/recording_task.json": RecordingTask,
    "workers/stored_recording.json": StoredRecording,
    "vision/*summary.json": vision.VisionSummary,
    "speech/segment_summary*.json": speech.SpeechSegmentSummary,
    "speech/window_transcript*.json": speech.WindowTranscript,
    "report/report.json": report.Report,
}


def _validate(schema: Any, data: Any) -> None:
    if isinstance(schema, type) and issubclass(schema, BaseModel):
        schema.model_validate(data)
    else:
        schema.validate_python(data)


@pytest.mark.parametrize("pattern", sorted(SCHEMAS))
def test_samples_validate(pattern: str) -> None:
    files = sorted(EVENTS.glob(pattern))
    assert files, f"no sample for {pattern}"
    for path in files:
        _validate(SCHEMAS[pattern], json.loads(path.read_text()))


def test_every_sample_has_a_schema() -> None:
    covered = {p for pattern in SCHEMAS for p in EVENTS.glob(pattern)}
    samples = {
        p for p in EVENTS.rglob("*.json") if "schemas" not in p.parts and p.name != "segment_timeline.json"
    }
    assert samples - covered == set()
