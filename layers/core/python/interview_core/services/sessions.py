"""Session lifecycle: create (with consent), start, mark answers, end, delete."""

from __future__ import annotations

import uuid
from functools import partial

from interview_core.auth import Principal
from interview_core.container import Services
from interview_core.contracts.vision import AttentionCalibration, CalibrationSpans
from interview_core.domain import (
    AnswerMark,
    Consent,
    JobDescription,
    Question,
    Session,
    SessionStatus,
    utcnow,
)
from interview_core.errors import SessionStateError, ValidationFailedError
from interview_core.feedback.job_terms import extract_job_terms, rank_questions
from interview_core.observability import logger
from interview_core.services import access, analytics, limits
from interview_core.services.executions import start_once
from interview_core.storage import session_prefix


def create_session(
    svc: Services,
    principal: Principal,
    role: str,
    question_ids: list[str] | None,
    consent: Consent,
    *,
    job_description: str | None = None,
    attention_calibration: AttentionCalibration | None = None,
) -> Session:
    """A new session; with a job description, its key terms are kept and the questions (unless chosen)
    are the role's most relevant to it."""
    if not (consent.recording and consent.analysis):
        raise ValidationFailedError("consent is required: no consent, no session", field="consent")
    job, rank = None, None
    if job_description:
        terms = extract_job_terms(job_description, svc.bank.role(role).questions)
        job = JobDescription(text=job_description, terms=tuple(terms))
        rank = partial(rank_questions, job_description=job_description)
    questions = svc.bank.select(role, question_ids, rank=rank)
    limits.session_created(svc, principal.user_id)
    session = Session(
        session_id=uuid.uuid4().hex,
        owner_id=principal.user_id,
        role=role,
        questions=tuple(Question(id=q.id, text=q.text) for q in questions),
        consent=consent,
        status=SessionStatus.CREATED,
        created_at=utcnow(),
        job=job,
        attention_calibration=attention_calibration,
    )
    created = svc.repos.sessions.create(session)
    analytics.session_started(svc, created)
    return created


def calibrate_session(
    svc: Services,
    principal: Principal,
    session_id: str,
    calibration: AttentionCalibration | CalibrationSpans | None,
) -> Session:
    """Store where this person's gaze points at the camera and at the screen (None clears it): either
    the directions, or the spans of the recording they are read from once those are analysed.

    Only before the session ends: the report is built from the calibration the session ended with.
    """
    session = access.owned(svc, principal, session_id)
    if session.status not in (SessionStatus.CREATED, SessionStatus.LIVE):
        raise SessionStateError(f"session is {session.status.value}", session_id=session_id)
    if isinstance(calibration, CalibrationSpans):
        if calibration.end_s > svc.settings.max_session_s:
            raise ValidationFailedError(
                f"the calibration spans must end within the session's {svc.settings.max_session_s} s",
                field="calibration",
            )
        return svc.repos.sessions.set_calibration(session, None, calibration)
    return svc.repos.sessions.set_calibration(session, calibration)


def start_session(svc: Services, principal: Principal, session_id: str) -> Session:
    """created -> live; starting a live session again is a no-op (a reconnecting client)."""
    session = access.owned(svc, principal, session_id)
    if session.status is SessionStatus.LIVE:
        return session
    if session.status is not SessionStatus.CREATED:
        raise SessionStateError(f"session is {session.status.value}", session_id=session_id)
    limits.session_going_live(svc, session)
    session = svc.repos.sessions.transition(
        session, SessionStatus.LIVE, [SessionStatus.CREATED], started_at=utcnow()
    )
    if not session.answers and session.questions:
        session = svc.repos.sessions.add_answer(
            session, AnswerMark(index=0, question_id=session.questions[0].id, started_at=utcnow())
        )
    return session


def next_question(svc: Services, principal: Principal, session_id: str, index: int | None) -> Session:
    """Mark where the next answer starts; every later segment belongs to it."""
    session = access.owned(svc, principal, session_id)
    if session.status is not SessionStatus.LIVE:
        raise SessionStateError(f"session is {session.status.value}", session_id=session_id)
    target = session.current_answer_index + 1 if index is None else index
    if target == session.current_answer_index and session.answers:
        return session
    if target != session.current_answer_index + 1 or target >= len(session.questions):
        raise ValidationFailedError(
            f"next question index must be {session.current_answer_index + 1} "
            f"(of {len(session.questions)} questions)",
            field="index",
        )
    return svc.repos.sessions.add_answer(
        session, AnswerMark(index=target, question_id=session.questions[target].id, started_at=utcnow())
    )


def finalize_execution_name(session_id: str) -> str:
    return f"{session_id}-finalize"


def end_session(svc: Services, principal: Principal, session_id: str) -> Session:
    """live/created -> ending and start the finalize state machine, once (named execution)."""
    session = access.owned(svc, principal, session_id)
    if session.status in (SessionStatus.ENDING, SessionStatus.COMPLETE):
        return session
    session = svc.repos.sessions.transition(
        session, SessionStatus.ENDING, [SessionStatus.CREATED, SessionStatus.LIVE], ended_at=utcnow()
    )
    limits.session_left_live(svc, session)
    start_once(
        svc,
        svc.settings.finalize_state_machine_arn,
        finalize_execution_name(session_id),
        {"session_id": session_id, "attempt": 0},
    )
    return session


def delete_session(svc: Services, principal: Principal, session_id: str) -> None:
    """Removes media, analyses, the report, shares and comments, then the session itself. A second delete
    is a 404.

    The session is marked `deleting` first: from then on every writer (workers' steps, windows,
    finalize) is refused by its guarded write, and a step that still stored objects removes them
    (`discard_if_gone`). A delete interrupted halfway is finished by deleting again.
    """
    session = access.owned(svc, principal, session_id, deleting=True)
    svc.repos.sessions.mark_deleting(session.session_id)
    limits.session_left_live(svc, session)
    deleted_objects = svc.store.delete_prefix(session_prefix(session.session_id))
    deleted_shares = svc.repos.shares.delete_for_session(session)
    deleted_items = svc.repos.chunks.delete_all(session.session_id)  # comments included
    svc.repos.reports.delete(session.session_id)
    svc.repos.connections.detach_session(session.session_id)
    svc.repos.sessions.delete(session.session_id)
    logger.info(
        "session deleted",
        extra={
            "session_id": session_id,
            "objects": deleted_objects,
            "items": deleted_items,
            "shares": deleted_shares,
        },
    )


def discard_if_gone(svc: Services, session_id: str) -> bool:
    """After a step refused by a deleted session: remove whatever its workers stored meanwhile."""
    session = svc.repos.sessions.get(session_id)
    if session is not None and session.status is not SessionStatus.DELETING:
        return False
    removed = svc.store.delete_prefix(session_prefix(session_id))
    logger.info(
        "late results of a deleted session removed", extra={"session_id": session_id, "objects": removed}
    )
    return True
