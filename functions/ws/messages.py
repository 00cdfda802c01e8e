"""Every action route and `$default`: parse the message, call one use case, reply on the connection.

Replies go through the @connections API (as on AWS); failures become one error frame with a stable
code and never touch the rest of the session.
"""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.parser import parse
from aws_lambda_powertools.utilities.parser.models import APIGatewayWebSocketMessageEventModel
from pydantic import ValidationError

from interview_core.auth import Principal
from interview_core.container import Services, get_services
from interview_core.contracts.ws import (
    CLIENT_MESSAGE,
    SEQ_MAX,
    ChunkAccepted,
    ChunkRequest,
    ChunkUploaded,
    ChunkUploadUrl,
    ErrorMessage,
    QuestionNext,
    QuestionStarted,
    ServerMessage,
    SessionEnd,
    SessionEnding,
    SessionStart,
    SessionStarted,
)
from interview_core.errors import AuthenticationError, InterviewError, ValidationFailedError, excerpt
from interview_core.observability import logger
from interview_core.services import capacity, ingest, sessions


def _principal(svc: Services, connection_id: str) -> Principal:
    connection = svc.repos.connections.get(connection_id)
    if connection is None:
        raise AuthenticationError("unknown connection: reconnect")
    if svc.repos.users.is_deleted(connection.user_id):  # opened before the account was deleted
        svc.notifier.close(connection_id)
        raise AuthenticationError("account deleted")
    return Principal(user_id=connection.user_id, groups=(), username=connection.user_id)


def _dispatch(svc: Services, who: Principal, connection_id: str, msg: Any) -> ServerMessage:
    match msg:
        case SessionStart(session_id=sid):
            session = sessions.start_session(svc, who, sid)
            capacity.session_going_live(svc)  # ahead of the first chunk: workers take minutes to start
            svc.repos.connections.attach_session(connection_id, sid)
            return SessionStarted(
                session_id=sid,
                status=session.status.value,
                answer_index=session.current_answer_index,
                accepted_seqs=ingest.accepted_seqs(svc, sid),
            )
        case ChunkRequest():
            upload = ingest.request_upload(
                svc,
                who,
                msg.session_id,
                msg.seq,
                msg.content_type,
                msg.size_bytes,
                msg.answer_index,
                msg.offset_s,
            )
            return ChunkUploadUrl(
                seq=msg.seq, url=upload.url, headers=upload.headers, expires_in=svc.settings.upload_url_ttl_s
            )
        case ChunkUploaded(session_id=sid, seq=seq):
            acceptance = ingest.confirm_upload(svc, who, sid, seq)
            return ChunkAccepted(seq=seq, duplicate=not acceptance.newly_accepted)
        case QuestionNext(session_id=sid, index=index):
            session = sessions.next_question(svc, who, sid, index)
            current = session.questions[session.current_answer_index]
            return QuestionStarted(
                index=session.current_answer_index, question_id=current.id, text=current.text
            )
        case SessionEnd(session_id=sid):
            sessions.end_session(svc, who, sid)
            return SessionEnding(session_id=sid)
    raise ValidationFailedError("unknown action")


def _parse(body: str | None) -> tuple[Any, int | None]:
    try:
        raw = json.loads(body or "")
    except (ValueError, RecursionError) as e:  # not JSON, nested too deep, or a number too long
        raise ValidationFailedError("message is not JSON within limits") from e
    seq = raw.get("seq") if isinstance(raw, dict) else None
    seq = seq if isinstance(seq, int) and 0 <= seq <= SEQ_MAX else None
    try:
        return CLIENT_MESSAGE.validate_python(raw), seq
    except RecursionError as e:
        raise ValidationFailedError("message nests too deep", seq=seq) from e
    except ValidationError as e:
        first = e.errors()[0]
        field = excerpt(".".join(str(p) for p in first["loc"][1:]) or "action")
        raise ValidationFailedError(f"{field}: {excerpt(first['msg'])}", field=field, seq=seq) from e


@logger.inject_lambda_context
def handler(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    parsed = parse(event=event, model=APIGatewayWebSocketMessageEventModel)
    connection_id = parsed.request_context.connection_id
    svc = get_services()
    seq: int | None = None
    try:
        msg, seq = _parse(parsed.body if isinstance(parsed.body, str) else None)
        reply: ServerMessage = _dispatch(svc, _principal(svc, connection_id), connection_id, msg)
    except InterviewError as e:
        logger.info("action refused", extra={"code": e.code, "error": e.message, "seq": seq})
        reply = ErrorMessage(
            code=e.code,
            message=excerpt(e.message),
            seq=e.details.get("seq", seq),  # type: ignore[arg-type]
            retry_after_s=e.details.get("retry_after_s"),  # type: ignore[arg-type]
        )
    svc.notifier.send(connection_id, reply.model_dump(mode="json", exclude_none=True))
    return {"statusCode": 200}
