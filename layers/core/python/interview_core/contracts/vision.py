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

from typing import Literal

from pydantic import Field

from interview_core.contracts.base import Contract

__all__ = [
    "EXPRESSION_LABELS",
    "ExpressionLabel",
    "ExpressionStats",
    "EyeContactStats",
    "FaceStats",
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

ObservationCode = Literal[
    "no_video",
    "no_face",
    "face_often_absent",
    "multiple_people",
    "face_too_far",
    "face_off_centre",
    "face_cut_off",
    "low_eye_contact",
    "long_look_away",
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
    """Looking at the camera: head pose plus iris position within the eye, per frame."""

    ratio: Ratio = Field(ge=0, le=1, description="Face frames judged as looking at the camera.")
    longest_look_away_s: float = Field(
        ge=0, description="Longest span not looking at the camera (frames without a face count as away)."
    )
    blinks: int = Field(ge=0)
    blink_rate_per_min: float = Field(ge=0, description="Per minute of face time; undercounts below ~10 fps.")
    threshold_deg: float = Field(gt=0, description="Max estimated gaze angle from the camera axis.")


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
    expression: ExpressionStats | None = None
    posture: PostureStats | None = None
    timeline_bucket_s: float = Field(gt=0, default=1.0)
    timeline: list[TimelineBucket] = Field(default_factory=list)
    observations: list[ObservationCode] = Field(default_factory=list)
    latency_ms: dict[str, ModelLatency] = Field(default_factory=dict)
