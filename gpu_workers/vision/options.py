"""Options of the vision worker: what runs, how often, and the thresholds behind each observation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["VisionOptions"]


@dataclass(frozen=True, slots=True)
class VisionOptions:
    """How a segment is analysed. Defaults come from `python -m bench.vision` on 2 CPU cores.

    The rates differ per model because their costs and the speed of what they measure differ (see
    gpu_workers/vision/README.md, "Default sampling"): FaceMesh (~5 ms) runs on every analysed frame
    because gaze and blinks change within a fraction of a second; the expression model (~1 ms with the
    crop) at half that rate; Pose (~22 ms) and the full-range face detector (~7 ms) at 2 fps because
    posture, framing and people entering the room change slowly. Together: ~0.13 s of compute per media
    second on 2 CPU cores (budget 0.2 s); every model at 10 fps would cost ~0.5 s.

    Args:
        sample_fps: Frames analysed per second of media (FaceMesh: head pose, gaze, blinks, smile).
            Below ~10 fps most blinks are missed.
        detection_fps: Face detector rate (people count, framing). At most `sample_fps`.
        expression_fps: Expression model rate. At most `sample_fps`.
        pose_fps: Body pose rate (posture, movement). At most `sample_fps`; 0 disables pose.
        max_side: Frames with a longer side are downscaled first; MediaPipe resizes to <= 256 px
            inputs anyway, so larger frames only cost conversion time.
        face_detection_model: 0 = short range (faces within ~2 m), 1 = full range (up to ~5 m). Full
            range finds people further back in the room (5/5 on the group photo; short range 3/5).
        min_detection_confidence: Face detector score threshold.
        attention_step_s: Resolution of the gaze track the attention (camera / screen / away) is read
            from; it doubles for long media so the track stays small (`max_gaze_samples`). Attention
            itself uses the defaults of `interview_core.analysis.attention` here; the report
            reclassifies the track with the session's calibration.
        max_gaze_samples: See `attention_step_s`.
        smoothing_s: Time constant of the exponential smoothing of head pose and iris position; it
            hides landmark jitter (about 1-2 deg) without delaying real turns by more than a frame or two.
        too_far_face_height: A face shorter than this fraction of the frame height is "too far".
        off_centre: A face whose centre is further than this fraction of the frame from the centre
            (horizontally or vertically) is "off centre".
        timeline_bucket_s: Bucket of the summary timeline; grows automatically so that the summary
            never holds more than `max_timeline_buckets` buckets (the summary must stay small).
        max_timeline_buckets: See `timeline_bucket_s`.
        providers: onnxruntime execution providers, in order. None: CUDA when available, else CPU.
        expression_model: Path of the expression ONNX model; None uses the one in `assets/`.
        intra_op_threads: onnxruntime threads for the (tiny) expression model; 1 avoids contending
            with MediaPipe's own threads on small machines. 0 lets onnxruntime decide.
    """

    sample_fps: float = 10.0
    detection_fps: float = 2.0
    expression_fps: float = 5.0
    pose_fps: float = 2.0
    max_side: int = 960
    face_detection_model: int = 1
    min_detection_confidence: float = 0.5
    attention_step_s: float = 0.25
    max_gaze_samples: int = 2400
    smoothing_s: float = 0.2
    too_far_face_height: float = 0.15
    off_centre: float = 0.25
    timeline_bucket_s: float = 1.0
    max_timeline_buckets: int = 600
    providers: tuple[str, ...] | None = None
    expression_model: Path | None = None
    intra_op_threads: int = 1

    def __post_init__(self) -> None:
        if self.sample_fps <= 0:
            raise ValueError("sample_fps must be > 0")
        for name in ("detection_fps", "expression_fps", "pose_fps"):
            value = getattr(self, name)
            if value < 0 or value > self.sample_fps:
                raise ValueError(f"{name} must be in [0, sample_fps]")
        if self.face_detection_model not in (0, 1):
            raise ValueError("face_detection_model must be 0 or 1")
