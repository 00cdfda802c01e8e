"""Key terms of a job description, whether answers use them, and which questions fit the job best.

The method is lexical and documented, so a candidate can see why a term is listed:

- Candidates (RAKE, Rose et al. 2010): the description, without its title line, is cut at punctuation,
  line breaks and stop words; each remaining run of content words is a candidate term. A run longer
  than `MAX_TERM_WORDS` is too specific to be a term ("improving our frontend test coverage"): it gives
  the phrases inside it that are terms elsewhere (another run, the bank's vocabulary), else its last two
  words (English noun phrases end in their head: "test coverage"). The stop list is English function
  words, the boilerplate of job postings ("experience", "years", "strong", "benefits", ...) and the
  verbs and adjectives bullet points start with ("own", "lead", "drive", "complex", ...): every posting
  repeats them and no answer should be judged on them.
- Score: how often the term occurs, plus a quarter point per other occurrence of each of its words (a
  word the description keeps coming back to matters), plus `BANK_BONUS` when the term is in the question
  bank's vocabulary (the keywords and talking points answers are judged on), plus `PHRASE_BONUS` per extra
  word (a phrase is more specific than a word), plus `LIST_BONUS` when it is an item of an enumeration
  ("Go or Python", "Kubernetes, Prometheus and Grafana": postings list their tools and skills). The top
  `MAX_TERMS` are kept, in score order; a single word already inside a kept phrase is dropped unless it
  also stands on its own. (The weights and the limit were chosen on the `tune` job descriptions of
  `evaluation/data/job_descriptions`, see `python -m evaluation job_terms`.)
- Used: a term is used when every word of it (stemmed, as talking points are) occurs in one sentence
  of the answer, so "postmortem" counts for "postmortems" and "our response to the incident" for
  "incident response" (a light stemmer: "responded" does not count for "response").
- Question relevance: the share of each term's words found in the question's text, talking points and
  keywords, weighted by the term's score and summed; ties keep the bank's order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from interview_core.contracts.job import JobTerms
from interview_core.feedback.content import STOP_WORDS, stem
from interview_core.questions.bank import QuestionSpec

__all__ = [
    "MAX_TERMS",
    "ScoredTerm",
    "extract_job_terms",
    "job_terms_used",
    "rank_questions",
    "score_job_terms",
    "term_key",
]

MAX_TERMS = 20
MAX_TERM_WORDS = 3
BANK_BONUS = 1.0
PHRASE_BONUS = 0.5
LIST_BONUS = 0.5

POSTING_STOP_WORDS = frozenset(
    """
    able ability about above across after all also am an any apply applicants approach around background
    based being benefits best bonus both bring bringing candidate candidates clear closely come comfortable
    company competitive day days deep demonstrated desire do each e.g eg either else employer enjoy
    environment equal equivalent etc even every excellent excited experience experienced familiarity
    field flexible focus full get give good great help helping high highly hire hiring hours i.e ideal
    ideally ie including join just key know knowledge large least like looking love make many may more
    most must need needs new nice offer offers office one opportunity other others our ours over own part
    passion passionate people per plus preferred proficiency proficient proven record related relevant
    remote required requirements responsibilities responsible role roles salary see seeking senior set
    similar skill skilled skills small solid some strong success successful take team teams their them
    they things three track two understanding up us use using various want way well what who whole why
    within work working world would year years you you'll your you're we'll we're
    advise analyse analyze automate build building collaborate communicate contribute create define
    deliver develop developing drive ensure explain find grow handle identify implement improve improving
    keep lead leads maintain manage owns partner pay processes raise reduce run share ship support turn
    write writes
    careful complex daily dynamic exciting fast generous hard innovative modern multiple trustworthy
    weekly
    """.split()  # noqa: SIM905 - a word list reads better as a paragraph than one word per line
)
_STOP = STOP_WORDS | POSTING_STOP_WORDS
# Fragments end at punctuation other than the characters that live inside tech terms (c++, node.js, ci/cd).
_BOUNDARY = re.compile(r"[,;:()\[\]{}!?\"|\n\u2022*]|\.(?=\s|$)|\s[-\u2013\u2014]\s")
_TOKEN = re.compile(r"[a-z0-9#+.][a-z0-9#+./'-]*")
_LIST_SEPARATOR = re.compile(r"[,;]|\b(?:and|or)\b|&")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class ScoredTerm:
    term: str
    score: float


def _words(fragment: str) -> list[str]:
    """Tokens of a fragment, tech punctuation kept inside ("c++", ".net", "a/b"), edges trimmed."""
    out: list[str] = []
    for raw in _TOKEN.findall(fragment.lower().replace("\u2019", "'")):
        word = raw.strip(".-'/")
        if raw.startswith(".") and raw[1:2].isalpha():
            word = "." + word  # ".net"
        out.append(word)
    return out


def _is_content(word: str) -> bool:
    return bool(word) and word not in _STOP and not word[0].isdigit() and any(c.isalpha() for c in word)


def term_key(term: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in term.split())


def _body(text: str) -> str:
    """The description without its title line (a short first line): a title names the job, and its
    words ("Senior Software Engineer") are not terms an answer should use."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return "\n".join(lines[1:]) if len(lines) > 1 and len(lines[0].split()) <= 8 else text


