"""Job-description tailoring benchmark: `python -m bench.job_terms` (not a test; prints markdown).

What creating a tailored session adds to the REST call (key terms + question ranking) and what the
report adds per answer (terms used), pure Python in the API Lambda and the report builder. Each case
runs `--runs` times and its fastest run is kept (other work on the shared cores only slows runs down).
Material: the 12 labelled job descriptions of `evaluation/data/job_descriptions`, and one at the
8,000-character limit made by joining them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable, Sequence
from functools import partial

from evaluation.job_terms import DATA
from interview_core.contracts.text import JOB_DESCRIPTION_MAX_CHARS
from interview_core.feedback.job_terms import extract_job_terms, job_terms_used, rank_questions
from interview_core.questions.bank import QuestionSpec, load_bank

ANSWER_WORDS = 300  # a long (~2-minute) answer


def _fastest_ms(fn: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best * 1000


def _tailor(text: str, questions: Sequence[QuestionSpec]) -> None:
    """What `services.sessions.create_session` does with a job description."""
    extract_job_terms(text, questions)
    rank_questions(questions, text)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.job_terms")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    bank = load_bank()
    items = json.loads(DATA.read_text())["items"]
    longest = "\n".join(i["text"] for i in items * 3)[:JOB_DESCRIPTION_MAX_CHARS]
    role = bank.role("software-engineer").questions
    answer = " ".join((items[0]["text"].split() * 40)[:ANSWER_WORDS])
    per_item = [
        _fastest_ms(partial(_tailor, i["text"], bank.role(i["role"]).questions), args.runs) for i in items
    ]
    terms = extract_job_terms(longest, role)
    sizes = sorted(len(i["text"]) for i in items)
    rows = [
        (f"create session: terms + ranking, labelled descriptions ({sizes[0]}-{sizes[-1]} chars, median)",
         statistics.median(per_item)),
        (f"create session: terms + ranking, {len(longest):,} characters",
         _fastest_ms(partial(_tailor, longest, role), args.runs)),
        (f"report: {len(terms)} terms used/missed in a {ANSWER_WORDS}-word answer",
         _fastest_ms(lambda: job_terms_used(terms, [answer]), args.runs)),
    ]  # fmt: skip
    print("| step | ms (fastest of runs) |")
    print("|---|---|")
    for name, ms in rows:
        print(f"| {name} | {ms:.2f} |")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
