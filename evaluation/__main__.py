"""`make eval`: every accuracy evaluation, one after another (they share the cores)."""

from __future__ import annotations

import importlib
import sys

# Each name is a module of this package with `main(argv) -> int`.
EVALUATIONS = ("speech", "speech_noise", "speech_echo", "attention", "content", "sentiment", "job_terms")

argv = sys.argv[1:]
chosen = [n for n in EVALUATIONS if not argv or n in argv]
for name in chosen:
    print(f"\n# {name}\n", flush=True)
    code = importlib.import_module(f"evaluation.{name}").main([])
    if code:
        sys.exit(code)
