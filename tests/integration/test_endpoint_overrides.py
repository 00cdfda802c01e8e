"""`AWS_ENDPOINT_URL_<SERVICE>`: S3+KMS and DynamoDB can live in an external emulator.

Each case starts the local platform's embedded AWS in a child process (moto's state is per process)
with the override set, stores a report through the application's own code path
(`interview_core.container.get_services().store`, the client that Lambdas use), and then reads the
object back from the external endpoint. The stand-in emulator is a second, separate moto server
process; `AWS_ENDPOINT_URL_S3` + `AWS_ENDPOINT_URL_KMS` from the environment (e.g. LocalStack) are
exercised the same way when set, and skipped with the reason otherwise.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest

from local_platform.embedded_aws import EndpointConfigError, external_endpoints
from local_platform.moto_server import local_client

pytestmark = pytest.mark.integration

_CHILD = """
import json, boto3
from local_platform.embedded_aws import start_embedded_aws
aws = start_embedded_aws("http://127.0.0.1:9/live")
from interview_core.container import get_services
store = get_services().store
store.put_json("reports/override-check.json", {"ok": True}, retention_days=7)
embedded = boto3.client("s3", endpoint_url=aws.endpoint, region_name="us-east-1")
print(json.dumps({
    "bucket": aws.env["MEDIA_BUCKET"],
    "key_arn": aws.env["MEDIA_KMS_KEY_ARN"],
    "embedded_buckets": [b["Name"] for b in embedded.list_buckets()["Buckets"]],
}))
aws.stop()
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def standin_emulator() -> Iterator[str]:
    """A separate moto server process standing in for an external emulator (LocalStack, MinIO+KMS)."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def _run_platform_with(overrides: dict[str, str]) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ENDPOINT_URL")}
    env.update(overrides)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _assert_media_lives_at(endpoint: str, result: dict[str, Any]) -> None:
    s3 = local_client(endpoint, "s3")
    bucket = str(result["bucket"])
    head = s3.head_object(Bucket=bucket, Key="reports/override-check.json")
    assert head["ServerSideEncryption"] == "aws:kms"
    assert head["SSEKMSKeyId"] == result["key_arn"]
    assert bucket not in result["embedded_buckets"], "the media bucket must not also exist in moto"


def test_s3_and_kms_in_a_separate_emulator(standin_emulator: str) -> None:
    """Given AWS_ENDPOINT_URL_S3/KMS, then the bucket and key are created there and the app writes there."""
    result = _run_platform_with(
        {"AWS_ENDPOINT_URL_S3": standin_emulator, "AWS_ENDPOINT_URL_KMS": standin_emulator}
    )
    _assert_media_lives_at(standin_emulator, result)


def test_s3_and_kms_in_the_emulator_named_by_the_environment() -> None:
    """The same check against the tester's own emulator (e.g. LocalStack) when one is configured."""
    s3, kms = os.environ.get("AWS_ENDPOINT_URL_S3"), os.environ.get("AWS_ENDPOINT_URL_KMS")
    if not (s3 and kms):
        pytest.skip("set AWS_ENDPOINT_URL_S3 and AWS_ENDPOINT_URL_KMS to an external emulator to run this")
    result = _run_platform_with({"AWS_ENDPOINT_URL_S3": s3, "AWS_ENDPOINT_URL_KMS": kms})
    _assert_media_lives_at(s3, result)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"AWS_ENDPOINT_URL_S3": "http://x"}, "AWS_ENDPOINT_URL_S3 and AWS_ENDPOINT_URL_KMS together"),
        ({"AWS_ENDPOINT_URL_SFN": "http://x"}, "AWS_ENDPOINT_URL_SFN is not supported"),
        ({"AWS_ENDPOINT_URL_SQS": "http://x"}, "AWS_ENDPOINT_URL_SQS is not supported"),
    ],
)
def test_overrides_the_platform_cannot_honour_fail_clearly(environ: dict[str, str], message: str) -> None:
    with pytest.raises(EndpointConfigError, match=message):
        external_endpoints(environ)


def test_dynamodb_alone_and_no_overrides_are_fine() -> None:
    assert external_endpoints({"AWS_ENDPOINT_URL_DYNAMODB": "http://d"}) == {"dynamodb": "http://d"}
    assert external_endpoints({"AWS_ENDPOINT_URL": "http://moto"}) == {}
