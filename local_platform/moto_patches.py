"""The one place that changes moto's behaviour; each change is small and tested (tests/integration).

1. Lambda invocation: moto runs Lambda code only inside Docker, which this platform does not have.
   `route_lambda_to_handlers` makes moto's invoke call the same Python handler in-process, so
   Step Functions `lambda:invoke` tasks (with their Retry/Catch) and direct invokes run our code.
   Handler strings are the ones CDK deploys ("pipeline.record_analysis.handler", relative to the
   `functions/` asset root), mapped to the `functions.` package here. A container-image function's
   handler is its image's CMD (the content image puts `functions/` at the same root). Lambda calls a
   handler on a thread with an event loop (Mangum runs the REST app on it); moto's request threads
   have none, so an invocation gets its own for its duration.
2. Cognito confirmation codes: moto confirms a sign-up with any code and cannot resend one.
   `deliver_confirmation_codes` has sign-up and ResendConfirmationCode issue a code to the local
   mailbox (local_platform/mailbox.py) and ConfirmSignUp accept only the latest code issued, with
   Cognito's answers when user existence errors are prevented (an unknown user: CodeMismatch; a
   confirmed one: NotAuthorized on confirm, InvalidParameter on resend).
"""

from __future__ import annotations

import asyncio
import importlib
import json
import secrets
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from moto.awslambda import models as lambda_models
from moto.cognitoidp import responses as cognito_responses
from moto.cognitoidp.exceptions import (
    CodeMismatchException,
    InvalidParameterException,
    NotAuthorizedError,
)
from moto.cognitoidp.models import CognitoIdpUser, UserStatus
from moto.core.responses import ActionResult

from local_platform.mailbox import MAILBOX, Mailbox

_original_invoke = lambda_models.LambdaFunction._invoke_lambda
_installed = False


class LambdaContext:
    """The parts of the Lambda context object our handlers and Powertools read."""

    def __init__(
        self, function_name: str, function_arn: str, memory_mb: int = 128, timeout_ms: int = 300_000
    ) -> None:
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.invoked_function_arn = function_arn
        self.memory_limit_in_mb = memory_mb
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = "local"
        self._timeout_ms = timeout_ms

    def get_remaining_time_in_millis(self) -> int:
        return self._timeout_ms


def resolve_handler(handler: str) -> Callable[[Any, Any], Any]:
    module_name, _, attr = handler.rpartition(".")
    module = importlib.import_module(f"functions.{module_name}")
    fn: Callable[[Any, Any], Any] = getattr(module, attr)
    return fn


@contextmanager
def _event_loop() -> Iterator[None]:
    """An event loop on this thread while a handler runs (Mangum's `asyncio.get_event_loop()`)."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        yield
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def _invoke_in_process(self: Any, event: Any = None) -> tuple[str, bool, str]:
    payload = json.loads(event) if isinstance(event, str) else (event or {})
    try:
        context = LambdaContext(self.function_name, self.function_arn, int(self.memory_size or 128))
        handler = self.handler or self.image_config.cmd[0]  # an image's CMD names its handler
        with _event_loop():
            result = resolve_handler(handler)(payload, context)
        return json.dumps(result, default=str), False, ""
    except Exception as e:
        error = {
            "errorType": type(e).__name__,
            "errorMessage": str(e),
            "stackTrace": traceback.format_exc().splitlines()[-5:],
        }
        return json.dumps(error), True, traceback.format_exc()


def route_lambda_to_handlers() -> None:
    global _installed
    if not _installed:
        lambda_models.LambdaFunction._invoke_lambda = _invoke_in_process  # type: ignore[method-assign]
        _installed = True


def restore_lambda() -> None:
    global _installed
    lambda_models.LambdaFunction._invoke_lambda = _original_invoke  # type: ignore[method-assign]
    _installed = False


_Cognito = cognito_responses.CognitoIdpResponse
_original_sign_up = _Cognito.sign_up
_original_confirm = _Cognito.confirm_sign_up
# The code awaiting each unconfirmed (client, email); a resend replaces it, as Cognito's does.
_pending_codes: dict[tuple[str, str], str] = {}


def _user(response: Any, client_id: str, email: str) -> CognitoIdpUser | None:
    backend = response._get_region_agnostic_backend()._find_backend_for_clientid(client_id)
    pool = next((p for p in backend.user_pools.values() if client_id in p.clients), None)
    return pool._get_user(email) if pool else None


def _delivery(email: str) -> dict[str, str]:
    """Cognito's CodeDeliveryDetails for an emailed code."""
    return {"Destination": email, "DeliveryMedium": "EMAIL", "AttributeName": "email"}


def _issue_code(mailbox: Mailbox, client_id: str, email: str) -> None:
    _pending_codes[(client_id, email.lower())] = mailbox.send_code(email)


def deliver_confirmation_codes(mailbox: Mailbox = MAILBOX) -> None:
    def sign_up(self: Any) -> Any:
        result = _original_sign_up(self)
        client_id, email = self._get_param("ClientId"), self._get_param("Username")
        user = _user(self, client_id, email)
        if user is not None and user.status is UserStatus.UNCONFIRMED:
            _issue_code(mailbox, client_id, email)
        return result

    def confirm_sign_up(self: Any) -> Any:
        client_id, email = self._get_param("ClientId"), self._get_param("Username")
        user = _user(self, client_id, email)
        if user is not None and user.status is not UserStatus.UNCONFIRMED:
            status = UserStatus(user.status).value
            raise NotAuthorizedError(f"User cannot be confirmed. Current status is {status}")
        expected = _pending_codes.get((client_id, email.lower()))
        given = self._get_param("ConfirmationCode") or ""
        if user is None or expected is None or not secrets.compare_digest(given, expected):
            raise CodeMismatchException("Invalid verification code provided, please try again.")
        del _pending_codes[(client_id, email.lower())]
        return _original_confirm(self)

    def resend_confirmation_code(self: Any) -> ActionResult:
        client_id, email = self._get_param("ClientId"), self._get_param("Username")
        user = _user(self, client_id, email)
        if user is not None and user.status is not UserStatus.UNCONFIRMED:
            raise InvalidParameterException("User is already confirmed.")
        if user is not None:  # else existence hidden: a delivery is claimed, nothing is sent
            _issue_code(mailbox, client_id, email)
        return ActionResult({"CodeDeliveryDetails": _delivery(email)})

    _Cognito.sign_up = sign_up  # type: ignore[method-assign]
    _Cognito.confirm_sign_up = confirm_sign_up  # type: ignore[method-assign]
    _Cognito.resend_confirmation_code = resend_confirmation_code  # type: ignore[attr-defined]


def restore_cognito() -> None:
    _Cognito.sign_up = _original_sign_up  # type: ignore[method-assign]
    _Cognito.confirm_sign_up = _original_confirm  # type: ignore[method-assign]
    del _Cognito.resend_confirmation_code  # type: ignore[attr-defined]
