"""PynamoDB table models. Only repositories use them; they never leave this package.

Table names come from settings at start-up (`bind_tables`): the CDK app names the tables, and the
same environment variables point the local platform at the tables moto created from that template.
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from interview_core.settings import CoreSettings


class _ByOwner(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_owner"
        projection = AllProjection()

    owner_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class UserItem(Model):
    class Meta:
        table_name = "unbound"

    user_id = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute(null=True)
    groups = ListAttribute(of=UnicodeAttribute, default=list)
    display_name = UnicodeAttribute(null=True)  # None: the email's local part is shown
    created_at = UTCDateTimeAttribute()
    # A deleted account leaves only this tombstone (no email), which refuses its tokens until it expires.
    deleted_at = UTCDateTimeAttribute(null=True)
    expires_at = TTLAttribute(null=True)


class ConsentMap(MapAttribute):
    recording = BooleanAttribute()
    analysis = BooleanAttribute()
    retention_days = NumberAttribute()


class SessionItem(Model):
    class Meta:
        table_name = "unbound"

    session_id = UnicodeAttribute(hash_key=True)
    owner_id = UnicodeAttribute()
    # ISO string (not a datetime attribute) because it is the GSI's sort key.
    created_at = UnicodeAttribute()
    by_owner = _ByOwner()
    role = UnicodeAttribute()
    questions = JSONAttribute()
    consent = ConsentMap()
    status = UnicodeAttribute()
    started_at = UTCDateTimeAttribute(null=True)
    ended_at = UTCDateTimeAttribute(null=True)
    answers = JSONAttribute(default=list)
    job = JSONAttribute(null=True)  # {"text", "terms"}: the job description the session is tailored to
    attention_calibration = JSONAttribute(null=True)  # {"camera", "screen"}: gaze directions, degrees
    calibration_spans = JSONAttribute(
        null=True
    )  # {"camera_span_s", "screen_span_s"}: seconds of the recording
    last_nudge_at_s = NumberAttribute(null=True)
    expires_at = TTLAttribute()
    version = VersionAttribute()


class _BySession(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_session"
        projection = AllProjection()

    session_id = UnicodeAttribute(hash_key=True)


class ConnectionItem(Model):
    class Meta:
        table_name = "unbound"

    connection_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    session_id = UnicodeAttribute(null=True)
    by_session = _BySession()
    connected_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()


class ChunkItem(Model):
    """Chunks ("chunk#000012") and transcription windows ("window#0003") of one session."""

    class Meta:
        table_name = "unbound"

    session_id = UnicodeAttribute(hash_key=True)
    item_id = UnicodeAttribute(range_key=True)
    status = UnicodeAttribute()
    answer_index = NumberAttribute(default=0)
    created_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()
    # chunk fields
    seq = NumberAttribute(null=True)
    key = UnicodeAttribute(null=True)
    content_type = UnicodeAttribute(null=True)
    size_bytes = NumberAttribute(null=True)
    offset_s = NumberAttribute(null=True)
    duration_s = NumberAttribute(null=True)
    vision = JSONAttribute(null=True)
    speech = JSONAttribute(null=True)
    errors = JSONAttribute(null=True)
    accepted_at = UTCDateTimeAttribute(null=True)
    analyzed_at = UTCDateTimeAttribute(null=True)
    etag = UnicodeAttribute(null=True)  # of the accepted object: analysis refuses a replaced one
    # window fields
    window_index = NumberAttribute(null=True)
    seqs = JSONAttribute(null=True)
    transcript = JSONAttribute(null=True)
    error = UnicodeAttribute(null=True)


class _ByAuthor(GlobalSecondaryIndex):
    """Sparse (only comments carry `author_id`): deleting an account finds its comments without a scan."""

    class Meta:
        index_name = "by_author"
        projection = KeysOnlyProjection()

    author_id = UnicodeAttribute(hash_key=True)


class CommentItem(Model):
    """A comment ("comment#<id>") in its session's partition of the chunks table: deleting the session's
    items deletes it with them."""

    class Meta:
        table_name = "unbound"

    session_id = UnicodeAttribute(hash_key=True)
    item_id = UnicodeAttribute(range_key=True)
    author_id = UnicodeAttribute()
    by_author = _ByAuthor()
    t_s = NumberAttribute()
    text = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()


class _ByCoach(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_coach"
        projection = AllProjection()

    coach_email = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class ShareItem(Model):
    """A share of one session (subject "session#<id>") or of the owner's future sessions ("owner#<id>")."""

    class Meta:
        table_name = "unbound"

    subject = UnicodeAttribute(hash_key=True)
    share_id = UnicodeAttribute(range_key=True)
    owner_id = UnicodeAttribute()
    coach_email = UnicodeAttribute()
    created_at = UnicodeAttribute()  # ISO string: the GSI's sort key
    by_coach = _ByCoach()
    include_future = BooleanAttribute(default=False)
    session_ids = UnicodeSetAttribute()  # the session shared, or those an include_future share was made from
    expires_at = TTLAttribute(null=True)  # a session share goes with its session


class ReportItem(Model):
    class Meta:
        table_name = "unbound"

    session_id = UnicodeAttribute(hash_key=True)
    owner_id = UnicodeAttribute()
    created_at = UnicodeAttribute()
    by_owner = _ByOwner()
    report_key = UnicodeAttribute()
    html_key = UnicodeAttribute(null=True)
    summary = JSONAttribute(default=dict)
    # the candidate's ratings (contracts.analytics.ReportRatings); the condition of every re-rating
    ratings = JSONAttribute(null=True)
    expires_at = TTLAttribute(null=True)


class LimitItem(Model):
    """One fixed-window counter ("signup-source#1.2.3.4#1764400000"): atomic ADD under a condition."""

    class Meta:
        table_name = "unbound"

    limit_key = UnicodeAttribute(hash_key=True)
    hits = NumberAttribute(default=0)
    expires_at = TTLAttribute()
    # A slot's holder ("live#USER#0" held by a session id): claimed and released under conditions.
    holder = UnicodeAttribute(null=True)


def bind_tables(settings: CoreSettings) -> None:
    """Point every model at its table. Idempotent."""
    for model, name in (
        (UserItem, settings.users_table),
        (SessionItem, settings.sessions_table),
        (ConnectionItem, settings.connections_table),
        (ChunkItem, settings.chunks_table),
        (CommentItem, settings.chunks_table),
        (ReportItem, settings.reports_table),
        (LimitItem, settings.limits_table),
        (ShareItem, settings.shares_table),
    ):
        model.Meta.table_name = name
        setattr(model.Meta, "region", settings.aws_region)  # noqa: B010 - Meta classes declare no such field
        # No host: botocore resolves AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL itself (interview_core.aws).
        # A fresh connection per binding: the endpoint may change between test sessions.
        model._connection = None
