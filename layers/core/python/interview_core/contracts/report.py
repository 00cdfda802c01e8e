"""The feedback report (`GET /v1/sessions/{id}/report`) and the progress view (`GET /v1/users/me/progress`).

Built by `interview_core.feedback.build_report` from the segment and window summaries; the web app's
types are generated from these models. Pure pydantic (Lambdas import it).

Trust rules the fields encode:
- Every score carries its per-metric breakdown: measured value, target band, the band's source,
  weight and contribution, so the UI can show exactly how a number was made.
- A metric that could not be measured (no face, no speech) is listed with `measured=False` and a
  note, and takes no weight: it is never silently scored 0.
- Everything is observable behaviour. "expression" is what the face shows, never what the person feels.
- All times are seconds on the session media timeline (0 = first recorded frame); `*_label` fields
  are the same times formatted m:ss for display.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from interview_core.contracts.base import Contract
from interview_core.contracts.job import JobTerms
from interview_core.contracts.vision import AttentionLabel, AttentionStats

__all__ = [
    "REPORT_SCHEMA_VERSION",
    "AnswerContent",
    "AnswerRelevance",
    "AnswerReport",
    "AnswerScores",
    "Band",
    "ComponentName",
    "ComponentScore",
    "ComponentTrend",
    "Evidence",
    "ExpressionMix",
    "FillerMarker",
    "FillerSummary",
    "MetricScore",
    "PaceSummaryOut",
    "PauseStats",
    "PostureSummary",
    "ProgressPoint",
    "ProgressReport",
    "Recommendation",
    "RepeatedPhrase",
    "Report",
    "ReportFiller",
    "ReportWord",
    "Scores",
    "StarCues",
    "TalkingPointCoverage",
    "Timeline",
    "TimelinePoint",
    "Transcript",
    "TrendDirection",
]

REPORT_SCHEMA_VERSION: Literal[1] = 1

ComponentName = Literal["delivery", "presence", "content"]
Band = Literal["strong", "good", "developing", "needs_work", "not_measured"]
TrendDirection = Literal["improving", "steady", "declining", "not_enough_data"]


class ReportWord(Contract):
    text: str
    start_s: float = Field(ge=0)
    end_s: float = Field(ge=0)
    answer_index: int = Field(ge=0, default=0)
    is_filler: bool = False


class Transcript(Contract):
    text: str
    words: list[ReportWord] = Field(default_factory=list)


class ReportFiller(Contract):
    word: str = Field(description='Normalised filler ("um", "you know").')
    kind: Literal["hesitation", "discourse"]
    start_s: float = Field(ge=0)
    end_s: float = Field(ge=0)
    answer_index: int = Field(ge=0, default=0)


class FillerSummary(Contract):
    items: list[ReportFiller] = Field(default_factory=list)
    count: int = Field(ge=0)
    counts: dict[str, int] = Field(default_factory=dict, description="By normalised word.")
    per_minute: float | None = Field(default=None, ge=0, description="Per minute of answer media time.")
    per_100_words: float | None = Field(default=None, ge=0)


class PaceSummaryOut(Contract):
    wpm: float | None = Field(
        default=None, ge=0, description="Words per minute from first to last word, pauses included."
    )
    wpm_overall: float | None = Field(default=None, ge=0, description="Words per minute of media time.")
    word_count: int = Field(ge=0, default=0)
    source: Literal["transcript", "syllable_estimate", "none"] = "none"


class PauseStats(Contract):
    count: int = Field(ge=0, default=0)
    long_count: int = Field(ge=0, default=0)
    mean_s: float = Field(ge=0, default=0.0)
    max_s: float = Field(ge=0, default=0.0)


class ExpressionMix(Contract):
    """What the face showed (FER2013 classes, mean probability); not what the person felt."""

    distribution: dict[str, float] = Field(default_factory=dict)
    dominant: str | None = None
    smile_mean: float | None = Field(default=None, ge=0, le=1)
    smiling_ratio: float | None = Field(default=None, ge=0, le=1)


class PostureSummary(Contract):
    measured: bool = False
    shoulder_tilt_deg: float | None = None
    head_height: float | None = Field(default=None, description="Ear line above shoulders, shoulder widths.")
    movement_energy: float | None = Field(default=None, ge=0, description="Shoulder widths per second.")
    head_motion_deg_per_s: float | None = Field(default=None, ge=0)
    note: str | None = None


class MetricScore(Contract):
    """One metric of the ensemble: how it was measured, judged and weighted."""

    key: str = Field(description='Stable id, e.g. "pace_wpm".')
    label: str
    measured: bool
    value: float | None = Field(default=None, description="Measured value in `unit`; None when not measured.")
    unit: str = ""
    target: str = Field(description='Target band in words, e.g. "120-160 wpm".')
    target_low: float | None = None
    target_high: float | None = None
    source: str = Field(description="Where the band comes from (research or product reference).")
    score: float | None = Field(default=None, ge=0, le=100, description="0-100 for this metric.")
    weight: float = Field(ge=0, description="Configured weight within the component.")
    effective_weight: float = Field(ge=0, le=1, description="Share after excluding unmeasured metrics.")
    contribution: float = Field(ge=0, le=100, description="Points this metric adds to the component.")
    note: str | None = None


class ComponentScore(Contract):
    name: ComponentName
    label: str
    value: float | None = Field(default=None, ge=0, le=100, description="None when nothing was measured.")
    band: Band
    explanation: str
    weight: float = Field(ge=0, description="Configured weight in the overall score.")
    metrics: list[MetricScore] = Field(default_factory=list)


class Scores(Contract):
    overall: float | None = Field(default=None, ge=0, le=100)
    overall_band: Band
    overall_explanation: str
    delivery: ComponentScore
    presence: ComponentScore
    content: ComponentScore


class AnswerScores(Contract):
    overall: float | None = Field(default=None, ge=0, le=100)
    delivery: float | None = Field(default=None, ge=0, le=100)
    presence: float | None = Field(default=None, ge=0, le=100)
    content: float | None = Field(default=None, ge=0, le=100)


class Recommendation(Contract):
    rank: int = Field(ge=1)
    key: str = Field(description="Metric it addresses.")
    title: str
    detail: str = Field(description="Cites a moment, e.g. \"answer 2, 1:23-1:33: four 'um' in ten seconds\".")
    exercise: str
    answer_index: int | None = Field(default=None, ge=0)
    start_s: float | None = Field(default=None, ge=0)
    end_s: float | None = Field(default=None, ge=0)
    moment_label: str | None = Field(default=None, description='"answer 2, 1:23-1:33".')
    impact: float = Field(ge=0, description="Overall points gained if the metric reached its band.")


class StarCues(Contract):
    """Situation/Task/Action/Result phrases found (keyword cues; see feedback.content)."""

    situation: list[str] = Field(default_factory=list)
    task: list[str] = Field(default_factory=list)
    action: list[str] = Field(default_factory=list)
    result: list[str] = Field(default_factory=list)
    coverage: float = Field(ge=0, le=1, default=0.0, description="Share of the four parts with a cue.")


class Evidence(Contract):
    """Sentences of the answer that support a judgement; times are None for typed answers."""

    text: str
    start_s: float | None = Field(default=None, ge=0)
    end_s: float | None = Field(default=None, ge=0)


class TalkingPointCoverage(Contract):
    point: str
    covered: bool
    confidence: float = Field(ge=0, le=1, description="Probability that the point is covered.")
    evidence: list[Evidence] = Field(
        default_factory=list, description="The sentence or sentences that cover the point best."
    )


class AnswerRelevance(Contract):
    """Whether the answer addresses the question asked (an off-topic answer is flagged, not scored as on)."""

    on_topic: bool
    confidence: float = Field(ge=0, le=1, description="Probability of the verdict in `on_topic`.")
    message: str


class RepeatedPhrase(Contract):
    phrase: str = Field(description="A content word or a phrase of two or three words.")
    count: int = Field(ge=2)


class AnswerContent(Contract):
    """What one answer says, judged against its question (`feedback.content.analyze_answer_content`)."""

    star: StarCues
    talking_points: list[TalkingPointCoverage] = Field(default_factory=list)
    keywords_used: list[str] = Field(default_factory=list)
    keywords_missed: list[str] = Field(default_factory=list)
    relevance: AnswerRelevance | None = Field(default=None, description="None when no question was chosen.")
    hedges: dict[str, int] = Field(default_factory=dict)
    hedge_count: int = Field(ge=0, default=0)
    repetition: list[RepeatedPhrase] = Field(default_factory=list, description="Most repeated first.")
    sentiment: float | None = Field(default=None, ge=-1, le=1, description="Mean VADER compound.")


class AnswerReport(Contract):
    index: int = Field(ge=0)
    question_id: str | None = None
    question: str
    kind: str | None = None
    start_s: float = Field(ge=0)
    end_s: float = Field(ge=0)
    duration_s: float = Field(ge=0)
    target_seconds: tuple[int, int] | None = None
    transcript: str = ""
    word_count: int = Field(ge=0, default=0)
    pace: PaceSummaryOut
    fillers: FillerSummary
    pauses: PauseStats
    face_present_ratio: float | None = Field(default=None, ge=0, le=1)
    eye_contact_ratio: float | None = Field(default=None, ge=0, le=1, description="= attention.camera")
    attention: AttentionStats | None = Field(default=None, description="Shares of face-visible time.")
    expressions: ExpressionMix
    smile: float | None = Field(default=None, ge=0, le=1, description="Mean smile intensity 0..1.")
    pitch_variability_semitones: float | None = Field(default=None, ge=0)
    loudness_variation_db: float | None = Field(default=None, ge=0)
    loudness_mean_db: float | None = None
    speech_to_noise_db: float | None = Field(
        default=None,
        description="Speech level over the room's background noise; None where no background was heard.",
    )
    room_echo_db: float | None = Field(
        default=None,
        description="The room's late reverberation under the speech, dB (higher: more echo); None where "
        "not read.",
    )
    echoey_room: bool = Field(
        default=False,
        description="Most of the answer was spoken in an echoey room: its echo was taken out before it was "
        "transcribed, and the report says so.",
    )
    hedges: dict[str, int] = Field(default_factory=dict)
    hedge_count: int = Field(ge=0, default=0)
    sentiment: float | None = Field(default=None, ge=-1, le=1, description="Mean VADER compound.")
    star: StarCues
    talking_points: list[TalkingPointCoverage] = Field(default_factory=list)
    keywords_used: list[str] = Field(default_factory=list)
    keywords_missed: list[str] = Field(default_factory=list)
    relevance: AnswerRelevance | None = None
    repetition: list[RepeatedPhrase] = Field(default_factory=list)
    job_terms: JobTerms | None = Field(default=None, description="None without a job description.")
    scores: AnswerScores
    notes: list[str] = Field(default_factory=list)
    answered: bool = Field(
        default=True,
        description="False when nothing was said: a question passed in silence has no overall score.",
    )


class TimelinePoint(Contract):
    t_s: float = Field(ge=0)
    face_present: float | None = Field(default=None, ge=0, le=1)
    eye_contact: float | None = Field(default=None, ge=0, le=1)
    attention: AttentionLabel | None = Field(default=None, description="None when no face was seen.")
    expression: str | None = None
    smile: float | None = Field(default=None, ge=0, le=1)
    answer_index: int = Field(ge=0, default=0)


class FillerMarker(Contract):
    t_s: float = Field(ge=0)
    word: str
    answer_index: int = Field(ge=0, default=0)


class Timeline(Contract):
    bucket_s: float = Field(gt=0, default=1.0)
    points: list[TimelinePoint] = Field(default_factory=list)
    pace_per_answer: list[float | None] = Field(default_factory=list, description="wpm by answer index.")
    filler_markers: list[FillerMarker] = Field(default_factory=list)
    answer_bounds: list[tuple[float, float]] = Field(default_factory=list, description="(start_s, end_s).")


class Report(Contract):
    schema_version: Literal[1] = REPORT_SCHEMA_VERSION
    session_id: str
    role: str
    role_title: str | None = None
    created_at: datetime
    duration_s: float = Field(ge=0)
    transcript: Transcript
    fillers: FillerSummary
    pace_wpm: float | None = Field(default=None, ge=0)
    pace: PaceSummaryOut
    pauses: PauseStats
    face_present_ratio: float | None = Field(default=None, ge=0, le=1)
    eye_contact_ratio: float | None = Field(default=None, ge=0, le=1, description="= attention.camera")
    attention: AttentionStats | None = Field(default=None, description="Shares of face-visible time.")
    expressions: ExpressionMix
    posture: PostureSummary
    pitch_variability_semitones: float | None = Field(default=None, ge=0)
    loudness_variation_db: float | None = Field(default=None, ge=0)
    hedge_count: int = Field(ge=0, default=0)
    sentiment: float | None = Field(default=None, ge=-1, le=1)
    scores: Scores
    recommendations: list[Recommendation] = Field(default_factory=list, max_length=3)
    answers: list[AnswerReport] = Field(default_factory=list)
    timeline: Timeline
    analysis_notes: list[str] = Field(default_factory=list)
    job_terms: JobTerms | None = Field(
        default=None, description="All answers; None without a job description."
    )

    def summary(self) -> dict[str, object]:
        """The small dict stored with the report record (`ReportRecord.summary`) for progress."""
        return {
            "session_id": self.session_id,
            "role": self.role,
            "created_at": self.created_at.isoformat(),
            "duration_s": self.duration_s,
            "overall": self.scores.overall,
            "delivery": self.scores.delivery.value,
            "presence": self.scores.presence.value,
            "content": self.scores.content.value,
            "pace_wpm": self.pace_wpm,
            "fillers_per_100_words": self.fillers.per_100_words,
            "eye_contact_ratio": self.eye_contact_ratio,
        }


class ProgressPoint(Contract):
    session_id: str
    created_at: datetime
    role: str | None = None
    overall: float | None = Field(default=None, ge=0, le=100)
    delivery: float | None = Field(default=None, ge=0, le=100)
    presence: float | None = Field(default=None, ge=0, le=100)
    content: float | None = Field(default=None, ge=0, le=100)


class ComponentTrend(Contract):
    component: Literal["overall", "delivery", "presence", "content"]
    direction: TrendDirection
    slope_per_session: float | None = Field(
        default=None, description="Least-squares slope of the score against session number, points/session."
    )
    sessions: int = Field(ge=0, description="Sessions with this component measured.")
    latest: float | None = None
    best: float | None = None
    method: str = Field(description="How the trend was computed, for the UI's tooltip.")


class ProgressReport(Contract):
    schema_version: Literal[1] = 1
    sessions: list[ProgressPoint] = Field(default_factory=list, description="Oldest first.")
    trends: list[ComponentTrend] = Field(default_factory=list)
