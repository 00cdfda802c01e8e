"""Hosting: private bucket behind CloudFront (OAC), SPA fallback, security headers, runtime config."""

from __future__ import annotations

import json
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Match, Template

from infra_cdk.constructs.hosting import CONFIG_FILE, CustomDomain, WebHosting
from infra_cdk.constructs.web_acl import REQUESTS_PER_ADDRESS_PER_5_MIN

pytestmark = pytest.mark.infrastructure


def _distribution(synthesized: Any) -> dict[str, Any]:
    (distribution,) = synthesized.resources("AWS::CloudFront::Distribution").values()
    config: dict[str, Any] = distribution["Properties"]["DistributionConfig"]
    return config


def _headers(synthesized: Any) -> dict[str, Any]:
    (policy,) = synthesized.resources("AWS::CloudFront::ResponseHeadersPolicy").values()
    config: dict[str, Any] = policy["Properties"]["ResponseHeadersPolicyConfig"]
    return config


def _joined(value: Any) -> str:
    """A string or an Fn::Join with tokens rendered as <token> (enough to read a CSP)."""
    if isinstance(value, str):
        return value
    delimiter, parts = value["Fn::Join"]
    return delimiter.join(p if isinstance(p, str) else "<token>" for p in parts)


def test_site_bucket_is_private_and_read_only_through_origin_access_control(synthesized: Any) -> None:
    """Given the site bucket, then it blocks public access and only CloudFront (by OAC) may read it."""
    site = synthesized.logical_id("AWS::S3::Bucket", "Hosting/SiteBucket")
    bucket = synthesized.resources("AWS::S3::Bucket")[site]["Properties"]
    assert bucket["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert "WebsiteConfiguration" not in bucket
    synthesized.template.has_resource_properties(
        "AWS::CloudFront::OriginAccessControl",
        {"OriginAccessControlConfig": Match.object_like({"SigningBehavior": "always"})},
    )
    (origin,) = _distribution(synthesized)["Origins"]
    assert "OriginAccessControlId" in origin and origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}
    synthesized.template.has_resource_properties(
        "AWS::S3::BucketPolicy",
        {
            "Bucket": {"Ref": site},
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        Match.object_like(
                            {
                                "Effect": "Allow",
                                "Action": "s3:GetObject",
                                "Principal": {"Service": "cloudfront.amazonaws.com"},
                            }
                        )
                    ]
                )
            },
        },
    )


def test_https_only_spa_fallback_and_directory_indexes(synthesized: Any) -> None:
    config = _distribution(synthesized)
    assert config["DefaultRootObject"] == "index.html"
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    fallback = {e["ErrorCode"]: e for e in config["CustomErrorResponses"]}
    for status in (403, 404):
        assert fallback[status]["ResponseCode"] == 200
        assert fallback[status]["ResponsePagePath"] == "/index.html"
    (association,) = config["DefaultCacheBehavior"]["FunctionAssociations"]
    assert association["EventType"] == "viewer-request"
    (function,) = synthesized.resources("AWS::CloudFront::Function").values()
    assert "index.html" in function["Properties"]["FunctionCode"]
    assert config["Logging"]["Bucket"]  # standard logs to the access-log bucket


