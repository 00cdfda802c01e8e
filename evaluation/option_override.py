"""`FIELD=VALUE` on the command line: one field of a worker's options dataclass, to measure a candidate."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

_BOOLEANS = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
}


def option_override(options_type: type[Any], text: str) -> tuple[str, Any]:
    """FIELD=VALUE of `options_type`, the value parsed as its field's type ("none" is None). Fields whose
    default is not a bool, a number or a string (paths, tuples, nested options) are refused rather than
    given a string they do not expect."""
    name, sep, raw = text.partition("=")
    fields = {f.name for f in dataclasses.fields(options_type)}
    if not sep or name not in fields:
        raise argparse.ArgumentTypeError(f"expected FIELD=VALUE with FIELD one of {sorted(fields)}")
    default = getattr(options_type(), name)
    if raw.lower() == "none":
        return name, None
    if isinstance(default, bool):
        if raw.lower() not in _BOOLEANS:
            raise argparse.ArgumentTypeError(f"{name} takes one of {sorted(_BOOLEANS)}, not {raw!r}")
        return name, _BOOLEANS[raw.lower()]
    if isinstance(default, int | float):
        try:
            return name, type(default)(raw)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{name} takes a {type(default).__name__}, not {raw!r}"
            ) from None
    if isinstance(default, str) or default is None:
        return name, raw
    raise argparse.ArgumentTypeError(f"{name} ({type(default).__name__}) cannot be set from the command line")
