"""Handing a user's tokens (from the REST API) to the web app, as its sign-in page would store them."""

from __future__ import annotations

import json
import time
from typing import Any


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
