"""Turns measures into explainable scores using the rubric (`feedback.rubric`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from interview_core.contracts.report import (
    AnswerContent,
    AnswerScores,
    ComponentName,
    ComponentScore,
    MetricScore,
    Scores,
)
from interview_core.feedback.aggregate import Aggregate
from interview_core.feedback.model import QuestionInfo
from interview_core.feedback.rubric import (
    COMPONENT_LABELS,
    COMPONENT_WEIGHTS,
    METRICS,
    band_for,
    metric_score,
    with_unit,
)

__all__ = ["Measures", "answer_content_measures", "delivery_presence_measures", "score", "to_answer_scores"]

Measures = tuple[dict[str, float | None], dict[str, str]]
STAR_KINDS = ("behavioural", "situational")
PRESENCE_KEYS = (
    "face_present_ratio", "attention_away_ratio", "eye_contact_ratio", "smiling_ratio", "movement_energy",
)  # fmt: skip


def _pct(x: float | None) -> float | None:
    return None if x is None else round(100 * x, 1)


def delivery_presence_measures(agg: Aggregate) -> Measures:
    """Values (percent metrics in %) and, for each unmeasured metric, why."""
    v: dict[str, float | None] = {}
    notes: dict[str, str] = {}
    no_words = "No speech was transcribed" if agg.has_audio else "No audio or no speech detected"
    v["pace_wpm"] = agg.pace.wpm
    if agg.pace.source == "syllable_estimate":
        notes["pace_wpm"] = "Estimated from syllable rate: transcription was not available."
    elif agg.pace.wpm is None:
        notes["pace_wpm"] = no_words + ", so pace could not be measured."
    v["fillers_per_100_words"] = agg.fillers.per_100_words
    if agg.fillers.per_100_words is None:
        notes["fillers_per_100_words"] = no_words + ", so fillers could not be counted."
    v["long_pauses_per_min"] = agg.long_pauses_per_min
    if v["long_pauses_per_min"] is None:
        notes["long_pauses_per_min"] = no_words + ", so pauses between words could not be measured."
    v["pitch_variability_st"] = agg.pitch_variability_st
    if agg.pitch_variability_st is None:
        notes["pitch_variability_st"] = "Too little voiced speech to measure pitch."
    v["face_present_ratio"] = _pct(agg.face_present_ratio)
    if not agg.has_video:
        for key in PRESENCE_KEYS:
            notes[key] = "No video: presence was not measured."
        v.update(dict.fromkeys(PRESENCE_KEYS[1:]))
        return v, notes
    v["attention_away_ratio"] = _pct(agg.attention.away) if agg.attention else None
    v["eye_contact_ratio"] = _pct(agg.eye_contact_ratio)
    v["smiling_ratio"] = _pct(agg.expressions.smiling_ratio)
    for key in ("attention_away_ratio", "eye_contact_ratio", "smiling_ratio"):
        if v[key] is None:
            notes[key] = "Your face was not visible, so this could not be measured."
    v["movement_energy"] = agg.posture.movement_energy if agg.posture.measured else None
    if v["movement_energy"] is None:
        notes["movement_energy"] = "Shoulders were not visible, so movement could not be measured."
    return v, notes


def _length_fit(duration: float, target: tuple[int, int]) -> float:
    lo, hi = target
    if duration < lo:
        return 100 * duration / lo
    if duration > hi:
        return 100 * duration / hi
    return 100.0


def answer_content_measures(agg: Aggregate, q: QuestionInfo | None, content: AnswerContent) -> Measures:
    """Content values for one answer from its analysed content (`feedback.content`)."""
    v: dict[str, float | None] = {}
    notes: dict[str, str] = {}
    text = agg.text
    star, points, used = content.star, content.talking_points, content.keywords_used
    v["hedges_per_100_words"] = agg.hedges_per_100_words
    if v["hedges_per_100_words"] is None:
        notes["hedges_per_100_words"] = "No transcript, so hedging could not be measured."
    if q is None or q.id is None:
        for key in (
            "answer_length_fit",
            "star_coverage",
            "talking_points_ratio",
            "keywords_ratio",
            "answer_relevance",
        ):
            v[key] = None
            notes[key] = "No question was chosen, so there is nothing to compare the answer with."
        return v, notes
    target = q.target_seconds or (60, 150)
    transcribed = bool(text.strip())
    # An answer's length is its time on the question, but only once something was said: a question
    # skipped in silence is not "the right length".
    v["answer_length_fit"] = round(_length_fit(agg.duration_s, target), 1) if transcribed else None
    if not transcribed:
        notes["answer_length_fit"] = (
            "Nothing was said in this answer."
            if agg.heard_nothing
            else "No transcript, so the answer's length could not be judged."
        )
    if q.kind in STAR_KINDS and transcribed:
        v["star_coverage"] = 100 * star.coverage
    else:
        v["star_coverage"] = None
        notes["star_coverage"] = (
            "No transcript."
            if not transcribed
            else f"STAR is scored for behavioural and situational "
            f"questions; this one is {q.kind or 'unclassified'}."
        )
    v["talking_points_ratio"] = (
        round(100 * sum(p.covered for p in points) / len(points), 1) if points and transcribed else None
    )
    if v["talking_points_ratio"] is None:
        notes["talking_points_ratio"] = "No transcript or no talking points for this question."
    rel = content.relevance
    v["answer_relevance"] = (
        None if rel is None else round(100 * (rel.confidence if rel.on_topic else 1 - rel.confidence), 1)
    )
    if rel is None:
        notes["answer_relevance"] = (
            "No transcript, or the content model is not installed where this was built."
        )
    v["keywords_ratio"] = round(100 * len(used) / len(q.keywords), 1) if q.keywords and transcribed else None
    if v["keywords_ratio"] is None:
        notes["keywords_ratio"] = "No transcript or no keywords for this question."
    return v, notes


def _component(
    name: ComponentName, values: Mapping[str, float | None], notes: Mapping[str, str]
) -> ComponentScore:
    specs = [m for m in METRICS.values() if m.component == name]
    measured = [(m, values.get(m.key)) for m in specs if values.get(m.key) is not None]
    total_w = sum(m.weight for m, _ in measured)
    metrics: list[MetricScore] = []
    value: float | None = 0.0 if measured else None
    for m in specs:
        raw = values.get(m.key)
        if raw is None or total_w <= 0:
            metrics.append(MetricScore(
                key=m.key, label=m.label, measured=False, unit=m.unit, target=m.target, target_low=m.low,
                target_high=m.high, source=m.source, weight=m.weight, effective_weight=0.0, contribution=0.0,
                note=notes.get(m.key, "Not measured."),
            ))  # fmt: skip
            continue
        s = metric_score(m, raw)
        eff = m.weight / total_w
        contribution = s * eff
        value = (value or 0.0) + contribution
        metrics.append(MetricScore(
            key=m.key, label=m.label, measured=True, value=round(raw, 2), unit=m.unit, target=m.target,
            target_low=m.low, target_high=m.high, source=m.source, score=round(s, 1), weight=m.weight,
            effective_weight=round(eff, 4), contribution=round(contribution, 2), note=notes.get(m.key),
        ))  # fmt: skip
    value = None if value is None else round(value, 1)
    return ComponentScore(
        name=name, label=COMPONENT_LABELS[name], value=value, band=band_for(value),
        explanation=_explain(name, value, metrics), weight=COMPONENT_WEIGHTS[name], metrics=metrics,
    )  # fmt: skip


def _reason(metric: MetricScore) -> str:
    """Why a metric was not measured, to sit inside a sentence (its own full stop dropped)."""
    return (metric.note or "not measured").rstrip(".")


def _explain(name: ComponentName, value: float | None, metrics: Sequence[MetricScore]) -> str:
    label = COMPONENT_LABELS[name]
    used = [m for m in metrics if m.measured]
    skipped = [m for m in metrics if not m.measured]
    if value is None:
        reasons = "; ".join(f"{m.label}: {_reason(m)}" for m in skipped)
        return f"{label} could not be scored: nothing in it was measured ({reasons})."
    parts = ", ".join(
        f"{m.label} {with_unit(f'{m.value:g}', m.unit)} (target {m.target}) scores {m.score:g} "
        f"x {m.effective_weight:.0%}"
        for m in used
    )
    text = f"{label} {value:g}/100 is the weighted mean of {parts}."
    if skipped:
        text += (
            " Not measured, so left out rather than counted as 0: "
            + "; ".join(f"{m.label} ({_reason(m)})" for m in skipped)
            + "."
        )
    if name == "delivery":
        text += (
            " What listeners call confident delivery is approximated by these observable signals;"
            " the score does not read your feelings."
        )
    return text


def score(values: Mapping[str, float | None], notes: Mapping[str, str]) -> Scores:
    comps = {n: _component(n, values, notes) for n in COMPONENT_WEIGHTS}
    measured = [(c, COMPONENT_WEIGHTS[n]) for n, c in comps.items() if c.value is not None]
    total = sum(w for _, w in measured)
    overall = round(sum((c.value or 0) * w for c, w in measured) / total, 1) if total else None
    shares = ", ".join(f"{c.name} {c.value:g} x {w / total:.0%}" for c, w in measured) if total else ""
    missing = [c.name for c in comps.values() if c.value is None]
    explanation = (
        f"Overall {overall:g}/100: weighted mean of the measured components ({shares})."
        if overall is not None
        else "Nothing could be measured, so there is no overall score."
    )
    if missing:
        explanation += f" Not measured: {', '.join(missing)}."
    return Scores(
        overall=overall, overall_band=band_for(overall), overall_explanation=explanation,
        delivery=comps["delivery"], presence=comps["presence"], content=comps["content"],
    )  # fmt: skip


def to_answer_scores(s: Scores) -> AnswerScores:
    return AnswerScores(
        overall=s.overall, delivery=s.delivery.value, presence=s.presence.value, content=s.content.value
    )
