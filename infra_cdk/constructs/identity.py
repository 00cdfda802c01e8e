"""Cognito: who the candidate is. Roles are groups, so they arrive in the token's `cognito:groups`."""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_cognito as cognito
from constructs import Construct

from infra_cdk.nag import acknowledge

GROUPS: tuple[str, ...] = ("candidate", "coach", "admin")


class Identity(Construct):
    """User pool (self sign-up, email sign-in), a public app client and the role groups.

    `threat_protection` (`-c threat_protection=true`): Cognito's threat protection, blocking
    compromised credentials and risky sign-ins, on the Plus feature plan (priced per active user, so
    off by default for pay-per-use deployments; the app's own login and sign-up limits apply either way).
    """

    def __init__(self, scope: Construct, construct_id: str, *, threat_protection: bool = False) -> None:
        super().__init__(scope, construct_id)
        self.user_pool = cognito.UserPool(
            self,
            "UserPool",
            self_sign_up_enabled=True,
            sign_in_aliases=cognito.SignInAliases(email=True),
            auto_verify=cognito.AutoVerifiedAttrs(email=True),
            # Sign-up emails a code (POST /v1/auth/confirm); Cognito's own sender allows 50 emails a
            # day: configure `email=UserPoolEmail.with_ses(...)` for real traffic.
            user_verification=cognito.UserVerificationConfig(
                email_style=cognito.VerificationEmailStyle.CODE,
                email_subject="Your interview practice verification code",
                email_body="Your verification code is {####}. It expires in 24 hours.",
            ),
            password_policy=cognito.PasswordPolicy(
                min_length=8,
                require_digits=True,
                require_lowercase=True,
                require_uppercase=True,
                require_symbols=False,
            ),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            removal_policy=RemovalPolicy.RETAIN,
            feature_plan=cognito.FeaturePlan.PLUS if threat_protection else None,
            standard_threat_protection_mode=(
                cognito.StandardThreatProtectionMode.FULL_FUNCTION if threat_protection else None
            ),
        )
        # A browser app cannot keep a secret: no client secret, SRP not needed since the
        # FastAPI app drives USER_PASSWORD_AUTH over TLS and the refresh flow.
        self.client = self.user_pool.add_client(
            "WebClient",
            generate_secret=False,
            auth_flows=cognito.AuthFlow(user_password=True),
            prevent_user_existence_errors=True,
        )
        self.groups = {
            name: cognito.CfnUserPoolGroup(
                self, f"Group{name.title()}", user_pool_id=self.user_pool.user_pool_id, group_name=name
            )
            for name in GROUPS
        }
        acknowledge(
            self.user_pool,
            "AwsSolutions-COG1",
            (
                "Policy is length >= 8 with digits, lower and upper case; symbols are not required "
                "(NIST SP 800-63B advises against composition rules beyond this)."
            ),
        )
        acknowledge(
            self.user_pool,
            "AwsSolutions-COG2",
            "MFA is optional for a practice tool; candidates opt in. Revisit for coach/admin.",
        )
        if not threat_protection:
            acknowledge(
                self.user_pool,
                "AwsSolutions-COG3",
                "Threat protection is a paid add-on: off by default (-c threat_protection=true turns it on).",
            )
            acknowledge(
                self.user_pool,
                "AwsSolutions-COG8",
                "The Plus feature plan (threat protection) is priced per user; off by default (see COG3).",
            )
