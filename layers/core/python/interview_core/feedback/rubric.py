"""The scoring rubric: every target band, its source and its weight, in one place.

How a score is made (shown to the user next to every number):

1. Each metric is a measured, observable quantity (words per minute, share of face time looking
   away, ...). Its *target band* comes from the source named in `source`.
2. Metric score: 100 inside the band; outside it falls linearly to 0 at `zero_low` / `zero_high`
   (the distance at which the behaviour clearly gets in the way). No cliff edges, so small
   changes in behaviour give small changes in score.
3. Component score (delivery, presence, content): weighted mean of its *measured* metrics. A metric
   that could not be measured (no face in view, no speech, no question chosen) is excluded and its
   weight shared among the others; the report says so. It is never scored 0.
4. Overall: weighted mean of the measured components (`COMPONENT_WEIGHTS`).

"Confidence" is not measured: what people perceive as confident delivery is approximated by the
observable signals below (pace, fillers, pauses, pitch variation, eye contact, hedging). Expression is
what the face shows, not what anyone feels; it is reported but only smiling carries a small weight.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from interview_core.contracts.report import Band, ComponentName

__all__ = [
    "BANDS",
    "COMPONENT_LABELS",
    "COMPONENT_WEIGHTS",
    "METRICS",
    "MetricSpec",
    "band_for",
    "metric_score",
]

Direction = Literal["range", "at_least", "at_most"]


@dataclass(frozen=True, slots=True)
class MetricSpec:
    """Args:
    key: Stable id used in the report and recommendations.
    component: Which component the metric feeds.
    label: Human name.
    unit: Display unit of the measured value.
    low, high: Target band (None = open on that side).
    zero_low, zero_high: Values at which the metric score reaches 0.
    weight: Relative weight within the component.
    source: Where the band comes from.
    """

    key: str
    component: ComponentName
    label: str
    unit: str
    low: float | None
    high: float | None
    zero_low: float | None
    zero_high: float | None
    weight: float
    source: str

    @property
    def target(self) -> str:
        if self.low is not None and self.high is not None:
            return with_unit(f"{_fmt(self.low)}-{_fmt(self.high)}", self.unit)
        if self.low is not None:
            return f"at least {with_unit(_fmt(self.low), self.unit)}"
        return f"at most {with_unit(_fmt(self.high or 0), self.unit)}"


def with_unit(number: str, unit: str) -> str:
    """ "12%", "80% of target", "140 wpm": a percentage sign goes on the number."""
    return f"{number}{unit}" if not unit or unit.startswith("%") else f"{number} {unit}"


def _fmt(x: float) -> str:
    return f"{x:g}"


# Where the practice-tool targets were collected (the team's field notes on peer products and research).
FIELD = "targets published by speaking-practice tools and disfluency research"
METRICS: dict[str, MetricSpec] = {
    m.key: m
    for m in (
        # ---- delivery: how it sounds -----------------------------------------------------------
        MetricSpec("pace_wpm", "delivery", "Speaking pace", "wpm", 120, 160, 60, 220, 3.0,
                   "120-160 wpm is the common target band (Orai 120-145, Read.ai 130-175); " + FIELD),
        MetricSpec("fillers_per_100_words", "delivery", "Filler words", "per 100 words",
                   None, 4, None, 12, 3.0,
                   "Spontaneous speech has about 2-6 disfluencies per 100 words; under 4% is a common "
                   "target; " + FIELD),
        MetricSpec("long_pauses_per_min", "delivery", "Long pauses", "per min", None, 2, None, 8, 1.0,
                   "House heuristic: pauses over 2 s (speech worker threshold); a few are fine, frequent "
                   "long silences break the thread of an answer"),
        MetricSpec("pitch_variability_st", "delivery", "Pitch variation", "semitones",
                   2, None, 0.5, None, 1.5,
                   "Speaker Coach and Orai flag monotone delivery; the speech worker calls under 1.5 "
                   "semitones SD monotone, so the band starts just above it at 2"),
        # ---- presence: what the camera sees --------------------------------------------------
        MetricSpec("face_present_ratio", "presence", "Face in view", "%", 90, None, 40, None, 2.0,
                   "House heuristic: an interviewer should see your face nearly all the time; the vision "
                   "worker flags a face absent often"),
        MetricSpec("attention_away_ratio", "presence", "Eyes on the screen or the camera", "%", None, 15,
                   None, 50, 3.0,
                   "House heuristic: reading the question or watching the interviewer on the screen is "
                   "normal in a video call; looking away from screen and camera breaks the connection, "
                   "so at most 15% of face time away is the target"),
        MetricSpec("eye_contact_ratio", "presence", "Looking at the camera", "%", 25, None, 0, None, 1.0,
                   "Speakers look at listeners about 40% of the time (Argyle & Cook 1976, Gaze and Mutual "
                   "Gaze); on video the lens stands in for the listener's eyes, but the screen is where "
                   "the interviewer is, so the lens for key points (25%+ of face time) is the skill"),
        MetricSpec("smiling_ratio", "presence", "Smiling now and then", "%", 5, 60, 0, 95, 0.5,
                   "House heuristic: occasional smiles read as warm; it measures mouth shape only, never "
                   "feelings (HireVue dropped facial analysis in 2021 after criticism)"),
        MetricSpec("movement_energy", "presence", "Steady upper body", "shoulder widths/s", None, 0.5,
                   None, 2.0, 1.0,
                   "House heuristic from the vision worker's movement measure: constant shifting reads as "
                   "fidgeting; staying still between gestures is the target"),
        # ---- content: what is said ---------------------------------------------------------------
        MetricSpec("answer_length_fit", "content", "Answer length", "% of target", 80, 120, 20, 250, 1.5,
                   "Each question's target duration in the question bank (60-150 s for most answers, "
                   "as interview coaches such as Big Interview advise); 100% = inside the target"),
        MetricSpec("star_coverage", "content", "STAR structure", "%", 75, None, 0, None, 2.0,
                   "STAR (Situation, Task, Action, Result) is the standard structure for behavioural "
                   "answers (DDI's behaviour-based interviewing); 3 of 4 parts is the target"),
        MetricSpec("answer_relevance", "content", "Answers the question asked", "% likely", 50, None, 0, None,
                   2.0, "House rule: an answer about something else earns little, however well delivered; "
                   "the content model's probability that the answer addresses the question (see README "
                   "'Accuracy: talking points')"),
        MetricSpec("talking_points_ratio", "content", "Talking points covered", "%", 67, None, 0, None, 2.0,
                   "Google Interview Warmup shows which talking points an answer covers; the bank lists "
                   "2-4 per question and two thirds is the target"),
        MetricSpec("keywords_ratio", "content", "Job-related terms", "%", 30, None, 0, None, 1.0,
                   "Google Interview Warmup highlights job-related terms used; about a third of the "
                   "question's keywords is the target"),
        MetricSpec("hedges_per_100_words", "content", "Hedging", "per 100 words", None, 2, None, 8, 1.0,
                   "Yoodli flags hedging and weak words; house band: at most 2 hedges per 100 words"),
    )
}  # fmt: skip

COMPONENT_WEIGHTS: dict[ComponentName, float] = {"delivery": 0.4, "presence": 0.3, "content": 0.3}
COMPONENT_LABELS: dict[ComponentName, str] = {
    "delivery": "Delivery (how it sounds)",
    "presence": "Presence (what the camera sees)",
    "content": "Content (what you said)",
}

#: Score thresholds of the bands shown in the UI.
BANDS: tuple[tuple[float, Band], ...] = ((85, "strong"), (70, "good"), (50, "developing"), (0, "needs_work"))


def band_for(score: float | None) -> Band:
    if score is None:
        return "not_measured"
    return next(b for threshold, b in BANDS if score >= threshold)


def metric_score(spec: MetricSpec, value: float) -> float:
    """100 inside the band, linear to 0 at the zero points (see module docstring)."""
    if spec.low is not None and value < spec.low:
        zero = spec.zero_low if spec.zero_low is not None else 0.0
        span = spec.low - zero
        return max(0.0, 100.0 * (1 - (spec.low - value) / span)) if span > 0 else 0.0
    if spec.high is not None and value > spec.high:
        zero = spec.zero_high if spec.zero_high is not None else spec.high * 2
        span = zero - spec.high
        return max(0.0, 100.0 * (1 - (value - spec.high) / span)) if span > 0 else 0.0
    return 100.0
