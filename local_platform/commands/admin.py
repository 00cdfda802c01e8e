"""`interview admin grant EMAIL`: make a registered user an admin of a running local platform.

The embedded AWS lives inside the `interview run` process on a port chosen at start-up, so that
process writes how to reach it to `RUNNING_PLATFORM` (`record_running_platform`); this command reads
it and adds the user to the user pool's admin group. The new role shows in tokens issued from the
user's next sign-in on.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from botocore.exceptions import EndpointConnectionError

from interview_core.auth import CognitoIdentity
from interview_core.domain import Role
from interview_core.errors import InterviewError
from local_platform.moto_server import local_client

__all__ = ["RUNNING_PLATFORM", "add_parser", "grant_admin", "record_running_platform"]

RUNNING_PLATFORM = Path(".cache/local-platform.json")
_KEYS = ("AWS_ENDPOINT_URL", "AWS_REGION", "USER_POOL_ID", "USER_POOL_CLIENT_ID")


def record_running_platform(env: dict[str, str], path: Path = RUNNING_PLATFORM) -> None:
    """Written by `interview run`: the embedded AWS endpoint and user pool (local credentials only)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({k: env[k] for k in _KEYS}, indent=2) + "\n")


def grant_admin(env: dict[str, str], email: str) -> None:
    cognito = local_client(env["AWS_ENDPOINT_URL"], "cognito-idp", env["AWS_REGION"])
    CognitoIdentity(cognito, env["USER_POOL_ID"], env["USER_POOL_CLIENT_ID"]).add_to_group(email, Role.ADMIN)


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = subparsers.add_parser("admin", help="administer a running local platform")
    actions = p.add_subparsers(dest="action", required=True)
    grant = actions.add_parser(
        "grant", help="make a registered user an admin (effective from their next sign-in)"
    )
    grant.add_argument("email")
    grant.add_argument(
        "--platform",
        type=Path,
        default=RUNNING_PLATFORM,
        help=f"the file `interview run` writes (default: {RUNNING_PLATFORM})",
    )
    grant.set_defaults(func=run_grant)
    return p


def run_grant(args: argparse.Namespace) -> int:
    try:
        env = json.loads(args.platform.read_text())
    except (OSError, ValueError):
        print(f"no running platform found in {args.platform}: start one with `interview run`")
        return 2
    try:
        grant_admin(env, args.email)
    except InterviewError as e:
        print(f"cannot grant admin to {args.email}: {e.message}")
        return 1
    except EndpointConnectionError:  # the platform that wrote the file has stopped
        print(f"cannot reach the platform at {env.get('AWS_ENDPOINT_URL')}: is `interview run` running?")
        return 2
    print(f"{args.email} is an admin; sign in again to use the admin page")
    return 0
