"""What a person running the platform sees, and where everything else goes.

The console shows the URL, one line per session event and where the logs are. The events are read
from the messages the local gateway delivers to clients (what a candidate sees), so nothing in the
functions is written for the console. Everything else goes to files in the log directory:
`functions.log` (the Lambda handlers' JSON lines, each with its own function's context),
`platform.log` (the embedded AWS and libraries, including the Step Functions interpreter's dump of
every caught task failure) and `worker-KIND.log` (each worker process).
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from pathlib import Path
from typing import TextIO

from interview_core.observability import logger as functions_logger

FUNCTIONS_LOG = "functions.log"
PLATFORM_LOG = "platform.log"


def send_logs_to_files(log_dir: Path) -> None:
    """Everything logged in this process goes to files; the terminal keeps the console's lines."""
    log_dir.mkdir(parents=True, exist_ok=True)
    platform = logging.FileHandler(log_dir / PLATFORM_LOG)
    platform.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers = [platform]
    root.setLevel(logging.INFO)
    logging.captureWarnings(True)
    functions = open(log_dir / FUNCTIONS_LOG, "a", buffering=1)  # noqa: SIM115 - open while serving
    handler = functions_logger.registered_handler
    if isinstance(handler, logging.StreamHandler):
        handler.setStream(functions)


class SessionConsole:
    """One readable line per session event: started, segment analysed (with its latency from the
    upload's acceptance), nudge, report ready, and errors with their code."""

    def __init__(self, out: TextIO = sys.stdout) -> None:
        self.out = out
        self._lock = threading.Lock()
        self._session_of: dict[str, str] = {}  # connection id -> session id
        self._accepted_at: dict[tuple[str, int], float] = {}

    def __call__(self, connection_id: str, data: str) -> None:
        try:
            msg = json.loads(data)
        except ValueError:
            return
        with self._lock:
            line = self._describe(connection_id, msg)
        if line:
            print(f"{time.strftime('%H:%M:%S')}  {line}", file=self.out, flush=True)

    def _describe(self, connection_id: str, msg: dict[str, object]) -> str | None:
        kind = msg.get("type")
        if kind == "session.started":
            self._session_of[connection_id] = str(msg["session_id"])
            return f"session {msg['session_id']} started (answer {msg['answer_index']})"
        session = self._session_of.get(connection_id, "?")
        seq = msg.get("seq")
        if kind == "chunk.accepted" and isinstance(seq, int) and not msg.get("duplicate"):
            self._accepted_at[(session, seq)] = time.monotonic()
            return None
        if kind == "chunk.analyzed" and isinstance(seq, int):
            accepted = self._accepted_at.pop((session, seq), None)
            took = f" in {time.monotonic() - accepted:.2f} s" if accepted is not None else ""
            errors = msg.get("errors") or {}
            failed = f" with errors {errors}" if errors else ""
            return f"session {session} segment {seq} {msg['status']}{took}{failed}"
        if kind == "nudge":
            return f"session {session} nudge {msg['kind']}: {msg['message']}"
        if kind == "question.started":
            return f"session {session} question {msg['index']}"
        if kind == "report.ready":
            return f"session {msg['session_id']} report ready"
        if kind == "error":
            where = f" (segment {seq})" if seq is not None else ""
            return f"session {session} error {msg['code']}{where}: {msg['message']}"
        return None
