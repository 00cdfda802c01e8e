"""`FIELD=VALUE` on the command line: one field of a worker's options dataclass, to measure a candidate."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any


def option_override(options_type: type[Any], text: str) -> tuple[str, Any]:
    """FIELD=VALUE of `options_type`, the value parsed as its field's type ("none" is None)."""
    name, sep, raw = text.partition("=")
    fields = {f.name for f in dataclasses.fields(options_type)}
    if not sep or name not in fields:
        raise argparse.ArgumentTypeError(f"expected FIELD=VALUE with FIELD one of {sorted(fields)}")
    default = getattr(options_type(), name)
    if raw.lower() == "none":
        return name, None
    if isinstance(default, bool):
        return name, raw.lower() in ("1", "true", "yes", "on")
    return name, type(default)(raw) if isinstance(default, int | float) else raw
