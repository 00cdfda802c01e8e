"""Job-description tailoring: key-term extraction and question ranking on labelled job descriptions.

Data: `evaluation/data/job_descriptions/set.json` (labels and split written before the method). An
extracted term counts as correct when its stemmed words and a labelled term's are one inside the other
("incident response" matches "lead incident response"); precision is over the terms extracted, recall
over the labelled terms. Ranking: the question the session would ask first is one of the labelled
`relevant` questions (top-1), and the share of labelled questions among the three a session asks.

Baselines: terms = the 15 most frequent words that are not English stop words (`feedback.content`'s
list); questions = the bank's order (what a session asks without a job description).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from interview_core.feedback.content import STOP_WORDS
from interview_core.feedback.job_terms import MAX_TERMS, extract_job_terms, rank_questions, term_key
from interview_core.questions.bank import QuestionSpec, load_bank

DATA = Path(__file__).parent / "data" / "job_descriptions" / "set.json"
SESSION_QUESTIONS = 3


def _matches(a: str, b: str) -> bool:
    ka, kb = set(term_key(a)), set(term_key(b))
    return bool(ka) and bool(kb) and (ka <= kb or kb <= ka)


Extract = Callable[[str, Sequence[QuestionSpec]], list[str]]
Rank = Callable[[Sequence[QuestionSpec], str], list[QuestionSpec]]


def frequent_words(text: str, _: Sequence[QuestionSpec]) -> list[str]:
    words = [w for w in re.findall(r"[a-z][a-z0-9+#'-]*", text.lower()) if w not in STOP_WORDS]
    return [w for w, _ in Counter(words).most_common(MAX_TERMS)]


def bank_order(questions: Sequence[QuestionSpec], _: str) -> list[QuestionSpec]:
    return list(questions)


def evaluate(items: list[dict[str, Any]], extract: Extract, rank: Rank) -> dict[str, float]:
    bank = load_bank()
    tp_p = extracted = tp_r = labelled = top1 = 0
    in_top3 = relevant = 0
    for item in items:
        role = bank.role(item["role"])
        terms = extract(item["text"], role.questions)
        tp_p += sum(any(_matches(t, g) for g in item["terms"]) for t in terms)
        extracted += len(terms)
        tp_r += sum(any(_matches(t, g) for t in terms) for g in item["terms"])
        labelled += len(item["terms"])
        ranked = [q.id for q in rank(role.questions, item["text"])]
        top1 += ranked[0] in item["relevant"]
        in_top3 += sum(q in ranked[:SESSION_QUESTIONS] for q in item["relevant"])
        relevant += len(item["relevant"])
    precision = tp_p / extracted if extracted else 0.0
    recall = tp_r / labelled if labelled else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "n": len(items),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "top1": top1 / len(items) if items else 0.0,
        "top3_recall": in_top3 / relevant if relevant else 0.0,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.job_terms")
    parser.add_argument("--split", choices=("tune", "test", "all"), default="all")
    args = parser.parse_args(argv)
    items = json.loads(DATA.read_text())["items"]
    splits = ("tune", "test") if args.split == "all" else (args.split,)
    methods: list[tuple[str, Extract, Rank]] = [
        ("baseline: frequent words, bank order", frequent_words, bank_order),
        ("feedback.job_terms", extract_job_terms, rank_questions),
    ]
    print("| method | split | job descriptions | term precision | term recall | term F1 "
          "| first question relevant | relevant questions in the session's 3 |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for name, extract, rank in methods:
        for split in splits:
            m = evaluate([i for i in items if i["split"] == split], extract, rank)
            terms = f"{m['precision']:.2f} | {m['recall']:.2f} | {m['f1']:.2f}"
            print(f"| {name} | {split} | {m['n']:.0f} | {terms} | {m['top1']:.0%} | {m['top3_recall']:.0%} |")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
