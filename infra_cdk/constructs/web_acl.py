"""The WAF web ACL in front of CloudFront: a per-address rate limit and AWS's common rule set.

Why only CloudFront: API Gateway HTTP and WebSocket APIs cannot be associated with a WAF web ACL
(only REST APIs, ALBs, AppSync, Cognito and CloudFront can). The APIs are protected by their stage
and route throttles and the per-user quotas and per-address limits in the app (services/limits.py).

A CLOUDFRONT-scoped ACL must be created in us-east-1. The stack is region-agnostic, so the ACL is
created under a condition (the stack's region is us-east-1) and the distribution refers to it only
there; elsewhere pass `-c web_acl_arn=...`: an ACL created in us-east-1 (e.g. a small stack of its
own), which the distribution then uses in every region.
"""

from __future__ import annotations

from aws_cdk import Aws, CfnCondition, Fn
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

# Requests per source address in any 5-minute window (WAF's evaluation window); a candidate's
# whole session loads a few dozen static files, so only floods reach it.
REQUESTS_PER_ADDRESS_PER_5_MIN = 1000


def _visibility(metric: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=metric, sampled_requests_enabled=True
    )


class CloudFrontWebAcl(Construct):
    """`arn` is the ACL the distribution uses: the given one, else this stack's where it can exist."""

    def __init__(self, scope: Construct, construct_id: str, *, existing_arn: str | None = None) -> None:
        super().__init__(scope, construct_id)
        if existing_arn:
            self.arn = existing_arn
            return
        in_us_east_1 = CfnCondition(
            self, "InUsEast1", expression=Fn.condition_equals(Aws.REGION, "us-east-1")
        )
        acl = wafv2.CfnWebACL(
            self,
            "WebAcl",
            scope="CLOUDFRONT",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            visibility_config=_visibility("interview-web"),
            rules=[
                wafv2.CfnWebACL.RuleProperty(
                    name="RatePerAddress",
                    priority=0,
                    action=wafv2.CfnWebACL.RuleActionProperty(block={}),
                    statement=wafv2.CfnWebACL.StatementProperty(
                        rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                            aggregate_key_type="IP", limit=REQUESTS_PER_ADDRESS_PER_5_MIN
                        )
                    ),
                    visibility_config=_visibility("interview-web-rate"),
                ),
                wafv2.CfnWebACL.RuleProperty(
                    name="AwsCommonRules",
                    priority=1,
                    override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
                    statement=wafv2.CfnWebACL.StatementProperty(
                        managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                            vendor_name="AWS", name="AWSManagedRulesCommonRuleSet"
                        )
                    ),
                    visibility_config=_visibility("interview-web-common"),
                ),
            ],
        )
        acl.cfn_options.condition = in_us_east_1
        self.arn = Fn.condition_if(in_us_east_1.logical_id, acl.attr_arn, Aws.NO_VALUE).to_string()
