"""The embedded AWS: one in-process moto server with the resources of the CDK app.

Everything that talks to AWS (Lambda handlers, the API, workers in other processes) reaches it
through `AWS_ENDPOINT_URL`, exactly as it would reach LocalStack or, with the variable unset, AWS.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any

import httpx
from moto.server import ThreadedMotoServer

from local_platform.moto_patches import route_lambda_to_handlers
from local_platform.provision import Provisioned, Provisioner
from local_platform.template import load_template

REGION = "us-east-1"


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
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per moto request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    # moto's Step Functions interpreter calls the other services on localhost:MOTO_PORT.
    os.environ["MOTO_PORT"] = str(port)
    os.environ.update(aws_client_env(endpoint))
    httpx.post(
        f"{endpoint}/moto-api/config",
        json={"stepfunctions": {"execute_state_machine": True}},
        timeout=10,
    ).raise_for_status()
    route_lambda_to_handlers()
    resources = Provisioner(template or load_template(), endpoint, REGION, ws_management_endpoint).run()
    env = {**resources.env(), **aws_client_env(endpoint)}
    pool_id = env.get("USER_POOL_ID", "")
    # moto signs every pool's tokens with one key served here; `iss` stays the real AWS issuer.
    env["JWKS_URL"] = f"{endpoint}/{pool_id}/.well-known/jwks.json"
    for name, value in resources.outputs.items():
        env.setdefault(f"OUTPUT_{name}", value)
    os.environ.update(env)
    return EmbeddedAws(server=server, endpoint=endpoint, resources=resources, env=env)
