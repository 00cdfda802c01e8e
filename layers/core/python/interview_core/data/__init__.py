"""Data layer: PynamoDB models (private to this package) and repositories returning domain models."""

from interview_core.data.repositories import (
    ChunkRepository,
    CommentRepository,
    ConnectionRepository,
    LimitRepository,
    ReportRepository,
    Repositories,
    SessionRepository,
    ShareRepository,
    UserRepository,
)
from interview_core.data.tables import bind_tables

__all__ = [
    "ChunkRepository",
    "CommentRepository",
    "ConnectionRepository",
    "LimitRepository",
    "ReportRepository",
    "Repositories",
    "SessionRepository",
    "ShareRepository",
    "UserRepository",
    "bind_tables",
]