def _runs(text: str) -> list[list[str]]:
    runs: list[list[str]] = []
    for fragment in _BOUNDARY.split(_body(text)):
        run: list[str] = []
        for word in [*_words(fragment), ""]:
            if _is_content(word):
                run.append(word)
            elif run:
                runs.append(run)
                run = []
    return runs


def _candidates(text: str, vocab: AbstractSet[tuple[str, ...]] = frozenset()) -> list[str]:
    """Runs of content words between boundaries and stop words. An overlong run gives the phrases
    inside it that are terms elsewhere (another run, the bank's vocabulary), else its last two words:
    English noun phrases end in their head ("improving our test coverage" -> "test coverage")."""
    runs = _runs(text)
    short = [" ".join(r) for r in runs if len(r) <= MAX_TERM_WORDS]
    known = {term_key(c) for c in short} | vocab
    out = list(short)
    for run in (r for r in runs if len(r) > MAX_TERM_WORDS):
        inner = [" ".join(run[i : i + n]) for n in (3, 2) for i in range(len(run) - n + 1)]
        found = [p for p in inner if term_key(p) in known]
        out.extend(found or [" ".join(run[-2:])])
    return out


def _listed(text: str) -> set[tuple[str, ...]]:
    """Terms that are items of an enumeration ("Go or Python", "Kubernetes, Prometheus and Grafana"):
    the last run of content words of each item of a line that lists two or more."""
    out: set[tuple[str, ...]] = set()
    for line in _body(text).splitlines():
        items = [runs for item in _LIST_SEPARATOR.split(line) if (runs := _runs(item))]
        if len(items) >= 2:
            out.update(term_key(" ".join(runs[-1])) for runs in items)
    return out


def _bank_vocabulary(questions: Iterable[QuestionSpec]) -> set[tuple[str, ...]]:
    vocab: set[tuple[str, ...]] = set()
    for q in questions:
        for phrase in (*q.keywords, *q.talking_points):
            words = [w for w in _words(phrase) if _is_content(w)]
            vocab.add(term_key(" ".join(words)))
            vocab.update((stem(w),) for w in words)
    return vocab


def score_job_terms(text: str, bank_questions: Iterable[QuestionSpec] = ()) -> list[ScoredTerm]:
    """Every candidate term of `text` with its score, best first (see the module docstring)."""
    vocab = _bank_vocabulary(bank_questions)
    candidates = _candidates(text, vocab)
    by_key: dict[tuple[str, ...], Counter[str]] = {}
    for c in candidates:
        by_key.setdefault(term_key(c), Counter())[c] += 1
    word_counts = Counter(k for c in candidates for k in term_key(c))
    listed = _listed(text)
    scored: list[ScoredTerm] = []
    for key, surfaces in by_key.items():
        count = sum(surfaces.values())
        spread = sum(word_counts[w] - count for w in key) * 0.25
        bonus = (BANK_BONUS if key in vocab else 0.0) + PHRASE_BONUS * (len(key) - 1)
        bonus += LIST_BONUS if key in listed else 0.0
        scored.append(ScoredTerm(surfaces.most_common(1)[0][0], count + spread + bonus))
    scored.sort(key=lambda t: -t.score)  # stable: ties keep the description's order
    return scored


def extract_job_terms(
    text: str, bank_questions: Iterable[QuestionSpec] = (), limit: int = MAX_TERMS
) -> list[str]:
    """The job description's key terms, most important first."""
    scored = score_job_terms(text, bank_questions)
    standalone = Counter(term_key(c) for c in _candidates(text))
    kept: list[str] = []
    phrase_words: set[str] = set()
    for t in scored:
        key = term_key(t.term)
        if len(key) == 1 and key[0] in phrase_words and standalone[key] < 2:
            continue
        kept.append(t.term)
        if len(key) > 1:
            phrase_words.update(key)
        if len(kept) == limit:
            break
    return kept


def _sentences(text: str) -> list[set[str]]:
    return [{stem(w) for w in _words(s)} for s in _SENTENCE.split(text) if s.strip()]


def job_terms_used(terms: Sequence[str], answer_texts: Iterable[str]) -> JobTerms:
    """Split `terms` into those some sentence of the answers uses (all words, stemmed) and the rest."""
    sentences = [s for text in answer_texts for s in _sentences(text)]
    used: list[str] = []
    missed: list[str] = []
    for term in terms:
        key = set(term_key(term))
        (used if any(key <= s for s in sentences) else missed).append(term)
    return JobTerms(used=used, missed=missed)


def rank_questions(questions: Sequence[QuestionSpec], job_description: str) -> list[QuestionSpec]:
    """`questions` most relevant to the job description first (stable for equal relevance)."""
    terms = score_job_terms(job_description, questions)[: MAX_TERMS * 2]

    def relevance(q: QuestionSpec) -> float:
        vocab = {stem(w) for text in (q.text, *q.talking_points, *q.keywords) for w in _words(text)}
        return sum(t.score * sum(w in vocab for w in term_key(t.term)) / len(term_key(t.term)) for t in terms)

    return sorted(questions, key=lambda q: -relevance(q))
