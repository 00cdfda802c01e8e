"""Shared pydantic configuration for contract models."""

from pydantic import BaseModel, ConfigDict


class Contract(BaseModel):
    """Base of every boundary model: strict about unknown input types, tolerant of extra fields.

    Extra fields are ignored rather than rejected so that newer producers can add fields without
    breaking older consumers (the issue contracts say "extra fields are welcome").
    """

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)
