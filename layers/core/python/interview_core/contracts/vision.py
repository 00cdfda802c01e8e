"""What the vision worker returns for one media segment: observable behaviour, never inner state.

The worker puts this summary in its task result (Step Functions payloads are capped at 256 KB, so the
per-second timeline is bounded: see `VisionSummary.timeline_bucket_s`) and writes the full per-frame
timeline to S3 separately. Pure pydantic: Lambdas import this module, so no numpy or mediapipe here.

Sign conventions (the camera image as recorded, not mirrored):
- yaw > 0: the subject turns to their left, i.e. the nose moves towards image right.
- pitch > 0: the subject looks up.
- roll > 0: the head tilts towards the subject's left shoulder (image right); the eye line turns clockwise.
- shoulder tilt > 0: the subject's left shoulder (image right) is lower.

"expression" is what the face shows (FER2013 classes); the product never calls it emotion.
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator

from interview_core.contracts.base import Contract

__all__ = [
    "ATTENTION_LABELS",
    "EXPRESSION_LABELS",
    "AttentionCalibration",
    "AttentionLabel",
    "AttentionStats",
    "CalibrationSpans",
    "ExpressionLabel",
    "ExpressionStats",
    "EyeContactStats",
    "FaceStats",
    "GazeDirection",
    "GazeTrack",
    "HeadPoseStats",
    "ModelLatency",
    "ObservationCode",
    "PostureStats",
    "TimelineBucket",
    "VisionSummary",
]

ExpressionLabel = Literal["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]
EXPRESSION_LABELS: tuple[ExpressionLabel, ...] = (
    "angry",
    "disgust",
    "fear",
    "happy",
    "sad",
    "surprise",
    "neutral",
)

# Where the eyes are, per moment: the lens, the screen (just below a laptop webcam), or elsewhere.
AttentionLabel = Literal["camera", "screen", "away"]
ATTENTION_LABELS: tuple[AttentionLabel, ...] = ("camera", "screen", "away")

ObservationCode = Literal[
    "no_video",
    "no_face",
    "face_often_absent",
    "multiple_people",
    "face_too_far",
    "face_off_centre",
    "face_cut_off",
    "low_eye_contact",  # no longer raised (looking at the screen is fine); kept for stored summaries
    "long_look_away",
    "often_away",
]

Ratio = float


class FaceStats(Contract):
    """Face visibility and framing. Ratios are over analysed frames (or detector frames for counts)."""

    present_ratio: Ratio = Field(ge=0, le=1, description="Frames with the subject's face visible.")
    multiple_faces_ratio: Ratio = Field(ge=0, le=1, description="Detector frames with 2+ faces.")
    max_faces: int = Field(ge=0, description="Most faces seen in one detector frame.")
    mean_face_height: Ratio | None = Field(
        default=None, ge=0, description="Face height (forehead to chin) as a fraction of frame height."
    )
    too_far_ratio: Ratio = Field(ge=0, le=1, description="Face frames where the face is small (far away).")
    off_centre_ratio: Ratio = Field(ge=0, le=1, description="Face frames where the face is far off centre.")
    cut_off_ratio: Ratio = Field(
        ge=0, le=1, description="Face frames where the face runs off the frame edge."
    )


class HeadPoseStats(Contract):
    """Smoothed head pose over face frames, degrees (signs in the module docstring)."""

    yaw_mean_deg: float
    pitch_mean_deg: float
    roll_mean_deg: float
    yaw_sd_deg: float = Field(ge=0)
    pitch_sd_deg: float = Field(ge=0)
    head_motion_deg_per_s: float = Field(ge=0, description="Mean angular speed of the head: restlessness.")


class EyeContactStats(Contract):
    """Looking at the camera (the attention's camera share), looking away, and blinks."""

    ratio: Ratio = Field(ge=0, le=1, description="Share of face time looking at the camera.")
    longest_look_away_s: float = Field(
        ge=0, description="Longest span looking away (frames without a face count as away)."
    )
    blinks: int = Field(ge=0)
    blink_rate_per_min: float = Field(ge=0, description="Per minute of face time; undercounts below ~10 fps.")
    threshold_deg: float = Field(gt=0, description="Radius of the default camera cone, degrees of gaze.")


class GazeDirection(Contract):
    """A gaze direction (head pose plus eye rotation), degrees from the line of sight to the camera."""

    yaw_deg: float = Field(ge=-60, le=60, description="> 0: towards the subject's left (image right).")
    pitch_deg: float = Field(ge=-60, le=60, description="> 0: up.")


class AttentionCalibration(Contract):
    """Where this person's gaze points when looking at the camera and at the middle of the screen.

    Measured on the camera check; it absorbs what differs per person and set-up (face shape, camera
    height, screen size and distance). The screen is below the camera (a webcam on top of the screen).
    """

    camera: GazeDirection
    screen: GazeDirection

    @model_validator(mode="after")
    def _screen_below_camera(self) -> Self:
        drop = self.camera.pitch_deg - self.screen.pitch_deg
        if not 2 <= drop <= 45:
            raise ValueError(
                f"the screen centre must be 2-45 degrees below the camera (got {drop:.1f}); "
                "repeat the calibration looking at the marker, then at the middle of the screen"
            )
        if abs(self.camera.yaw_deg - self.screen.yaw_deg) > 30:
            raise ValueError("the screen centre must be within 30 degrees sideways of the camera")
        return self


CALIBRATION_SPAN_S = (1.0, 10.0)  # shortest span that gives enough gaze samples; longest worth asking for
CALIBRATION_END_MAX_S = 24 * 3600.0  # a sanity bound: the session's own maximum length is checked on request
CALIBRATION_CUT_SLACK_S = 0.75


class CalibrationSpans(Contract):
    """When the candidate looked at the camera marker and at the middle of the screen: seconds on the
    session's media timeline (the clock of the segments' offsets).

    The browser has no gaze model, so it sends when; the report reads where from the gaze the vision
    worker measured in these spans (`interview_core.analysis.attention.resolve_calibration`).
    """

    camera_span_s: tuple[float, float] = Field(
        description="[start, end] looking at the marker by the camera."
    )
    screen_span_s: tuple[float, float] = Field(
        description="[start, end] looking at the middle of the screen."
    )

    @model_validator(mode="after")
    def _sensible_spans(self) -> Self:
        shortest, longest = CALIBRATION_SPAN_S
        for name, (start, end) in (("camera", self.camera_span_s), ("screen", self.screen_span_s)):
            if not 0 <= start < end <= CALIBRATION_END_MAX_S:
                raise ValueError(f"the {name} span must start at 0 s or later and end after it starts")
            if not shortest <= end - start <= longest:
                raise ValueError(
                    f"the {name} span must last {shortest:g}-{longest:g} s (got {end - start:.2f} s)"
                )
        (a0, a1), (b0, b1) = self.camera_span_s, self.screen_span_s
        if a0 < b1 and b0 < a1:
            raise ValueError("the camera and screen spans must not overlap")
        return self

    @property
    def end_s(self) -> float:
        """Where the calibration ends on the timeline: answer 1 starts after it."""
        return max(self.camera_span_s[1], self.screen_span_s[1])

    def holds(self, segment_end_s: float) -> bool:
        """Whether a segment ending there was recorded for the calibration (the browser cuts a segment where
        the calibration ends; its stop lands a little later), so it is not part of answer 1."""
        return segment_end_s <= self.end_s + CALIBRATION_CUT_SLACK_S


class GazeTrack(Contract):
    """Gaze direction every `step_s` from the segment start (None: no face): what attention is read from.

    Kept so that the report can classify attention with the session's calibration, which the worker
    does not know.
    """

    step_s: float = Field(gt=0)
    yaw_deg: list[float | None] = Field(default_factory=list)
    pitch_deg: list[float | None] = Field(default_factory=list)
    head_yaw_deg: list[float | None] = Field(default_factory=list, description="Head alone, no eyes.")
    head_roll_deg: list[float | None] = Field(
        default_factory=list,
        description="Head tilt (roll), same signs as head pose; empty in tracks stored before it was kept.",
    )

    @model_validator(mode="after")
    def _same_length(self) -> Self:
        if not len(self.yaw_deg) == len(self.pitch_deg) == len(self.head_yaw_deg):
            raise ValueError("yaw_deg, pitch_deg and head_yaw_deg must have the same length")
        if self.head_roll_deg and len(self.head_roll_deg) != len(self.yaw_deg):
            raise ValueError("head_roll_deg must be empty or as long as yaw_deg")
        return self


class AttentionStats(Contract):
    """Shares of face-visible time looking at the camera, at the screen, or away (they sum to 1)."""

    camera: Ratio = Field(ge=0, le=1)
    screen: Ratio = Field(ge=0, le=1)
    away: Ratio = Field(ge=0, le=1)
    longest_away_s: float = Field(ge=0, default=0.0, description="Longest span looking away.")
    calibrated: bool = Field(default=False, description="Classified with the person's own calibration.")


class ExpressionStats(Contract):
    """Facial expression distribution (mean class probabilities) and landmark smile intensity."""

    frames: int = Field(ge=0, description="Frames the expression model ran on.")
    distribution: dict[ExpressionLabel, Ratio] = Field(description="Mean probability per class; sums to 1.")
    dominant: ExpressionLabel
    smile_mean: Ratio = Field(ge=0, le=1, description="Mean smile intensity from mouth shape, 0..1.")
    smiling_ratio: Ratio = Field(ge=0, le=1, description="Face frames with smile intensity >= 0.5.")


class PostureStats(Contract):
    """Upper-body posture from body landmarks; webcam framing usually hides the hips."""

    frames: int = Field(ge=0, description="Frames with both shoulders visible.")
    shoulder_tilt_deg: float = Field(description="Mean; > 0 when the subject's left shoulder is lower.")
    head_height: float | None = Field(
        default=None,
        description="Ear line above shoulder line, in shoulder widths; it falls when slouching or "
        "pushing the head forward.",
    )
    torso_lean_deg: float | None = Field(
        default=None, description="Sideways lean from hips to shoulders; None when the hips are not visible."
    )
    movement_energy: float = Field(
        ge=0, description="Mean upper-body keypoint speed, shoulder widths per second: fidgeting."
    )


class TimelineBucket(Contract):
    """One bucket of the chartable timeline; None where nothing could be measured in the bucket."""

    t_s: float = Field(ge=0, description="Bucket start, seconds from segment start.")
    face_present: Ratio = Field(ge=0, le=1)
    eye_contact: Ratio | None = Field(default=None, ge=0, le=1)
    attention: AttentionLabel | None = Field(default=None, description="Most of the bucket's face time.")
    expression: ExpressionLabel | None = None
    smile: Ratio | None = Field(default=None, ge=0, le=1)


class ModelLatency(Contract):
    """Total compute time of one model (or pipeline stage) for this segment."""

    calls: int = Field(ge=0)
    total_ms: float = Field(ge=0)


class VisionSummary(Contract):
    """Compact per-segment result for the state machine; the full per-frame detail lives in S3."""

    schema_version: Literal[1] = 1
    has_video: bool
    duration_s: float = Field(ge=0, description="From decoded frames (browser WebM has no header duration).")
    frames_analysed: int = Field(ge=0)
    sample_fps: float = Field(ge=0)
    width: int | None = None
    height: int | None = None
    face: FaceStats | None = None
    head_pose: HeadPoseStats | None = None
    eye_contact: EyeContactStats | None = None
    attention: AttentionStats | None = Field(default=None, description="With the default calibration.")
    gaze_track: GazeTrack | None = None
    expression: ExpressionStats | None = None
    posture: PostureStats | None = None
    timeline_bucket_s: float = Field(gt=0, default=1.0)
    timeline: list[TimelineBucket] = Field(default_factory=list)
    observations: list[ObservationCode] = Field(default_factory=list)
    latency_ms: dict[str, ModelLatency] = Field(default_factory=dict)
