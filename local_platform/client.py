"""A small client of the platform's public surfaces (REST + WebSocket + presigned uploads).

Used by `interview demo`, the benchmarks and the end-to-end tests, so they all speak the protocol
exactly as the web app does.
"""

from __future__ import annotations

import json
import queue
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

Message = dict[str, Any]


def own_loopback_address() -> str:
    """A random 127.x.y.z: on one machine, a client bound to it is a caller of its own to the
    per-address limits (sign-ups, logins), as separate people are on AWS."""
    return f"127.{random.randint(1, 254)}.{random.randint(0, 255)}.{random.randint(1, 254)}"


def admin_confirmation(user_pool_id: str) -> Callable[[str], None]:
    """For a throw-away user on a deployed stack, whose code goes to an address no one reads:
    confirmed with AdminConfirmSignUp, on the caller's own AWS credentials."""

    def confirm(email: str) -> None:
        import boto3

        boto3.client("cognito-idp").admin_confirm_sign_up(UserPoolId=user_pool_id, Username=email)

    return confirm


class ApiClient:
    def __init__(self, base_url: str, timeout: float = 30.0, source_address: str | None = None) -> None:
        transport = httpx.HTTPTransport(local_address=source_address) if source_address else None
        self.http = httpx.Client(base_url=base_url, timeout=timeout, transport=transport)
        self.access_token: str | None = None
        self.refresh_token: str | None = None

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"} if self.access_token else {}

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.request(
            method, f"/v1{path}", headers={**self._auth(), **kwargs.pop("headers", {})}, **kwargs
        )

    def _tokens(self, r: httpx.Response) -> Message:
        r.raise_for_status()
        body: Message = r.json()
        self.access_token, self.refresh_token = body["access_token"], body.get("refresh_token")
        return body

    def signup(self, email: str, password: str, confirm: Callable[[str], None] | None = None) -> Message:
        """Sign up, confirm, sign in. `confirm` defaults to the code from the local platform's mailbox
        (a deployed stack emails it: see `admin_confirmation`)."""
        r = self.request("POST", "/auth/signup", json={"email": email, "password": password})
        r.raise_for_status()
        (confirm or self.confirm_with_mailed_code)(email)
        return self.login(email, password)

    def confirm_with_mailed_code(self, email: str) -> None:
        self.request(
            "POST", "/auth/confirm", json={"email": email, "code": self.mailed_code(email)}
        ).raise_for_status()

    def mailed_code(self, email: str) -> str:
        """The latest code the local platform "emailed" to `email`."""
        r = self.http.get("/local/mailbox", params={"email": email})
        r.raise_for_status()
        messages = r.json()["messages"]
        if not messages:
            raise LookupError(f"no mail to {email}")
        code: str = messages[-1]["code"]
        return code

    def login(self, email: str, password: str) -> Message:
        return self._tokens(self.request("POST", "/auth/login", json={"email": email, "password": password}))

    def create_session(
        self, role: str = "general", retention_days: int = 30, question_ids: list[str] | None = None
    ) -> Message:
        body = {
            "role": role,
            "consent": {"recording": True, "analysis": True, "retention_days": retention_days},
            **({"question_ids": question_ids} if question_ids else {}),
        }
        r = self.request("POST", "/sessions", json=body)
        r.raise_for_status()
        created: Message = r.json()
        return created

    def report(self, session_id: str) -> httpx.Response:
        return self.request("GET", f"/sessions/{session_id}/report")


@dataclass
class LiveConnection:
    """A WebSocket to the gateway with a reader thread; messages are kept for `wait_for`."""

    ws: ClientConnection
    inbox: queue.Queue[Message] = field(default_factory=queue.Queue)
    seen: list[tuple[float, Message]] = field(default_factory=list)
    closed: threading.Event = field(default_factory=threading.Event)

    @classmethod
    def open(cls, ws_url: str, token: str, **kwargs: Any) -> LiveConnection:
        conn = cls(ws=connect(f"{ws_url}?token={token}", max_size=None, **kwargs))
        threading.Thread(target=conn._read, daemon=True).start()
        return conn

    def _read(self) -> None:
        try:
            for raw in self.ws:
                msg = json.loads(raw)
                self.seen.append((time.perf_counter(), msg))
                self.inbox.put(msg)
        except (ConnectionClosed, OSError):
            pass
        finally:
            self.closed.set()

    def send(self, action: str, **fields: Any) -> float:
        self.ws.send(json.dumps({"action": action, **fields}))
        return time.perf_counter()

    def wait_for(self, predicate: Callable[[Message], bool], timeout: float = 60.0) -> Message:
        """The next matching message; others stay in `seen` for later inspection."""
        deadline = time.time() + timeout
        while True:
            remaining = deadline - time.time()
            if remaining <= 0:
                raise TimeoutError("no matching message arrived")
            try:
                msg = self.inbox.get(timeout=min(remaining, 0.5))
            except queue.Empty:
                if self.closed.is_set():
                    raise ConnectionError("connection closed while waiting") from None
                continue
            if predicate(msg):
                return msg

    def close(self) -> None:
        self.ws.close()


def upload(url: str, headers: dict[str, str], data: bytes, timeout: float = 60.0) -> None:
    r = httpx.put(url, content=data, headers=headers, timeout=timeout)
    r.raise_for_status()


def send_segment(
    conn: LiveConnection,
    session_id: str,
    seq: int,
    data: bytes,
    content_type: str,
    offset_s: float,
    answer_index: int | None = None,
    timeout: float = 30.0,
) -> float:
    """Request, upload and confirm one segment; returns when `chunk.uploaded` was sent."""
    conn.send(
        "chunk.request",
        session_id=session_id,
        seq=seq,
        content_type=content_type,
        size_bytes=len(data),
        offset_s=offset_s,
        **({"answer_index": answer_index} if answer_index is not None else {}),
    )
    reply = conn.wait_for(
        lambda m: m.get("seq") == seq and m["type"] in ("chunk.upload_url", "error"), timeout
    )
    if reply["type"] == "error":
        raise RuntimeError(f"segment {seq} refused: {reply['code']}: {reply['message']}")
    upload(reply["url"], reply["headers"], data)
    return conn.send("chunk.uploaded", session_id=session_id, seq=seq)
