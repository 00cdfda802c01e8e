"""Hosting: the static web app (Next.js export) in a private bucket behind CloudFront.

- The bucket is private; CloudFront reads it through origin access control (OAC), nothing else can.
- A viewer-request function maps `/signin/` to `/signin/index.html` (the export's trailing-slash
  layout; an S3 REST origin has no index documents), and 403/404 fall back to `/index.html` (SPA).
- One response-headers policy: CSP (self + the stack's API, WebSocket and S3 hosts), HSTS, nosniff,
  frame-ancestors 'none' / X-Frame-Options DENY, a strict referrer policy, camera and microphone for
  this origin only.
- `config.json` (REST and WebSocket URLs, user pool and client ids) is written from the stack's own
  values at deploy time, deployed with the site, and never cached, so a browser always reads the
  endpoints of the stack that serves it (`web/src/lib/config.ts`).
- A WAF web ACL (constructs/web_acl.py): a rate limit per source address and AWS's common rules.
- With a custom domain and an ACM certificate (us-east-1, a CloudFront requirement), viewers need
  TLS 1.2 or newer; without one, CloudFront's default certificate serves `*.cloudfront.net`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aws_cdk import Annotations, Duration, RemovalPolicy, Stack
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct

from infra_cdk.constructs.functions import REPO_ROOT
from infra_cdk.constructs.web_acl import CloudFrontWebAcl
from infra_cdk.nag import acknowledge

SITE_DIR = REPO_ROOT / "web" / "out"
CONFIG_FILE = "config.json"
# Next's static export inlines its bootstrap scripts and styles: 'unsafe-inline' is needed for both.
_CSP_FIXED = {
    "default-src": "'self'",
    "script-src": "'self' 'unsafe-inline'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Directory paths of the export (`/signin/`) and extensionless ones (`/signin`) to their index.html.
_INDEX_REWRITE = """function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
  } else if (uri.split('/').pop().indexOf('.') === -1) {
    request.uri = uri + '/index.html';
  }
  return request;
}
"""


@dataclass(frozen=True)
class CustomDomain:
    """A domain name for the distribution and its ACM certificate (must live in us-east-1).

    Args:
        domain_name: e.g. `practice.example.com`; point a CNAME/alias at the distribution's domain.
        certificate_arn: an issued ACM certificate covering `domain_name`.
    """

    domain_name: str
    certificate_arn: str


def content_security_policy(api_url: str, websocket_url: str, region: str) -> str:
    """CSP for the app: its own origin plus the stack's REST, WebSocket and S3 (presigned) hosts."""
    s3_hosts = f"https://s3.amazonaws.com https://s3.{region}.amazonaws.com"
    directives = {
        **_CSP_FIXED,
        "connect-src": f"'self' {api_url} {websocket_url} {s3_hosts}",
        "media-src": f"'self' blob: {s3_hosts}",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class WebHosting(Construct):
    """Private S3 bucket + CloudFront (OAC, SPA fallback, security headers) + runtime config."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        runtime_config: Mapping[str, str],
        api_url: str,
        websocket_url: str,
        site_dir: Path = SITE_DIR,
        custom_domain: CustomDomain | None = None,
        web_acl_arn: str | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        region = Stack.of(self).region
        self.logs = self._private_bucket(
            "AccessLogs",
            "This is the access-log bucket; it does not log itself.",
            # CloudFront standard logging writes with ACLs.
            object_ownership=s3.ObjectOwnership.OBJECT_WRITER,
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(90))],
        )
        self.bucket = self._private_bucket(
            "SiteBucket", "Only CloudFront reads this bucket (OAC); its standard logs record every request."
        )
        headers = cloudfront.ResponseHeadersPolicy(
            self,
            "SecurityHeaders",
            comment="CSP, HSTS, nosniff, frame-ancestors for the interview web app",
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    content_security_policy=content_security_policy(api_url, websocket_url, region),
                    override=True,
                ),
                strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                    access_control_max_age=Duration.days(730),
                    include_subdomains=True,
                    preload=True,
                    override=True,
                ),
                content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
                frame_options=cloudfront.ResponseHeadersFrameOptions(
                    frame_option=cloudfront.HeadersFrameOption.DENY, override=True
                ),
                referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                    referrer_policy=cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
                    override=True,
                ),
            ),
            custom_headers_behavior=cloudfront.ResponseCustomHeadersBehavior(
                custom_headers=[
                    cloudfront.ResponseCustomHeader(
                        header="Permissions-Policy",
                        value="camera=(self), microphone=(self), geolocation=()",
                        override=True,
                    )
                ]
            ),
        )
        origin = origins.S3BucketOrigin.with_origin_access_control(self.bucket)
        rewrite = cloudfront.Function(
            self,
            "IndexRewrite",
            code=cloudfront.FunctionCode.from_inline(_INDEX_REWRITE),
            runtime=cloudfront.FunctionRuntime.JS_2_0,
            comment="Directory paths of the static export to their index.html",
        )
        certificate = (
            acm.Certificate.from_certificate_arn(self, "Certificate", custom_domain.certificate_arn)
            if custom_domain
            else None
        )
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment="Interview practice web app",
            default_root_object="index.html",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origin,
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                response_headers_policy=headers,
                compress=True,
                function_associations=[
                    cloudfront.FunctionAssociation(
                        function=rewrite, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST
                    )
                ],
            ),
            additional_behaviors={
                # The endpoints may change with any deploy: never serve a stale config.
                f"/{CONFIG_FILE}": cloudfront.BehaviorOptions(
                    origin=origin,
                    viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                    cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
                    response_headers_policy=headers,
                )
            },
            error_responses=[
                cloudfront.ErrorResponse(
                    http_status=status,
                    response_http_status=200,
                    response_page_path="/index.html",
                    ttl=Duration.seconds(10),
                )
                for status in (403, 404)
            ],
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            price_class=cloudfront.PriceClass.PRICE_CLASS_100,
            enable_logging=True,
            log_bucket=self.logs,
            log_file_prefix="cloudfront/",
            domain_names=[custom_domain.domain_name] if custom_domain else None,
            certificate=certificate,
            web_acl_id=CloudFrontWebAcl(self, "Waf", existing_arn=web_acl_arn).arn,
        )
        self.url = f"https://{custom_domain.domain_name if custom_domain else self.distribution.domain_name}"
        sources = [s3deploy.Source.json_data(CONFIG_FILE, dict(runtime_config))]
        if (site_dir / "index.html").is_file():
            sources.insert(0, s3deploy.Source.asset(str(site_dir)))
        else:
            # A deploy without the built app would prune the site down to config.json: say so loudly.
            Annotations.of(self).add_warning_v2(
                "interview:web-not-built", f"{site_dir} has no index.html: run `make web` before deploying"
            )
        self.deployment = s3deploy.BucketDeployment(
            self,
            "Deploy",
            sources=sources,
            destination_bucket=self.bucket,
            distribution=self.distribution,
            distribution_paths=["/*"],
            memory_limit=512,
        )
        self._acknowledge(custom_domain is not None)

    def _private_bucket(self, construct_id: str, why_unlogged: str, **extra: Any) -> s3.Bucket:
        """S3-managed encryption, no public access, TLS only, kept on stack deletion."""
        bucket = s3.Bucket(
            self,
            construct_id,
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            removal_policy=RemovalPolicy.RETAIN,
            **extra,
        )
        acknowledge(bucket, "AwsSolutions-S1", why_unlogged)
        return bucket

    def _acknowledge(self, has_certificate: bool) -> None:
        # The deployment's copier is a stack-level singleton function that CDK owns (runtime, policy).
        stack = Stack.of(self)
        for copier in stack.node.children:
            if copier.node.id.startswith("Custom::CDKBucketDeployment"):
                acknowledge(
                    copier,
                    "AwsSolutions-L1",
                    "CDK's BucketDeployment handler: CDK chooses and updates its runtime.",
                )
                acknowledge(
                    copier,
                    "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::"
                    "cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]",
                    "Reads the site's zip from the CDK bootstrap asset bucket (objects named by hash).",
                )
                acknowledge(
                    copier,
                    "AwsSolutions-IAM5[Resource::*]",
                    "cloudfront:CreateInvalidation/GetInvalidation as CDK grants them, to refresh the site.",
                )
        acknowledge(
            self.distribution,
            "AwsSolutions-CFR1",
            "Candidates may practise from any country; no geo restriction by design.",
        )
        if not has_certificate:
            acknowledge(
                self.distribution,
                "AwsSolutions-CFR4",
                (
                    "Without a custom domain CloudFront's default *.cloudfront.net certificate is used, "
                    "whose viewer protocol floor cannot be set; with `web_domain_name` and "
                    "`web_certificate_arn` the distribution requires TLS 1.2 (TLSv1.2_2021)."
                ),
            )
