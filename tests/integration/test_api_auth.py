"""REST authentication against Cognito in the embedded AWS; tokens verified against the pool's JWKS."""

from __future__ import annotations

import gzip
import json
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
import moto.cognitoidp
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from platform_users import PASSWORD

from local_platform.client import ApiClient, admin_confirmation, own_loopback_address

pytestmark = pytest.mark.integration


def _claims(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


def test_signup_confirm_login_refresh_give_working_tokens(platform: Any) -> None:
    # Given a new account confirmed with the code mailed to it
    api = ApiClient(platform.url, source_address=own_loopback_address())
    email = f"new-{uuid.uuid4().hex[:8]}@example.com"
    signed_up = api.signup(email, PASSWORD)
    assert signed_up["expires_in"] > 0
    # When logging in and refreshing
    login = api.login(email, PASSWORD)
    refreshed = api.request("POST", "/auth/refresh", json={"refresh_token": login["refresh_token"]})
    # Then every access token opens the API
    assert refreshed.status_code == 200, refreshed.text
    for token in (signed_up["access_token"], login["access_token"], refreshed.json()["access_token"]):
        r = api.http.get("/v1/sessions", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 200


def test_wrong_password_is_401_with_the_error_shape(platform: Any) -> None:
    api = ApiClient(platform.url, source_address=own_loopback_address())
    email = f"pw-{uuid.uuid4().hex[:8]}@example.com"
    api.signup(email, PASSWORD)
    r = api.request("POST", "/auth/login", json={"email": email, "password": "Wrong-password-1"})
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "unauthenticated"


def _sign_up(api: ApiClient, email: str, password: str = PASSWORD) -> Any:
    return api.request("POST", "/auth/signup", json={"email": email, "password": password})


def test_signup_answers_the_same_for_a_new_and_an_existing_email(platform: Any) -> None:
    # Given an account that exists and is confirmed
    owner = ApiClient(platform.url, source_address=own_loopback_address())
    taken = f"taken-{uuid.uuid4().hex[:8]}@example.com"
    owner.signup(taken, PASSWORD)
    mails_before = len(owner.http.get("/local/mailbox", params={"email": taken}).json()["messages"])
    # When someone signs up with it (another password) and with a fresh email
    prober = ApiClient(platform.url, source_address=own_loopback_address())
    existing = _sign_up(prober, taken, "Another-password-9")
    fresh = _sign_up(prober, f"fresh-{uuid.uuid4().hex[:8]}@example.com")
    # Then both answers are identical, and the existing account is untouched
    assert (existing.status_code, existing.json()) == (fresh.status_code, fresh.json())
    assert existing.status_code == 202 and existing.json()["status"] == "verification_sent"
    assert owner.login(taken, PASSWORD)["access_token"]
    r = prober.request("POST", "/auth/login", json={"email": taken, "password": "Another-password-9"})
    assert r.status_code == 401
    mails_after = len(owner.http.get("/local/mailbox", params={"email": taken}).json()["messages"])
    assert mails_after == mails_before


def test_unconfirmed_sign_in_is_403_and_a_wrong_code_is_refused(platform: Any) -> None:
    # Given a sign-up that was not confirmed
    api = ApiClient(platform.url, source_address=own_loopback_address())
    email = f"pending-{uuid.uuid4().hex[:8]}@example.com"
    assert _sign_up(api, email).status_code == 202
    code = api.mailed_code(email)
    # Then signing in is refused as not confirmed (only with the right password)
    r = api.request("POST", "/auth/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 403 and r.json()["error"]["code"] == "not_confirmed"
    wrong_pw = api.request("POST", "/auth/login", json={"email": email, "password": "Wrong-password-1"})
    assert wrong_pw.status_code == 401
    # And a wrong code, or a code for an unknown email, is refused the same way
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for who, attempt in ((email, wrong), (f"nobody-{uuid.uuid4().hex[:8]}@example.com", code)):
        r = api.request("POST", "/auth/confirm", json={"email": who, "code": attempt})
        assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_code", r.text
    # When a new code is sent, the old one no longer confirms and the new one does
    assert api.request("POST", "/auth/resend", json={"email": email}).status_code == 202
    new_code = api.mailed_code(email)
    if new_code != code:
        r = api.request("POST", "/auth/confirm", json={"email": email, "code": code})
        assert r.status_code == 400
    assert api.request("POST", "/auth/confirm", json={"email": email, "code": new_code}).status_code == 204
    # Then the account signs in; the used code confirms nothing any more
    assert api.login(email, PASSWORD)["access_token"]
    r = api.request("POST", "/auth/confirm", json={"email": email, "code": new_code})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_code"


def test_a_deployed_smoke_user_is_confirmed_by_the_operator(platform: Any) -> None:
    """`interview smoke --user-pool-id`: no mailbox to read; AdminConfirmSignUp on the operator's keys."""
    api = ApiClient(platform.url, source_address=own_loopback_address())
    email = f"smoke-{uuid.uuid4().hex[:8]}@example.com"
    tokens = api.signup(email, PASSWORD, admin_confirmation(platform.aws.env["USER_POOL_ID"]))
    assert api.http.get(
        "/v1/sessions", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    ).is_success


def test_resend_answers_the_same_for_any_email(platform: Any) -> None:
    api = ApiClient(platform.url, source_address=own_loopback_address())
    confirmed = f"done-{uuid.uuid4().hex[:8]}@example.com"
    api.signup(confirmed, PASSWORD)
    answers = [
        api.request("POST", "/auth/resend", json={"email": email})
        for email in (confirmed, f"ghost-{uuid.uuid4().hex[:8]}@example.com")
    ]
    assert {(r.status_code, r.text) for r in answers} == {(202, answers[0].text)}


def test_weak_password_is_422_naming_the_field(platform: Any) -> None:
    r = ApiClient(platform.url, source_address=own_loopback_address()).request(
        "POST", "/auth/signup", json={"email": "weak@example.com", "password": "short"}
    )
    assert r.status_code == 422
    assert r.json()["error"]["details"][0]["field"] == "password"


def _moto_signing_key() -> dict[str, Any]:
    """moto signs every pool's tokens with this one key (see notes/local-aws.md)."""
    path = Path(moto.cognitoidp.__file__).parent / "resources" / "jwks-private.json.gz"
    key: dict[str, Any] = json.loads(gzip.decompress(path.read_bytes()))
    return key


def _forge(claims: dict[str, Any], key: Any, kid: str = "dummy") -> str:
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


@pytest.mark.parametrize("case", ["expired", "malformed", "foreign", "missing", "id_token_shape"])
def test_bad_tokens_are_401(alice: ApiClient, case: str) -> None:
    # Given a genuine token's claims
    claims = _claims(alice.access_token or "")
    moto_key = jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(_moto_signing_key()))
    if case == "expired":  # correctly signed by the pool's key, but past its expiry
        token = _forge({**claims, "iat": int(time.time()) - 7200, "exp": int(time.time()) - 3600}, moto_key)
    elif case == "malformed":
        token = "not.a.jwt"
    elif case == "foreign":  # same claims and kid, signed by another key
        token = _forge(claims, rsa.generate_private_key(public_exponent=65537, key_size=2048))
    elif case == "missing":
        token = ""
    else:  # a validly signed token that is not an access token for this client
        token = _forge({**claims, "token_use": "id"}, moto_key)
    # When calling the API with it
    r = alice.http.get("/v1/sessions", headers={"Authorization": f"Bearer {token}"} if token else {})
    # Then it is refused with the one error shape
    assert r.status_code == 401, r.text
    assert r.json()["error"]["code"] == "unauthenticated"


def test_health_needs_no_token(platform: Any) -> None:
    r = ApiClient(platform.url, source_address=own_loopback_address()).request("GET", "/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"
