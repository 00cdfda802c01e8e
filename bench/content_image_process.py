"""One cold process of a content-image function, run by `bench.content_image` with `python -S -P` so
that only the staged image's packages and task root are importable. Prints one JSON line: [wall, CPU]
seconds per step and the peak memory."""

import importlib
import json
import resource
import sys
import time


def _timed(start: tuple[float, float]) -> tuple[tuple[float, float], list[float]]:
    now = (time.perf_counter(), time.process_time())
    return now, [now[0] - start[0], now[1] - start[1]]


def main() -> None:
    module, question_id, text = sys.argv[1], sys.argv[2], sys.argv[3]
    start = (time.perf_counter(), time.process_time())
    importlib.import_module(module)
    start, imported = _timed(start)
    from interview_core.content import default_analyzer
    from interview_core.questions.bank import load_bank
    from interview_core.services.practice import practice_text

    analyzer = default_analyzer()
    assert analyzer is not None, "the content model did not load"
    start, loaded = _timed(start)
    bank = load_bank()
    practice_text(bank, question_id, text, analyzer=analyzer)  # embeds the question's points once
    start, first = _timed(start)
    practice_text(bank, question_id, text, analyzer=analyzer)
    _, answer = _timed(start)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    timings = {"import": imported, "model": loaded, "first": first, "answer": answer}
    print(json.dumps({**timings, "peak_mb": peak_mb}))


main()
