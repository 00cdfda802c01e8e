"""Signing up in the web app as a candidate does: details, then the code emailed to them (read from
the local platform's mailbox), then the dashboard."""

from __future__ import annotations

from typing import Any

from local_platform.client import ApiClient


def sign_up_in_page(
    page: Any, base: str, email: str, password: str, screenshot: Any = None, shot: str | None = None
) -> None:
    page.goto(f"{base}/signup/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    if shot and screenshot:
        screenshot(page, shot)
    page.get_by_role("button", name="Create account").click()
    code_field = page.get_by_label("Verification code")
    code_field.wait_for()
    code_field.fill(ApiClient(base).mailed_code(email))
    if shot and screenshot:
        screenshot(page, f"{shot}-code")
    page.get_by_role("button", name="Confirm and sign in").click()
    page.wait_for_url("**/dashboard/")
