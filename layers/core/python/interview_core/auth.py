"""Authentication: Cognito behind a small adapter, and access-token verification against the JWKS.

The same verifier guards the REST API and the WebSocket `$connect` authorizer, so a token means
the same thing on every surface.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jwt
from botocore.exceptions import ClientError

from interview_core.domain import Role
from interview_core.errors import (
    AuthenticationError,
    InvalidCodeError,
    NotConfirmedError,
    NotFoundError,
    RateLimitedError,
    UpstreamError,
    ValidationFailedError,
)


@dataclass(frozen=True)
class Principal:
    user_id: str
    groups: tuple[str, ...]
    username: str


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str | None
    expires_in: int


class TokenVerifier:
    """Verifies Cognito access tokens: RS256 signature from the pool's JWKS, issuer, expiry, client."""

    def __init__(self, jwks_url: str, issuer: str, client_id: str, leeway_s: int = 5) -> None:
        self._jwks = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=3600)
        self._issuer = issuer
        self._client_id = client_id
        self._leeway = leeway_s

    def verify(self, token: str | None) -> Principal:
        if not token:
            raise AuthenticationError("missing bearer token")
        try:
            key = self._jwks.get_signing_key_from_jwt(token)
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                algorithms=["RS256"],
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": ["exp", "iat", "sub", "iss"], "verify_aud": False},
            )
        except jwt.ExpiredSignatureError as e:
            raise AuthenticationError("token expired") from e
        except jwt.PyJWKClientConnectionError as e:
            raise UpstreamError("cannot fetch signing keys") from e
        except (jwt.PyJWTError, ValueError) as e:
            raise AuthenticationError("invalid token") from e
        # Cognito access tokens carry client_id (ID tokens carry aud instead): accept access tokens only.
        if claims.get("token_use") != "access" or claims.get("client_id") != self._client_id:
            raise AuthenticationError("not an access token for this application")
        return Principal(
            user_id=claims["sub"],
            groups=tuple(claims.get("cognito:groups", [])),
            username=claims.get("username", claims["sub"]),
        )


# Cognito's answers to a confirmation that does not match a pending sign-up (with user existence
# errors prevented, an unknown user answers CodeMismatch too); and its throttles on codes.
_CODE_REFUSALS = frozenset(
    {"CodeMismatchException", "ExpiredCodeException", "NotAuthorizedException", "UserNotFoundException"}
)
_COGNITO_THROTTLES = frozenset({"TooManyFailedAttemptsException", "LimitExceededException"})


class CognitoIdentity:
    """The identity provider adapter: the only code that calls cognito-idp."""

    def __init__(self, cognito: Any, user_pool_id: str, client_id: str) -> None:
        self._idp = cognito
        self._pool = user_pool_id
        self._client = client_id

    def sign_up(self, email: str, password: str) -> str | None:
        """Register an unconfirmed candidate (the pool emails a code); the new user's `sub`, or None
        when the email has an account already (the caller must not tell the two apart)."""
        try:
            r = self._idp.sign_up(
                ClientId=self._client,
                Username=email,
                Password=password,
                UserAttributes=[{"Name": "email", "Value": email}],
            )
            self._idp.admin_add_user_to_group(
                UserPoolId=self._pool, Username=email, GroupName=Role.CANDIDATE.value
            )
        except ClientError as e:
            code = e.response["Error"]["Code"]
            if code == "UsernameExistsException":
                return None
            if code in ("InvalidPasswordException", "InvalidParameterException"):
                raise ValidationFailedError(e.response["Error"]["Message"], field="password") from e
            raise UpstreamError("sign-up failed") from e
        sub: str = r["UserSub"]
        return sub

    def confirm(self, email: str, code: str) -> None:
        """Confirm a sign-up with the emailed code. A wrong or expired code, an unknown email and an
        account confirmed already all answer the same (the pool's client hides which users exist)."""
        try:
            self._idp.confirm_sign_up(ClientId=self._client, Username=email, ConfirmationCode=code)
        except ClientError as e:
            error = e.response["Error"]["Code"]
            if error in _CODE_REFUSALS:
                raise InvalidCodeError("the code is wrong or has expired", field="code") from e
            if error in _COGNITO_THROTTLES:
                raise RateLimitedError("too many attempts; try again later", retry_after_s=60) from e
            raise UpstreamError("confirmation failed") from e

    def resend_code(self, email: str) -> None:
        """Email a new code to an unconfirmed account; silently nothing for any other email."""
        try:
            self._idp.resend_confirmation_code(ClientId=self._client, Username=email)
        except ClientError as e:
            error = e.response["Error"]["Code"]
            if error in _COGNITO_THROTTLES:
                raise RateLimitedError("too many codes sent; try again later", retry_after_s=60) from e
            if error not in ("UserNotFoundException", "InvalidParameterException", "NotAuthorizedException"):
                raise UpstreamError("sending the code failed") from e

    def _auth(self, flow: str, params: dict[str, str]) -> Tokens:
        try:
            r = self._idp.initiate_auth(ClientId=self._client, AuthFlow=flow, AuthParameters=params)
        except ClientError as e:
            code = e.response["Error"]["Code"]
            if code in ("NotAuthorizedException", "UserNotFoundException"):
                raise AuthenticationError("invalid credentials") from e
            if code == "UserNotConfirmedException":  # only said after the right password
                raise NotConfirmedError("confirm your email address with the code sent to it") from e
            raise UpstreamError("authentication failed") from e
        result = r["AuthenticationResult"]
        return Tokens(
            access_token=result["AccessToken"],
            refresh_token=result.get("RefreshToken") or params.get("REFRESH_TOKEN"),
            expires_in=int(result["ExpiresIn"]),
        )

    def login(self, email: str, password: str) -> Tokens:
        return self._auth("USER_PASSWORD_AUTH", {"USERNAME": email, "PASSWORD": password})

    def refresh(self, refresh_token: str) -> Tokens:
        return self._auth("REFRESH_TOKEN_AUTH", {"REFRESH_TOKEN": refresh_token})

    def add_to_group(self, email: str, role: Role) -> None:
        """Give a registered user a role; it shows in the tokens issued from the next sign-in on."""
        try:
            self._idp.admin_add_user_to_group(UserPoolId=self._pool, Username=email, GroupName=role.value)
        except ClientError as e:
            if e.response["Error"]["Code"] == "UserNotFoundException":
                raise NotFoundError("no user with this email", field="email") from e
            raise UpstreamError("adding the user to the group failed") from e

    def sign_out_everywhere(self, username: str) -> None:
        """Revoke every refresh token of the user (access tokens are refused by the account's tombstone)."""
        self._on_user(self._idp.admin_user_global_sign_out, username, "sign-out failed")

    def delete_user(self, username: str) -> None:
        self._on_user(self._idp.admin_delete_user, username, "account deletion failed")

    def _on_user(self, call: Any, username: str, failure: str) -> None:
        """An admin call on one user; a user who is gone already is not an error (deletion repeats)."""
        try:
            call(UserPoolId=self._pool, Username=username)
        except ClientError as e:
            if e.response["Error"]["Code"] != "UserNotFoundException":
                raise UpstreamError(failure) from e
