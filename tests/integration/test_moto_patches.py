"""The moto patches: Lambda invocations run our handlers in-process (moto would start Docker), and
Cognito confirms a sign-up only with the code it sent to the local mailbox (moto takes any code).

For each, the first test shows the bug the patch exists for; if a moto upgrade fixes it, it fails
and the patch can go. The second shows the fix.
"""

from __future__ import annotations

import json
import os
import uuid
from typing import Any

import boto3
import pytest

from local_platform import moto_patches
from local_platform.mailbox import MAILBOX

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


def _cognito_sign_up(platform: Any) -> tuple[Any, str, str]:
    idp = boto3.client("cognito-idp")
    client_id, email = platform.aws.env["USER_POOL_CLIENT_ID"], f"code-{uuid.uuid4().hex[:8]}@example.com"
    idp.sign_up(ClientId=client_id, Username=email, Password="Practice-Makes-1")
    return idp, client_id, email


def test_without_the_patch_moto_confirms_with_any_code(platform: Any) -> None:
    moto_patches.restore_cognito()
    try:
        idp, client_id, email = _cognito_sign_up(platform)
        idp.confirm_sign_up(ClientId=client_id, Username=email, ConfirmationCode="000000")
    finally:
        moto_patches.deliver_confirmation_codes()
    user = idp.admin_get_user(UserPoolId=platform.aws.env["USER_POOL_ID"], Username=email)
    assert user["UserStatus"] == "CONFIRMED"


def test_with_the_patch_only_the_mailed_code_confirms(platform: Any) -> None:
    idp, client_id, email = _cognito_sign_up(platform)
    (mail,) = MAILBOX.read(email)
    wrong = f"{(int(mail['code']) + 1) % 1_000_000:06d}"
    with pytest.raises(idp.exceptions.CodeMismatchException):
        idp.confirm_sign_up(ClientId=client_id, Username=email, ConfirmationCode=wrong)
    idp.confirm_sign_up(ClientId=client_id, Username=email, ConfirmationCode=mail["code"])
    with pytest.raises(idp.exceptions.NotAuthorizedException):
        idp.confirm_sign_up(ClientId=client_id, Username=email, ConfirmationCode=mail["code"])
