"""Writes the machine-readable contracts that the web app's TypeScript types are generated from:
the REST API's OpenAPI document and JSON Schemas of the WebSocket messages and the report.

`tests/unit/test_contract_drift.py` fails when the committed files differ from the code.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "events" / "schemas"


def _openapi() -> dict[str, Any]:
    # The app reads settings lazily per request; building the document needs no AWS.
    from functions.api.app import create_app

    doc: dict[str, Any] = create_app().openapi()
    doc["info"]["version"] = "1"
    return doc


def contract_documents() -> dict[str, dict[str, Any]]:
    from interview_core.contracts import ws
    from interview_core.contracts.report import ProgressReport, Report

    return {
        "openapi.json": _openapi(),
        "ws_client.schema.json": ws.CLIENT_MESSAGE.json_schema(),
        "ws_server.schema.json": ws.SERVER_MESSAGE.json_schema(mode="serialization"),
        "report.schema.json": Report.model_json_schema(mode="serialization"),
        "progress.schema.json": ProgressReport.model_json_schema(mode="serialization"),
    }


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, sort_keys=True) + "\n"


def export(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, doc in contract_documents().items():
        path = out / name
        path.write_text(render(doc))
        written.append(path)
    return written


if __name__ == "__main__":
    os.environ.setdefault("POWERTOOLS_DEV", "0")
    for p in export():
        print(p.relative_to(ROOT))
