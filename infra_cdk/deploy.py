"""`make deploy`: check the prerequisites, bootstrap CDK, deploy the stack, verify the web app's config.

Prerequisites (checked here, before anything is created):
- AWS credentials for the target account (`aws configure`, SSO or environment) and a region
  (`AWS_REGION` / `AWS_DEFAULT_REGION` or `--region`);
- Docker running: CDK builds the two worker images (`gpu_workers/*/Dockerfile`) and pushes them to
  the bootstrap repository;
- Node.js with `npx` (the CDK CLI, `aws-cdk@2`, is fetched by npx);
- GPU quota: "Running On-Demand G and VT instances" of at least 4 vCPUs (one g5.xlarge) in the
  region; new accounts start at 0 and must ask Service Quotas for more;
- the web app built (`make web`; `make deploy` does it), since the deployment uploads `web/out`.

The stack writes `config.json` (REST/WebSocket URLs, user pool and client ids) from its own values
at deploy time; after the deploy this script reads the outputs and checks that the served
`config.json` names the same endpoints.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import urllib.request
from typing import Any

import boto3

from infra_cdk.constructs.functions import REPO_ROOT
from infra_cdk.constructs.hosting import CONFIG_FILE, SITE_DIR
from infra_cdk.stack import STACK_NAME

CDK = ["npx", "--yes", "aws-cdk@2"]
APP = f"{sys.executable} -c 'from infra_cdk.app import build_app; build_app().synth()'"
OUTPUTS = REPO_ROOT / "cdk.out" / "outputs.json"
GPU_QUOTA_CODE = "L-DB2E81BA"  # Running On-Demand G and VT instances (vCPUs)
GPU_VCPUS_NEEDED = 4


class PrerequisiteError(RuntimeError):
    """Something the deploy needs is missing; the message says what to do."""


def check_prerequisites(session: boto3.session.Session) -> str:
    """Returns `aws://ACCOUNT/REGION`, or raises with what is missing."""
    if not session.region_name:
        raise PrerequisiteError("no region: set AWS_REGION or pass --region")
    for tool in ("npx", "docker"):
        if shutil.which(tool) is None:
            raise PrerequisiteError(
                f"`{tool}` not found: install it (Node.js for npx; Docker for the images)"
            )
    if not (SITE_DIR / "index.html").is_file():
        raise PrerequisiteError(f"{SITE_DIR} is not built: run `make web`")
    account = session.client("sts").get_caller_identity()["Account"]
    quota = session.client("service-quotas").get_service_quota(ServiceCode="ec2", QuotaCode=GPU_QUOTA_CODE)
    vcpus = quota["Quota"]["Value"]
    if vcpus < GPU_VCPUS_NEEDED:
        raise PrerequisiteError(
            f"GPU quota 'Running On-Demand G and VT instances' is {vcpus:g} vCPUs in {session.region_name}; "
            f"request at least {GPU_VCPUS_NEEDED} in Service Quotas (code {GPU_QUOTA_CODE})"
        )
    return f"aws://{account}/{session.region_name}"


def cdk_commands(
    environment: str, *, alarm_email: str, domain: str | None, certificate_arn: str | None
) -> list[list[str]]:
    """The bootstrap and deploy command lines (the stack bundles the layer's dependencies)."""
    context = ["-c", "bundle_dependencies=true"]
    if domain and certificate_arn:
        context += ["-c", f"web_domain_name={domain}", "-c", f"web_certificate_arn={certificate_arn}"]
    deploy = [
        *CDK,
        "deploy",
        STACK_NAME,
        "--app",
        APP,
        *context,
        "--require-approval",
        "never",
        "--outputs-file",
        str(OUTPUTS),
        "--parameters",
        f"AlarmEmail={alarm_email}",
    ]
    return [[*CDK, "bootstrap", environment, "--app", APP, *context], deploy]


def verify_config(outputs: dict[str, Any]) -> dict[str, Any]:
    """The served config.json must name the deployed endpoints."""
    stack = outputs[STACK_NAME]
    with urllib.request.urlopen(f"{stack['WebAppUrl']}/{CONFIG_FILE}", timeout=30) as response:
        served: dict[str, Any] = json.loads(response.read())
    expected = {
        "apiUrl": stack["HttpApiUrl"],
        "wsUrl": stack["WebSocketUrl"],
        "userPoolId": stack["UserPoolId"],
    }
    wrong = {k: (served.get(k), v) for k, v in expected.items() if served.get(k) != v}
    if wrong:
        raise RuntimeError(f"config.json does not match the stack outputs: {wrong}")
    return served


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--region")
    parser.add_argument(
        "--alarm-email", default="", help="subscribed to the alarm topic (confirm the e-mail)"
    )
    parser.add_argument("--domain", help="custom domain for the web app (needs --certificate-arn)")
    parser.add_argument("--certificate-arn", help="ACM certificate in us-east-1 covering --domain")
    args = parser.parse_args(argv)
    if bool(args.domain) != bool(args.certificate_arn):
        parser.error("--domain and --certificate-arn go together")
    try:
        environment = check_prerequisites(boto3.session.Session(region_name=args.region))
    except PrerequisiteError as e:
        print(f"deploy: {e}", file=sys.stderr)
        return 2
    commands = cdk_commands(
        environment, alarm_email=args.alarm_email, domain=args.domain, certificate_arn=args.certificate_arn
    )
    for command in commands:
        print("+", " ".join(command), flush=True)
        subprocess.run(command, cwd=REPO_ROOT, check=True)  # fixed argv, no shell
    outputs = json.loads(OUTPUTS.read_text())
    verify_config(outputs)
    print(f"web app: {outputs[STACK_NAME]['WebAppUrl']} (config.json matches the stack outputs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
