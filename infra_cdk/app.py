"""The CDK app: one stack, checked by cdk-nag (AwsSolutions) on every synth."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from cdk_nag import AwsSolutionsChecks

from infra_cdk.constructs.hosting import CustomDomain
from infra_cdk.stack import STACK_NAME, InterviewStack


def _flag(value: Any) -> bool:
    """Context from the CLI arrives as strings (`-c bundle_dependencies=true`)."""
    return value is True or str(value).lower() in {"1", "true", "yes"}


def _custom_domain(app: cdk.App) -> CustomDomain | None:
    """`-c web_domain_name=... -c web_certificate_arn=...` (both or neither)."""
    name = app.node.try_get_context("web_domain_name")
    certificate = app.node.try_get_context("web_certificate_arn")
    if bool(name) != bool(certificate):
        raise ValueError("web_domain_name and web_certificate_arn go together (certificate in us-east-1)")
    return CustomDomain(domain_name=name, certificate_arn=certificate) if name else None


def build_app(outdir: str | None = None, context: dict[str, Any] | None = None) -> cdk.App:
    # Path metadata (`Metadata["aws:cdk:path"]`, as the cdk CLI would add) lets readers of the
    # template (the embedded AWS) find a resource by its construct path instead of its hash.
    # The launch-template flag matters only for the GPU workers' Auto Scaling group (launch
    # configurations are deprecated).
    defaults = {
        "aws:cdk:enable-path-metadata": True,
        "@aws-cdk/aws-autoscaling:generateLaunchTemplateInsteadOfLaunchConfig": True,
    }
    app = cdk.App(outdir=outdir, context={**defaults, **(context or {})})
    origins = app.node.try_get_context("cors_allowed_origins") or ["*"]
    if isinstance(origins, str):
        origins = [o.strip() for o in origins.split(",") if o.strip()]
    InterviewStack(
        app,
        STACK_NAME,
        stack_name=STACK_NAME,
        description="AI mock-interview platform (serverless)",
        analytics_reporting=False,
        bundle_dependencies=_flag(app.node.try_get_context("bundle_dependencies")),
        cors_allowed_origins=origins,
        custom_domain=_custom_domain(app),
        threat_protection=_flag(app.node.try_get_context("threat_protection")),
        # A CLOUDFRONT WAF ACL made in us-east-1, for stacks deployed elsewhere (constructs/web_acl.py).
        web_acl_arn=app.node.try_get_context("web_acl_arn") or None,
    )
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    return app
