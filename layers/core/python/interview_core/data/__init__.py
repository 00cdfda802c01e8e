"""Data layer: PynamoDB models (private to this package) and repositories returning domain models."""

from interview_core.data.repositories import (
    ChunkRepository,
    ConnectionRepository,
    LimitRepository,
    ReportRepository,
    Repositories,
    SessionRepository,
    UserRepository,
)
from interview_core.data.tables import bind_tables

__all__ = [
    "ChunkRepository",
    "ConnectionRepository",
    "LimitRepository",
    "ReportRepository",
    "Repositories",
    "SessionRepository",
    "UserRepository",
    "bind_tables",
]
