"""The embedded AWS: one in-process moto server with the resources of the CDK app.

Everything that talks to AWS (Lambda handlers, the API, workers in other processes) reaches it
through `AWS_ENDPOINT_URL`, exactly as it would reach AWS with the variable unset. A tester may point
some services at an external emulator with the standard `AWS_ENDPOINT_URL_<SERVICE>` variables; botocore
resolves them in every process, and the provisioner creates those services' resources there.

Which services may leave (README "Emulators"): S3 with KMS (one emulator for both: S3 checks the
bucket's SSE-KMS key against its own KMS) and DynamoDB. The rest stay embedded: moto's Step Functions
interpreter sends its SQS, EventBridge and Lambda calls to the embedded server itself, Lambda runs the
handlers in-process, and Cognito's tokens are verified against the embedded JWKS.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from moto.server import ThreadedMotoServer

from local_platform.moto_patches import deliver_confirmation_codes, route_lambda_to_handlers
from local_platform.moto_server import REGION, start_moto_server
from local_platform.provision import Provisioned, Provisioner
from local_platform.template import load_template

# botocore's variable suffix (the service id) per boto3 service name; groups move together.
EXTERNAL_GROUPS: tuple[dict[str, str], ...] = ({"s3": "S3", "kms": "KMS"}, {"dynamodb": "DYNAMODB"})
EMBEDDED_ONLY: dict[str, str] = {
    "SQS": "Step Functions (embedded) sends task tokens to the embedded SQS",
    "SFN": "its Lambda tasks run the handlers in-process (moto_patches)",
    "EVENTBRIDGE": "Step Functions (embedded) puts ReportReady on the embedded bus",
    "LAMBDA": "handlers run in-process; emulators would need Docker",
    "COGNITO_IDENTITY_PROVIDER": "tokens are checked against the embedded pool's JWKS",
    "IAM": "roles exist only so that the resources can be created",
}


class EndpointConfigError(ValueError):
    """An `AWS_ENDPOINT_URL_<SERVICE>` the local platform cannot honour."""


def external_endpoints(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """boto3 service name -> endpoint for the services a tester pointed elsewhere (validated)."""
    environ = os.environ if environ is None else environ
    for suffix, reason in EMBEDDED_ONLY.items():
        if environ.get(f"AWS_ENDPOINT_URL_{suffix}"):
            raise EndpointConfigError(f"AWS_ENDPOINT_URL_{suffix} is not supported: {reason}")
    chosen: dict[str, str] = {}
    for group in EXTERNAL_GROUPS:
        urls = {service: environ.get(f"AWS_ENDPOINT_URL_{suffix}", "") for service, suffix in group.items()}
        if any(urls.values()) and not all(urls.values()):
            names = " and ".join(f"AWS_ENDPOINT_URL_{suffix}" for suffix in group.values())
            raise EndpointConfigError(f"set {names} together (one emulator serves both)")
        chosen.update({service: url for service, url in urls.items() if url})
    return chosen


@dataclass
class EmbeddedAws:
    server: ThreadedMotoServer
    endpoint: str
    resources: Provisioned
    env: dict[str, str]

    def stop(self) -> None:
        self.server.stop()


def aws_client_env(endpoint: str) -> dict[str, str]:
    """What any process needs to talk to the embedded AWS."""
    return {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_REGION": REGION,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        # CloudWatch metrics (EMF on stdout) and X-Ray exist only on AWS.
        "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_TRACE_DISABLED": "true",
    }


def start_embedded_aws(ws_management_endpoint: str, template: dict[str, Any] | None = None) -> EmbeddedAws:
    """Start moto, provision the CDK template into it, and export the resulting environment.

    `ws_management_endpoint` is the local gateway's @connections base URL (it stands in for the
    WebSocket API, which moto cannot execute).
    """
    external = external_endpoints()  # fail before anything starts
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per moto request otherwise
    server, endpoint, port = start_moto_server()
    # moto's Step Functions interpreter calls the other services on localhost:MOTO_PORT.
    os.environ["MOTO_PORT"] = str(port)
    os.environ.update(aws_client_env(endpoint))
    httpx.post(
        f"{endpoint}/moto-api/config",
        json={"stepfunctions": {"execute_state_machine": True}},
        timeout=10,
    ).raise_for_status()
    route_lambda_to_handlers()
    deliver_confirmation_codes()
    resources = Provisioner(
        template or load_template(), endpoint, REGION, ws_management_endpoint, external=external
    ).run()
    env = {**resources.env(), **aws_client_env(endpoint)}
    pool_id = env.get("USER_POOL_ID", "")
    # moto signs every pool's tokens with one key served here; `iss` stays the real AWS issuer.
    env["JWKS_URL"] = f"{endpoint}/{pool_id}/.well-known/jwks.json"
    for name, value in resources.outputs.items():
        env.setdefault(f"OUTPUT_{name}", value)
    os.environ.update(env)
    return EmbeddedAws(server=server, endpoint=endpoint, resources=resources, env=env)
