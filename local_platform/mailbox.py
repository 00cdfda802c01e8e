"""The local platform's outbox: what Cognito would email (sign-up confirmation codes).

On AWS the user pool emails a code and only the mailbox's owner can read it. Locally the embedded
Cognito (moto_patches) "sends" it here instead: kept in memory per address, logged, and readable at
the gateway's local-only `GET /local/mailbox?email=...`, so the web journey and the tests confirm
with the code that was really issued.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import asdict, dataclass

from interview_core.domain import utcnow
from interview_core.observability import logger

# Newest messages kept per address (a resend adds one; older codes stay invalid anyway).
KEPT_PER_ADDRESS = 10


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    code: str
    sent_at: str


class Mailbox:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._mail: dict[str, list[Mail]] = {}

    def send_code(self, to: str) -> str:
        """A fresh 6-digit code, as Cognito sends, delivered to `to`; returns the code."""
        code = f"{secrets.randbelow(1_000_000):06d}"
        mail = Mail(to=to, subject="Your verification code", code=code, sent_at=utcnow().isoformat())
        with self._lock:
            box = self._mail.setdefault(to.lower(), [])
            box.append(mail)
            del box[:-KEPT_PER_ADDRESS]
        logger.info("local mail sent", extra={"to": to, "subject": mail.subject, "code": code})
        return code

    def read(self, to: str) -> list[dict[str, str]]:
        """Messages to `to`, oldest first."""
        with self._lock:
            return [asdict(m) for m in self._mail.get(to.lower(), [])]


MAILBOX = Mailbox()
