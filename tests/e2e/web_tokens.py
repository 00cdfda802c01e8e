"""Handing a user's tokens (from the REST API) to the web app, as its sign-in page would store them."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

from local_platform.client import ApiClient, own_loopback_address

PASSWORD = "Practice2Interview"


def page_signed_in(browser: Any, base: str, tokens: dict[str, Any], email: str, **context_args: Any) -> Any:
    """A new page of the web app signed in with `tokens` (the app keeps them in localStorage)."""
    page = browser.new_context(**context_args).new_page()
    page.goto(f"{base}/signin/")
    auth = {
        "accessToken": tokens["access_token"],
        "refreshToken": tokens.get("refresh_token"),
        "expiresAt": int(time.time() * 1000) + int(tokens["expires_in"]) * 1000,
        "email": email,
    }
    page.evaluate("(a) => localStorage.setItem('interview.auth', a)", json.dumps(auth))
    return page


@dataclass(frozen=True)
class WebUser:
    """A user signed up over REST (where the browser sign-up is not what a test is about)."""

    api: ApiClient
    tokens: dict[str, Any]
    email: str

    def page(self, browser: Any, base: str, **context_args: Any) -> Any:
        return page_signed_in(browser, base, self.tokens, self.email, **context_args)


def api_user(base: str) -> WebUser:
    """A new user from a loopback address of its own, so API sign-ups leave 127.0.0.1's sign-up limit
    (10 an hour) to the browser sign-ups."""
    api = ApiClient(base, source_address=own_loopback_address())
    email = f"web-{uuid.uuid4().hex[:10]}@example.com"
    return WebUser(api, api.signup(email, PASSWORD), email)
