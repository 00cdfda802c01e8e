"""The one moto patch: Lambda invocations run our handlers in-process (moto would start Docker).

The first test shows the bug the patch exists for; if a moto upgrade runs Lambda code without
Docker, it fails and the patch can go. The second shows the fix on the platform's own function.
"""

from __future__ import annotations

import json
import os
from typing import Any

import boto3
import pytest

from local_platform import moto_patches

pytestmark = pytest.mark.integration


def _invoke(name: str, payload: dict[str, Any]) -> dict[str, Any]:
    r = boto3.client("lambda").invoke(FunctionName=name, Payload=json.dumps(payload).encode())
    raw = r["Payload"].read().decode()
    try:
        body = json.loads(raw)
    except json.JSONDecodeError:
        body = raw
    return {"error": r.get("FunctionError"), "body": body}


def _finalize_check_function(platform: Any) -> str:
    return next(n for n, env in platform.aws.resources.function_env.items() if "FinalizeCheck" in n and env)


def test_without_the_patch_moto_cannot_run_the_handler(platform: Any) -> None:
    name = _finalize_check_function(platform)
    moto_patches.restore_lambda()
    try:
        result = _invoke(name, {"session_id": "nope", "attempt": 0})
    finally:
        moto_patches.route_lambda_to_handlers()
    # moto tries Docker and returns its error text instead of running our code
    assert "docker" in str(result["body"]).lower()


def test_with_the_patch_the_handler_runs_and_errors_keep_their_names(platform: Any, alice: Any) -> None:
    name = _finalize_check_function(platform)
    session = alice.create_session()
    ok = _invoke(name, {"session_id": session["session_id"], "attempt": 0})
    assert ok["error"] is None and ok["body"]["ready"] is True and ok["body"]["attempt"] == 1
    missing = _invoke(name, {"session_id": "does-not-exist", "attempt": 0})
    assert missing["error"] == "Handled" and missing["body"]["errorType"] == "SessionGoneError"
    assert os.environ["AWS_ENDPOINT_URL"].startswith("http://127.0.0.1")
