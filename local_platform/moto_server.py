"""A moto server on a free loopback port, and boto3 clients for it (or for any local emulator).

The embedded AWS runs on one for the platform's lifetime; the tests of a single AWS-facing piece start
one of their own for a module's duration.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
from moto.server import ThreadedMotoServer

REGION = "us-east-1"


def start_moto_server() -> tuple[ThreadedMotoServer, str, int]:
    """A started moto server on a free port, with its endpoint URL and port."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return server, f"http://{host}:{port}", port


@contextmanager
def moto_server() -> Iterator[tuple[str, int]]:
    """A moto server for the duration; yields its endpoint URL and port."""
    server, url, port = start_moto_server()
    try:
        yield url, port
    finally:
        server.stop()


def local_client(endpoint: str, service: str, region: str = REGION) -> Any:
    """A boto3 client of `service` at `endpoint` with the local credentials (emulators accept any)."""
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
