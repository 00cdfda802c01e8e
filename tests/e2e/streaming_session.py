"""A candidate streaming a session through the real path, and what the platform still holds of it.

Shared by the e2e modules (pytest puts this folder on sys.path; conftest modules cannot be imported).
"""

from __future__ import annotations

import os
import time
from typing import Any

import boto3
from web_tokens import api_user

from local_platform.client import ApiClient, LiveConnection, send_segment
from local_platform.segments import Segment

STATE_MACHINES = ("CHUNK_STATE_MACHINE_ARN", "WINDOW_STATE_MACHINE_ARN", "FINALIZE_STATE_MACHINE_ARN")


def new_user(platform: Any) -> ApiClient:
    return api_user(platform.url).api


class Live:
    """One candidate with a session and a live connection."""

    def __init__(self, platform: Any, api: ApiClient | None = None, retention_days: int = 30) -> None:
        self.platform = platform
        self.api = api or new_user(platform)
        self.sid: str = self.api.create_session(retention_days=retention_days)["session_id"]
        self.conn = self.connect()
        self.conn.send("session.start", session_id=self.sid)
        assert (
            self.conn.wait_for(lambda m: m["type"] in ("session.started", "error"))["type"]
            == "session.started"
        )

    def connect(self) -> LiveConnection:
        return LiveConnection.open(self.platform.ws_url, self.api.access_token or "")

    def send(self, seq: int, seg: Segment, data: bytes | None = None) -> dict[str, Any]:
        send_segment(
            self.conn,
            self.sid,
            seq,
            data if data is not None else seg.path.read_bytes(),
            "video/webm",
            seg.offset_s,
        )
        return self.conn.wait_for(lambda m: m.get("seq") == seq and m["type"] in ("chunk.accepted", "error"))

    def analyzed(self, seqs: set[int], timeout: float = 180) -> dict[int, dict[str, Any]]:
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = {m["seq"]: m for _, m in list(self.conn.seen) if m["type"] == "chunk.analyzed"}
            if seqs <= set(found):
                return found
            time.sleep(0.2)
        raise TimeoutError(f"not analysed: {seqs - set(found)}")

    def end(self, timeout: float = 180) -> dict[str, Any]:
        self.conn.send("session.end", session_id=self.sid)
        self.conn.wait_for(lambda m: m["type"] == "report.ready", timeout=timeout)
        r = self.api.report(self.sid)
        assert r.status_code == 200, r.text
        report: dict[str, Any] = r.json()
        return report

    def recording(self, timeout: float = 120) -> dict[str, Any]:
        """The joined recording once finalize has stored it (its segments are then gone)."""
        deadline = time.time() + timeout
        while True:
            media: dict[str, Any] = self.api.request("GET", f"/sessions/{self.sid}/media").json()
            if media["recording"] is not None:
                return dict(media["recording"])
            if time.time() > deadline:
                raise TimeoutError(f"no recording joined for {self.sid}")
            time.sleep(0.5)


def executions(prefix: str, machine: str = "CHUNK_STATE_MACHINE_ARN") -> list[dict[str, Any]]:
    sfn = boto3.client("stepfunctions")
    arn = os.environ[machine]
    return [e for e in sfn.list_executions(stateMachineArn=arn)["executions"] if e["name"].startswith(prefix)]


def wait_until_settled(session_id: str, timeout: float = 180) -> None:
    """Until no execution of the session runs any more (every in-flight step has finished)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        running = [e for m in STATE_MACHINES for e in executions(session_id, m) if e["status"] == "RUNNING"]
        if not running:
            return
        time.sleep(0.5)
    raise TimeoutError(f"still running: {[e['name'] for e in running]}")


def leftovers(session_id: str) -> dict[str, list[Any]]:
    """Everything the platform still stores about a session: objects under its prefix, items in tables."""
    s3, ddb = boto3.client("s3"), boto3.client("dynamodb")
    objects = s3.list_objects_v2(Bucket=os.environ["MEDIA_BUCKET"], Prefix=f"sessions/{session_id}/")
    found: dict[str, list[Any]] = {"objects": [o["Key"] for o in objects.get("Contents", [])]}
    for table in ("SESSIONS_TABLE", "CHUNKS_TABLE", "REPORTS_TABLE", "CONNECTIONS_TABLE"):
        items = ddb.scan(
            TableName=os.environ[table],
            FilterExpression="session_id = :s",
            ExpressionAttributeValues={":s": {"S": session_id}},
        )["Items"]
        found[table] = items
    return found
