"""The `interview` command: run the platform, stream the demo, run a worker, analyse a file."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path

from local_platform.commands import admin, analyze
from local_platform.platform import WORKER_KINDS


def _run(args: argparse.Namespace) -> None:
    from local_platform.console import SessionConsole, send_logs_to_files
    from local_platform.platform import start_platform

    log_dir = Path(".cache/logs").resolve()
    send_logs_to_files(log_dir)
    print("starting the embedded AWS (from the CDK template), the gateway and the workers ...", flush=True)
    platform = start_platform(
        port=args.port,
        workers=() if args.no_workers else WORKER_KINDS,
        log_dir=log_dir,
        cold_start_s=args.cold_start,
    )
    platform.gateway.listeners.append(SessionConsole())
    admin.record_running_platform(platform.aws.env)  # how `interview admin` reaches this platform
    print(
        f"Interview platform running at {platform.url}  (API {platform.url}/v1, WebSocket {platform.ws_url})"
    )
    print(f"full logs: {log_dir}/ (functions.log, platform.log, worker-*.log)  -- Ctrl-C to stop", flush=True)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    platform.stop()


def _demo(args: argparse.Namespace) -> None:
    from local_platform.demo import SAMPLE, stream_recording

    result = stream_recording(args.url, Path(args.file or SAMPLE), realtime=args.realtime)
    print(json.dumps(result.report, indent=2))
    print(
        f"\n{result.segments} segments; chunk.uploaded -> chunk.analyzed p50 {result.percentile(50):.2f} s, "
        f"p95 {result.percentile(95):.2f} s; session.end -> report.ready {result.end_to_report_s:.2f} s"
    )


def _smoke(args: argparse.Namespace) -> None:
    from local_platform.smoke import run_smoke

    result, checks = run_smoke(
        args.url, ws_url=args.ws_url, timeout_s=args.timeout, user_pool_id=args.user_pool_id
    )
    print(f"session {result.session_id}: {result.segments} segments streamed to {args.url}")
    for check in checks:
        print(f"{'PASS' if check.ok else 'FAIL'}  {check.name}: {check.detail}")
    raise SystemExit(0 if all(check.ok for check in checks) else 1)


def _worker(args: argparse.Namespace) -> None:
    from gpu_workers.runtime.main import main as worker_main

    worker_main([args.kind])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="interview", description="AI mock-interview platform, on one machine."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="start the embedded AWS, the gateway, the web app and the workers")
    run.add_argument("--port", type=int, default=8000)
    run.add_argument("--no-workers", action="store_true")
    run.add_argument(
        "--cold-start",
        type=float,
        metavar="SECONDS",
        help="start the workers only when a session goes live, this many seconds later (as on AWS)",
    )
    run.set_defaults(func=_run)
    demo = sub.add_parser("demo", help="stream a recording through a running platform and print the report")
    demo.add_argument("--url", default="http://127.0.0.1:8000")
    demo.add_argument("--file", help="recording to stream (default: the sample interview)")
    demo.add_argument("--realtime", action="store_true", help="send segments at recording speed")
    demo.set_defaults(func=_demo)
    smoke = sub.add_parser(
        "smoke", help="sign up a test user, stream the sample through a deployed stack, check the report"
    )
    smoke.add_argument("--url", required=True, help="the REST API's base URL (HttpApiUrl)")
    smoke.add_argument(
        "--ws-url", help="the WebSocket API (WebSocketUrl); default: URL/ws, the local gateway"
    )
    smoke.add_argument("--timeout", type=float, default=600.0, help="seconds to wait for analysis and report")
    smoke.add_argument(
        "--user-pool-id",
        help="a deployed stack's UserPoolId: the test user is confirmed with AdminConfirmSignUp on your AWS "
        "credentials (default: the code from the local platform's mailbox)",
    )
    smoke.set_defaults(func=_smoke)
    worker = sub.add_parser("worker", help="run one analysis worker (the containers' entry point)")
    worker.add_argument("kind", choices=WORKER_KINDS)
    worker.set_defaults(func=_worker)
    analyze.add_parser(sub)
    admin.add_parser(sub)
    args = parser.parse_args(argv)
    code = args.func(args)
    if code:  # subcommands that can fail return their exit status
        sys.exit(code)


if __name__ == "__main__":
    main()