def test_runtime_config_is_never_cached(synthesized: Any) -> None:
    (behavior,) = _distribution(synthesized)["CacheBehaviors"]
    assert behavior["PathPattern"] == f"/{CONFIG_FILE}"
    assert behavior["ViewerProtocolPolicy"] == "redirect-to-https"
    # The managed CachingDisabled policy.
    assert behavior["CachePolicyId"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"


def test_security_headers(synthesized: Any) -> None:
    """Given any response, then CSP, HSTS, nosniff, frame-ancestors/DENY and referrer policy are set."""
    security = _headers(synthesized)["SecurityHeadersConfig"]
    hsts = security["StrictTransportSecurity"]
    assert hsts["AccessControlMaxAgeSec"] >= 31_536_000 and hsts["IncludeSubdomains"] and hsts["Override"]
    assert security["ContentTypeOptions"] == {"Override": True}
    assert security["FrameOptions"]["FrameOption"] == "DENY"
    csp = _joined(security["ContentSecurityPolicy"]["ContentSecurityPolicy"])
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "<token>" in directives["connect-src"]  # the stack's REST and WebSocket endpoints
    assert "wss://" in directives["connect-src"]
    assert "https://s3." in directives["connect-src"]  # presigned uploads


def test_web_app_and_its_runtime_config_are_deployed_with_the_stack(synthesized: Any) -> None:
    """Given the deployment, then config.json is built from the stack's own API, WebSocket and pool ids."""
    (deployment,) = synthesized.resources("Custom::CDKBucketDeployment").values()
    props = deployment["Properties"]
    assert props["DistributionPaths"] == ["/*"]
    markers = props.get("SourceMarkers", [])
    rendered = json.dumps(markers)
    sources = {
        "REST URL": synthesized.logical_id("AWS::ApiGatewayV2::Api", "Rest/HttpApi"),
        "WebSocket URL": synthesized.logical_id("AWS::ApiGatewayV2::Api", "Realtime/WebSocketApi"),
        "user pool": synthesized.logical_id("AWS::Cognito::UserPool", "Identity/"),
        "user pool client": synthesized.logical_id("AWS::Cognito::UserPoolClient", "Identity/"),
    }
    for what, logical_id in sources.items():
        assert f'"{logical_id}"' in rendered, f"config.json lacks the {what}"
    assert len(props["SourceObjectKeys"]) == 2, "the built site and config.json"


def test_web_acl_limits_each_address_and_applies_the_common_rules(synthesized: Any) -> None:
    """Given the distribution, then a CLOUDFRONT web ACL with a per-IP rate rule and AWS's common
    rules protects it, created only where such an ACL can exist (the stack's region is us-east-1)."""
    acl_id = synthesized.logical_id("AWS::WAFv2::WebACL", "Hosting/Waf")
    acl = synthesized.resources("AWS::WAFv2::WebACL")[acl_id]
    props = acl["Properties"]
    assert props["Scope"] == "CLOUDFRONT" and props["DefaultAction"] == {"Allow": {}}
    rules = {rule["Name"]: rule for rule in props["Rules"]}
    rate = rules["RatePerAddress"]
    assert rate["Action"] == {"Block": {}}
    assert rate["Statement"]["RateBasedStatement"] == {
        "AggregateKeyType": "IP",
        "Limit": REQUESTS_PER_ADDRESS_PER_5_MIN,
    }
    managed = rules["AwsCommonRules"]["Statement"]["ManagedRuleGroupStatement"]
    assert managed == {"VendorName": "AWS", "Name": "AWSManagedRulesCommonRuleSet"}
    condition = synthesized.stack_template["Conditions"][acl["Condition"]]
    assert condition == {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]}
    assert _distribution(synthesized)["WebACLId"] == {
        "Fn::If": [acl["Condition"], {"Fn::GetAtt": [acl_id, "Arn"]}, {"Ref": "AWS::NoValue"}]
    }


def _hosting_only(**options: Any) -> dict[str, Any]:
    app = cdk.App()
    stack = cdk.Stack(app, "HostingOnly", env=cdk.Environment(region="us-east-1"))
    WebHosting(
        stack,
        "Hosting",
        runtime_config={"apiUrl": "https://api.example.com"},
        api_url="https://api.example.com",
        websocket_url="wss://ws.example.com/live",
        **options,
    )
    resources: dict[str, Any] = Template.from_stack(stack).to_json()["Resources"]
    return resources


def test_a_given_web_acl_is_used_instead_of_creating_one() -> None:
    arn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/interview/abc"
    resources = _hosting_only(web_acl_arn=arn)
    assert not [r for r in resources.values() if r["Type"] == "AWS::WAFv2::WebACL"]
    (distribution,) = [r for r in resources.values() if r["Type"] == "AWS::CloudFront::Distribution"]
    assert distribution["Properties"]["DistributionConfig"]["WebACLId"] == arn


def test_tls12_floor_with_a_custom_domain() -> None:
    """Given a domain and certificate, then viewers need TLS 1.2 (2021 policy) and SNI."""
    config = _hosting_only(
        custom_domain=CustomDomain(
            domain_name="practice.example.com",
            certificate_arn="arn:aws:acm:us-east-1:123456789012:certificate/abc",
        ),
    )
    (distribution,) = [r for r in config.values() if r["Type"] == "AWS::CloudFront::Distribution"]
    props = distribution["Properties"]["DistributionConfig"]
    assert props["Aliases"] == ["practice.example.com"]
    assert props["ViewerCertificate"]["MinimumProtocolVersion"] == "TLSv1.2_2021"
    assert props["ViewerCertificate"]["SslSupportMethod"] == "sni-only"


def test_web_app_url_is_an_output(synthesized: Any) -> None:
    assert "WebAppUrl" in synthesized.stack_template["Outputs"]
