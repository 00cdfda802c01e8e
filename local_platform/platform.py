"""Starts the whole platform on one machine: embedded AWS, local gateway, and the worker processes."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn

from interview_core.capacity import FixedCapacity, WorkerCapacity
from interview_core.container import get_services
from interview_core.content import default_analyzer
from local_platform.capacity import OnDemandWorkers
from local_platform.embedded_aws import EmbeddedAws, start_embedded_aws
from local_platform.gateway import create_gateway
from local_platform.gateway.events import STAGE
from local_platform.gateway.websocket import WebSocketGateway
from local_platform.template import load_template

WORKER_KINDS = ("vision", "speech", "transcribe")
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class LocalPlatform:
    aws: EmbeddedAws
    port: int
    gateway: WebSocketGateway
    server: uvicorn.Server
    thread: threading.Thread
    log_dir: Path | None = None
    workers: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    def queue_url(self, kind: str) -> str:
        return self.aws.resources.outputs[f"{kind.capitalize()}QueueUrl"]

    def start_worker(self, kind: str) -> subprocess.Popen[bytes]:
        """A worker process with the same entry point as the container (`python -m gpu_workers.runtime`)."""
        env = {**os.environ, **self.aws.env, "WORKER_QUEUE_URL": self.queue_url(kind), "HF_HUB_OFFLINE": "1"}
        # The child inherits the log file; the parent's handle is closed once the process has started.
        log = (
            open(self.log_dir / f"worker-{kind}.log", "ab")  # noqa: SIM115 - closed by the `with` below
            if self.log_dir
            else contextlib.nullcontext(subprocess.DEVNULL)
        )
        with log as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "gpu_workers.runtime", kind],
                env=env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.workers[kind] = proc
        return proc

    def stop_worker(self, kind: str, kill: bool = False) -> None:
        proc = self.workers.pop(kind, None)
        if proc is None:
            return
        if kill:
            proc.kill()
        else:
            proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()

    def use_capacity(self, capacity: WorkerCapacity) -> None:
        """What the in-process handlers do when a session goes live or the last one finishes."""
        get_services().capacity = capacity

    def stop(self) -> None:
        for kind in list(self.workers):
            self.stop_worker(kind)
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.aws.stop()


def start_platform(
    port: int = 0,
    workers: tuple[str, ...] = WORKER_KINDS,
    log_dir: Path | None = None,
    web_dir: Path | None = None,
    cold_start_s: float | None = None,
) -> LocalPlatform:
    """`workers` start now, or with `cold_start_s` only once a session goes live, that many seconds later
    (a GPU instance booting and pulling the image), and stop after the last session."""
    port = port or free_port()
    template = load_template()
    aws = start_embedded_aws(f"http://127.0.0.1:{port}/{STAGE}", template)
    kwargs = {"web_dir": web_dir} if web_dir is not None else {}
    app, gateway = create_gateway(template, **kwargs)
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        ws="websockets-sansio",
        ws_max_size=4 * 1024 * 1024,
        lifespan="off",
        log_config=None,  # uvicorn's records go wherever this process sends its logs
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="gateway", daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started:
        if time.time() > deadline or not thread.is_alive():
            raise RuntimeError(f"the local gateway did not start on port {port}")
        time.sleep(0.05)
    platform = LocalPlatform(
        aws=aws, port=port, gateway=gateway, server=server, thread=thread, log_dir=log_dir
    )
    # The REST app and the report step run in this process: load the content model now, in the
    # background, as a Lambda container loads it at init, not inside the first typed answer's request.
    threading.Thread(target=default_analyzer, name="content-model-load", daemon=True).start()
    if cold_start_s is not None:
        platform.use_capacity(OnDemandWorkers(platform, workers, cold_start_s))
        return platform
    platform.use_capacity(FixedCapacity())
    for kind in workers:
        platform.start_worker(kind)
    return platform
