"""The content image's functions in the embedded AWS: provisioned from the template as image functions,
invoked through their image's CMD (local_platform/provision.py, moto_patches.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config

from interview_core.contracts.practice import PracticeReport
from local_platform.client import ApiClient

pytestmark = pytest.mark.integration
ANSWER: str = json.loads(
    (Path(__file__).resolve().parents[2] / "events" / "api" / "practice_text_request.json").read_text()
)["text"]
CONTENT_FUNCTIONS = {"BuildReport": "pipeline.build_report.handler", "Practice": "api.handler.handler"}


def _lambda() -> Any:
    # The first typed answer of a process loads the content model: slow on a busy machine.
    return boto3.client("lambda", config=Config(read_timeout=180, retries={"max_attempts": 0}))


def _name(platform: Any, construct_id: str) -> str:
    (name,) = [n for n in platform.aws.resources.function_env if n.startswith(f"Functions{construct_id}")]
    return name


def _invoke(name: str, event: dict[str, Any]) -> tuple[str | None, Any]:
    r = _lambda().invoke(FunctionName=name, Payload=json.dumps(event).encode())
    return r.get("FunctionError"), json.loads(r["Payload"].read())


def _http_api_event(method: str, path: str, token: str | None, body: dict[str, Any]) -> dict[str, Any]:
    """An HTTP API (payload 2.0) request as API Gateway hands it to the route's function."""
    return {
        "version": "2.0",
        "routeKey": f"{method} {path}",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {
            "content-type": "application/json",
            **({"authorization": f"Bearer {token}"} if token else {}),
        },
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "local",
            "domainName": "localhost",
            "requestId": "content-function-test",
            "routeKey": f"{method} {path}",
            "stage": "$default",
            "timeEpoch": 0,
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "127.0.0.1",
                "userAgent": "pytest",
            },
        },
        "body": json.dumps(body),
        "isBase64Encoded": False,
    }


@pytest.mark.parametrize(("construct_id", "handler"), CONTENT_FUNCTIONS.items())
def test_content_functions_are_provisioned_as_image_functions(
    platform: Any, construct_id: str, handler: str
) -> None:
    config = _lambda().get_function(FunctionName=_name(platform, construct_id))["Configuration"]
    assert config["PackageType"] == "Image"
    assert config["ImageConfigResponse"]["ImageConfig"]["Command"] == [handler]
    assert config["MemorySize"] == 1769
    assert config["Environment"]["Variables"]["OPENBLAS_NUM_THREADS"] == "1"


def test_practice_function_runs_the_rest_app_from_its_cmd(platform: Any, alice: ApiClient) -> None:
    """Given a typed answer routed to the practice function, then its CMD's app returns the content report."""
    event = _http_api_event(
        "POST", "/v1/practice/text", alice.access_token, {"question_id": "gen-conflict", "text": ANSWER}
    )
    error, response = _invoke(_name(platform, "Practice"), event)
    assert error is None and response["statusCode"] == 200, response
    (answer,) = PracticeReport.model_validate_json(response["body"]).answers
    assert answer.question_id == "gen-conflict" and len(answer.talking_points) == 4


def test_practice_function_refuses_an_anonymous_caller(platform: Any) -> None:
    event = _http_api_event(
        "POST", "/v1/practice/text", None, {"question_id": "gen-conflict", "text": ANSWER}
    )
    error, response = _invoke(_name(platform, "Practice"), event)
    assert error is None and response["statusCode"] == 401, response
    assert json.loads(response["body"])["error"]["code"] == "unauthenticated"


def test_report_function_runs_its_cmd_and_names_its_errors(platform: Any) -> None:
    """Given a session that does not exist, then BuildReport's handler (the image's CMD) raises its named
    error, which the finalize state machine's Catch acts on."""
    error, response = _invoke(_name(platform, "BuildReport"), {"session_id": "no-such-session"})
    assert error == "Handled" and response["errorType"] == "SessionGoneError"
