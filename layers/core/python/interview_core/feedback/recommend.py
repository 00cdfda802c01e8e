"""Top-three recommendations: the metrics whose shortfall costs the most overall points, each tied
to the moment in the recording where it shows most, with one concrete exercise.

Impact of a metric = its share of the overall score (component weight share x metric weight share)
times the points it is below 100: i.e. how many overall points reaching the band would add.
Every cited time is clamped to the recording, so a recommendation never points outside it.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from interview_core.contracts.report import (
    AnswerReport,
    MetricScore,
    Recommendation,
    ReportFiller,
    ReportWord,
    Scores,
    TimelinePoint,
)
from interview_core.feedback.content import tokens
from interview_core.feedback.model import ChunkData
from interview_core.feedback.rubric import COMPONENT_WEIGHTS

__all__ = ["EXERCISES", "fmt_time", "recommend"]

WINDOW_S = 10.0
MIN_MOMENT_S = 3.0
NUMBER = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")

EXERCISES: dict[str, tuple[str, str]] = {
    "pace_wpm": ("Find a steady pace",
                 "Read a 150-word paragraph aloud against a one-minute timer, three times: aim to finish "
                 "between 55 and 75 seconds, pausing at every full stop."),
    "fillers_per_100_words": ("Swap fillers for pauses",
                              "Answer one question for 60 seconds while a friend (or a recording) taps "
                              "whenever you say a filler; replace each with a silent breath. Repeat until "
                              "you are under two taps."),
    "long_pauses_per_min": ("Keep the thread going",
                            "Before answering, say the three points you will make in one sentence; then "
                            "talk through them in order, so a pause never leaves you searching."),
    "pitch_variability_st": ("Vary your voice",
                             "Record a 30-second answer stressing one key word per sentence and rising on "
                             "the numbers; play it back and compare with a flat reading."),
    "face_present_ratio": ("Stay in frame",
                           "Before the next session, put the camera at eye level and sit about an arm's "
                           "length away so your head and shoulders fill the middle of the picture."),
    "attention_away_ratio": ("Keep your eyes on the call",
                             "Looking at the screen while you listen or read the question is fine. Before "
                             "the next answer, close other windows and put notes at the top of the screen, "
                             "under the camera, so thinking does not take your eyes off to the side."),
    "eye_contact_ratio": ("Talk to the lens for key points",
                          "Reading the question on the screen is fine; the skill is to lift your eyes to "
                          "the camera when you make a key point. Put a small sticker next to the lens and "
                          "practise one answer looking at it for each result you state."),
    "smiling_ratio": ("Let warmth show",
                      "Open your next practice answer with a short smile while you greet the interviewer, "
                      "and smile again when you describe a result you are proud of."),
    "movement_energy": ("Settle your posture",
                        "Sit back with both feet on the floor and rest your hands on the desk between "
                        "gestures; record one answer and check that your shoulders stay level."),
    "answer_length_fit": ("Fit the answer to the time",
                          "Practise this question with a timer: one sentence of context, two or three of "
                          "action, one of result; stop when the target time is reached."),
    "star_coverage": ("Use the STAR structure",
                      "Write four bullet points for this answer (Situation, Task, Action, Result) and say "
                      "it aloud once per bullet, starting the result with 'As a result...'."),
    "talking_points_ratio": ("Cover the talking points",
                             "List the talking points shown below the question and tick each one while "
                             "you practise the answer again."),
    "answer_relevance": ("Answer the question asked",
                         "Before answering, repeat the question to yourself in five words and name the "
                         "example you will use; practise this answer again and check that each sentence "
                         "serves that question."),
    "keywords_ratio": ("Use the job's language",
                       "Pick three of the suggested terms for this question and work each into one "
                       "concrete sentence about your own experience."),
    "hedges_per_100_words": ("Say it plainly",
                             "Rewrite two sentences of this answer without 'I think', 'maybe' or 'kind of', "
                             "then say them aloud as statements."),
}  # fmt: skip


def fmt_time(t: float) -> str:
    t = max(0.0, t)
    m, s = divmod(int(t), 60)
    return f"{m}:{s:02d}"


def _n(k: int) -> str:
    return NUMBER[k] if 0 <= k < len(NUMBER) else str(k)


@dataclass(frozen=True)
class Moment:
    answer_index: int
    start_s: float
    end_s: float
    what: str


@dataclass(frozen=True)
class Context:
    answers: Sequence[AnswerReport]
    words: Sequence[ReportWord]
    fillers: Sequence[ReportFiller]
    points: Sequence[TimelinePoint]
    chunks: Sequence[ChunkData]
    duration_s: float
    hedge_words: frozenset[str]


def _densest(times: Sequence[tuple[float, int]]) -> tuple[int, int]:
    """(first, last) index of the WINDOW_S span holding the most items; times sorted."""
    best, j, best_i, best_j = 0, 0, 0, 0
    for i in range(len(times)):
        while j < len(times) and times[j][0] - times[i][0] <= WINDOW_S:
            j += 1
        if j - i > best:
            best, best_i, best_j = j - i, i, j - 1
    return best_i, best_j


def _answer_of(ctx: Context, t: float) -> int:
    for a in ctx.answers:
        if a.start_s <= t < a.end_s:
            return a.index
    return ctx.answers[-1].index if ctx.answers else 0


def _fillers(ctx: Context) -> Moment | None:
    items = sorted(ctx.fillers, key=lambda f: f.start_s)
    if not items:
        return None
    i, j = _densest([(f.start_s, k) for k, f in enumerate(items)])
    span = items[i : j + 1]
    counts = Counter(f.word for f in span)
    parts = [f"{_n(c)} '{w}'" for w, c in counts.most_common()]
    said = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    secs = max(1, round(span[-1].end_s - span[0].start_s))
    return Moment(span[0].answer_index, span[0].start_s, span[-1].end_s, f"{said} in {secs} seconds")


def _pace(ctx: Context, too_fast: bool) -> Moment | None:
    ws = [w for w in ctx.words if not w.is_filler] or list(ctx.words)
    if len(ws) < 3:
        return _worst_answer(ctx, "pace")
    best: tuple[float, int, int] | None = None
    j = 0
    for i in range(len(ws)):
        j = max(j, i)
        while j + 1 < len(ws) and ws[j + 1].end_s - ws[i].start_s <= WINDOW_S:
            j += 1
        span = max(ws[j].end_s - ws[i].start_s, 5.0)
        rate = 60 * (j - i + 1) / span
        key = rate if too_fast else -rate
        if best is None or key > best[0]:
            best = (key, i, j)
    assert best is not None
    _, i, j = best
    rate = abs(best[0])
    return Moment(ws[i].answer_index, ws[i].start_s, ws[j].end_s, f"{j - i + 1} words, about {rate:.0f} wpm")


def _pauses(ctx: Context) -> Moment | None:
    ws = ctx.words
    gaps = [
        (b.start_s - a.end_s, a, b) for a, b in itertools.pairwise(ws) if a.answer_index == b.answer_index
    ]
    if not gaps:
        return None
    gap, a, b = max(gaps, key=lambda g: g[0])
    return Moment(a.answer_index, a.end_s, b.start_s, f"a {gap:.1f}-second silence after '{a.text.strip()}'")


def _runs(ctx: Context, bad: Callable[[TimelinePoint], bool], what: str) -> Moment | None:
    pts = sorted(ctx.points, key=lambda p: p.t_s)
    best: tuple[float, float] | None = None
    start: float | None = None
    for k, p in enumerate(pts):
        step = pts[k + 1].t_s - p.t_s if k + 1 < len(pts) else 1.0
        if bad(p):
            start = p.t_s if start is None else start
            end = p.t_s + min(step, 1.0)
            if best is None or end - start > best[1] - best[0]:
                best = (start, end)
        else:
            start = None
    if best is None:
        return None
    return Moment(
        _answer_of(ctx, best[0]), best[0], best[1], f"{what} for {max(1, round(best[1] - best[0]))} s"
    )


def _chunk_extreme(
    ctx: Context, key: Callable[[ChunkData], float | None], highest: bool, what: str
) -> Moment | None:
    scored = [(v, c) for c in ctx.chunks if (v := key(c)) is not None]
    if not scored:
        return None
    v, c = (max if highest else min)(scored, key=lambda x: x[0])
    return Moment(c.answer_index, c.offset_s, c.end_s, what.format(v=v))


def _hedges(ctx: Context) -> Moment | None:
    said = [" ".join(tokens(w.text)) for w in ctx.words]
    hits: list[tuple[float, int]] = []
    found: list[str] = []
    for k in range(len(said)):
        for phrase in sorted(ctx.hedge_words, key=len, reverse=True):
            if " ".join(said[k : k + len(phrase.split())]) == phrase:
                hits.append((ctx.words[k].start_s, k))
                found.append(phrase)
                break
    if not hits:
        return _worst_answer(ctx, "hedges")
    i, j = _densest(hits)
    first, last = ctx.words[hits[i][1]], ctx.words[hits[j][1]]
    examples = ", ".join(f"'{p}'" for p in dict.fromkeys(found[i : j + 1]))
    return Moment(
        first.answer_index,
        first.start_s,
        last.end_s,
        f"{_n(j - i + 1)} hedge{'s' if j > i else ''} ({examples})",
    )


def _worst_answer(ctx: Context, key: str) -> Moment | None:
    def value(a: AnswerReport) -> float:
        m = {"pace": (a.pace.wpm or 0), "hedges": -a.hedge_count}
        return m.get(key, a.scores.content if a.scores.content is not None else 100)

    if not ctx.answers:
        return None
    a = min(ctx.answers, key=value)
    return Moment(a.index, a.start_s, a.end_s, f"the answer to '{a.question}'")


def _moment(ctx: Context, m: MetricScore) -> Moment | None:
    low = m.target_low is not None and m.value is not None and m.value < m.target_low
    finders: dict[str, Callable[[], Moment | None]] = {
        "fillers_per_100_words": lambda: _fillers(ctx),
        "pace_wpm": lambda: _pace(ctx, too_fast=not low),
        "long_pauses_per_min": lambda: _pauses(ctx),
        "pitch_variability_st": lambda: _chunk_extreme(
            ctx, lambda c: c.speech.pitch.variability_semitones if c.speech and c.speech.pitch and
            c.speech.pitch.median_hz else None, False, "pitch varied by only {v:.1f} semitones"),
        "face_present_ratio": lambda: _runs(ctx, lambda p: (p.face_present or 0) < 0.5, "face out of view"),
        "attention_away_ratio": lambda: _runs(ctx, lambda p: p.attention == "away", "looking away"),
        "eye_contact_ratio": lambda: _runs(ctx, lambda p: p.attention == "screen", "eyes on the screen"),
        "smiling_ratio": lambda: _chunk_extreme(
            ctx, lambda c: c.vision.expression.smiling_ratio if c.vision and c.vision.expression else None,
            not low, "smiling in {v:.0%} of frames"),
        "movement_energy": lambda: _chunk_extreme(
            ctx, lambda c: c.vision.posture.movement_energy if c.vision and c.vision.posture and
            c.vision.posture.frames else None, True, "upper-body movement {v:.2f} shoulder widths/s"),
        "hedges_per_100_words": lambda: _hedges(ctx),
    }  # fmt: skip
    finder = finders.get(m.key, lambda: _content_answer(ctx, m.key))
    return finder()


def _content_answer(ctx: Context, key: str) -> Moment | None:
    def metric(a: AnswerReport) -> float:
        if key == "star_coverage":
            return a.star.coverage
        if key == "talking_points_ratio":
            return (
                sum(p.covered for p in a.talking_points) / len(a.talking_points) if a.talking_points else 1.0
            )
        if key == "answer_relevance":
            return a.relevance.confidence * (1 if a.relevance.on_topic else -1) if a.relevance else 1.0
        if key == "keywords_ratio":
            total = len(a.keywords_used) + len(a.keywords_missed)
            return len(a.keywords_used) / total if total else 1.0
        lo, hi = a.target_seconds or (60, 150)
        return -abs(a.duration_s - (lo + hi) / 2)

    if not ctx.answers:
        return None
    a = min(ctx.answers, key=metric)
    detail = {
        "star_coverage": "missing "
        + ", ".join(p for p in ("situation", "task", "action", "result") if not getattr(a.star, p))
        or "structure cues",
        "talking_points_ratio": "not covered: "
        + "; ".join(p.point for p in a.talking_points if not p.covered),
        "keywords_ratio": "terms not used: " + ", ".join(a.keywords_missed[:4]),
        "answer_relevance": a.relevance.message if a.relevance else "",
        "answer_length_fit": f"{a.duration_s:.0f} s against a target of "
        f"{(a.target_seconds or (60, 150))[0]}-{(a.target_seconds or (60, 150))[1]} s",
    }.get(key, "")
    return Moment(a.index, a.start_s, a.end_s, detail)


def recommend(scores: Scores, ctx: Context, limit: int = 3) -> list[Recommendation]:
    comps = [scores.delivery, scores.presence, scores.content]
    total = sum(COMPONENT_WEIGHTS[c.name] for c in comps if c.value is not None)
    ranked: list[tuple[float, MetricScore]] = []
    for c in comps:
        if c.value is None or total <= 0:
            continue
        share = COMPONENT_WEIGHTS[c.name] / total
        for m in c.metrics:
            if m.measured and m.score is not None and m.score < 99.5:
                ranked.append((share * m.effective_weight * (100 - m.score), m))
    ranked.sort(key=lambda x: -x[0])
    out: list[Recommendation] = []
    for impact, m in ranked:
        moment = _moment(ctx, m)
        if moment is None:
            continue
        start = min(max(0.0, moment.start_s), ctx.duration_s)
        end = min(max(start + MIN_MOMENT_S, moment.end_s), ctx.duration_s)  # a moment one can replay
        start = max(0.0, min(start, end - MIN_MOMENT_S))
        label = f"answer {moment.answer_index + 1}, {fmt_time(start)}-{fmt_time(end)}"
        title, exercise = EXERCISES[m.key]
        unit = m.unit if m.unit == "%" else f" {m.unit}"
        direction = "above" if m.target_high is not None and (m.value or 0) > m.target_high else "below"
        detail = (
            f"{label}: {moment.what}. {m.label} over the session: {m.value:g}{unit}, "
            f"{direction} the target of {m.target}."
        )
        out.append(Recommendation(
            rank=len(out) + 1, key=m.key, title=title, detail=detail, exercise=exercise,
            answer_index=moment.answer_index, start_s=round(start, 2), end_s=round(end, 2),
            moment_label=label, impact=round(impact, 1),
        ))  # fmt: skip
        if len(out) == limit:
            break
    return out
