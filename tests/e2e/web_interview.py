"""A web app interview as the browser tests observe it: a signed-up candidate's consented session, the
segments the platform accepted, and the recording they were joined into."""

from __future__ import annotations

import time
import uuid
from typing import Any

import boto3
import httpx
from web_signup import sign_up_in_page
from web_tokens import PASSWORD, api_user


def rest_client(base: str, token: str) -> httpx.Client:
    """The REST API as the candidate with that access token."""
    return httpx.Client(base_url=f"{base}/v1", headers={"Authorization": f"Bearer {token}"}, timeout=60)


def page_token(page: Any) -> str:
    """The access token the web app keeps for the candidate signed in to `page`."""
    return str(page.evaluate("() => JSON.parse(localStorage.getItem('interview.auth')).accessToken"))


def _consented_session(rest: httpx.Client) -> str:
    consent = {"recording": True, "analysis": True, "retention_days": 7}
    r = rest.post("/sessions", json={"role": "general", "consent": consent})
    return str(r.raise_for_status().json()["session_id"])


def signed_up_with_session(page: Any, base: str, who: str = "web") -> tuple[httpx.Client, str]:
    """A new candidate signed up in the page, their REST client, and a consented session of theirs."""
    sign_up_in_page(page, base, f"{who}-{uuid.uuid4().hex[:10]}@example.com", PASSWORD)
    rest = rest_client(base, page_token(page))
    return rest, _consented_session(rest)


def signed_in_with_session(browser: Any, base: str, **context_args: Any) -> tuple[Any, httpx.Client, str]:
    """A new candidate signed up over REST (`api_user`: the browser's sign-up limit is left to the tests
    about signing up), a page of theirs in `browser`, their REST client, and a consented session."""
    user = api_user(base)
    rest = rest_client(base, str(user.tokens["access_token"]))
    return user.page(browser, base, **context_args), rest, _consented_session(rest)


def start_answering(page: Any) -> None:
    """From the camera check: calibration left out, on to the interview, and recording the first answer."""
    page.get_by_label("Calibrate where I look (about 7 seconds at the start)").uncheck()
    page.get_by_role("button", name="Continue to interview").click()
    page.wait_for_url("**/interview/**")
    page.locator("[data-testid=link-state][data-state=online]").wait_for(timeout=20000)
    page.get_by_role("button", name="Start answering").click()
    page.get_by_test_id("recording-indicator").wait_for()


def stored_chunks(platform: Any, session_id: str) -> list[dict[str, Any]]:
    """The segments the platform accepted, by seq, as recorded (the objects themselves are joined and
    removed)."""
    table = boto3.resource("dynamodb", endpoint_url=platform.aws.endpoint, region_name="us-east-1").Table(
        platform.aws.env["CHUNKS_TABLE"]
    )
    items = table.query(
        KeyConditionExpression="session_id = :s AND begins_with(item_id, :c)",
        ExpressionAttributeValues={":s": session_id, ":c": "chunk#"},
        ConsistentRead=True,
    )["Items"]
    return sorted((i for i in items if i["status"] != "requested"), key=lambda i: int(i["seq"]))


def joined_recording(rest: httpx.Client, session_id: str, timeout_s: float = 120) -> dict[str, Any]:
    """`GET /sessions/{id}/media` once the segments were joined into one recording."""
    deadline = time.time() + timeout_s
    while (media := rest.get(f"/sessions/{session_id}/media").raise_for_status().json())[
        "recording"
    ] is None and time.time() < deadline:
        time.sleep(1)
    assert media["recording"] is not None, "the segments were not joined into one recording"
    return dict(media)
