"""The vision pass over one segment: decode once, run each model at its own rate, summarise.

`VisionAnalyzer.create()` loads the models once per process; `analyze(path)` is what the worker runtime
calls per segment. The per-frame steps are plain functions taking the models as arguments, so they can
be tested and benchmarked one by one.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from gpu_workers.media import MediaDecodeError, VideoFrame, iter_video_frames, probe
from gpu_workers.vision.expression import align_face, classify, smile_intensity
from gpu_workers.vision.face import count_faces, framing
from gpu_workers.vision.gaze import eye_aspect_ratio, gaze_direction, iris_offset
from gpu_workers.vision.headpose import ema_smooth, estimate_head_pose
from gpu_workers.vision.landmarks import face_box, landmarks_to_array
from gpu_workers.vision.models import VisionModels, load_models, require
from gpu_workers.vision.options import VisionOptions
from gpu_workers.vision.posture import movement_energy, pose_to_array, posture_frame
from gpu_workers.vision.summary import build_summary, no_video_summary
from gpu_workers.vision.timeline import FrameRecord, timeline_json
from gpu_workers.vision.timing import LatencyRecorder
from interview_core.analysis.attention import classify as classify_attention
from interview_core.analysis.attention import geometry
from interview_core.contracts.vision import EXPRESSION_LABELS, VisionSummary

__all__ = ["IRIS_V_NEUTRAL", "AnalysisResult", "VisionAnalyzer", "analyze_frame"]

# Vertical iris offset (eye widths, downwards) of a person looking straight into the lens: the iris centre
# sits slightly above the line between the eye corners (measured -0.06..-0.09 on frontal test photos).
IRIS_V_NEUTRAL = -0.07


@dataclass(frozen=True, slots=True)
class AnalysisResult:
    """`summary` goes into the task result; `timeline` (plain JSON types) goes to S3."""

    summary: VisionSummary
    timeline: dict[str, Any]
    latency: LatencyRecorder


class _Rate:
    """Decides which analysed frames a slower model runs on, evenly in time (first frame always)."""

    def __init__(self, fps: float) -> None:
        self.period = 1.0 / fps if fps > 0 else None
        self.next_t = 0.0

    def due(self, t: float) -> bool:
        if self.period is None or t + 1e-3 < self.next_t:  # 1 ms: WebM timestamps are whole ms
            return False
        while self.next_t <= t + 1e-3:
            self.next_t += self.period
        return True


@dataclass(slots=True)
class _Due:
    """Which models run on a frame, and whether a miss may be a stale track from the previous segment."""

    detect: bool
    expression: bool
    pose: bool
    first_face: bool = False
    first_pose: bool = False


def _face_step(
    models: VisionModels, rgb: np.ndarray, rec: FrameRecord, latency: LatencyRecorder, first: bool
) -> np.ndarray | None:
    h, w = rgb.shape[:2]
    with latency.time("face_mesh"):
        result = models.face_mesh.process(rgb)
    if not result.multi_face_landmarks and first:
        # Possibly tracking a face from the previous segment (another stream): drop the track, retry.
        with latency.time("reset_tracking"):
            models.forget_face()
        with latency.time("face_mesh"):
            result = models.face_mesh.process(rgb)
    if not result.multi_face_landmarks:
        return None
    with latency.time("landmark_geometry"):
        pts = landmarks_to_array(result.multi_face_landmarks[0], w, h)
        pose = estimate_head_pose(pts, w, h)
        rec.face = True
        if pose is not None:
            rec.yaw, rec.pitch, rec.roll = pose.yaw, pose.pitch, pose.roll
        rec.iris_h, rec.iris_v = iris_offset(pts)
        rec.ear = eye_aspect_ratio(pts)
        rec.smile = smile_intensity(pts)
    return pts


def analyze_frame(
    models: VisionModels,
    rgb: np.ndarray,
    t: float,
    due: _Due,
    options: VisionOptions,
    latency: LatencyRecorder,
) -> tuple[FrameRecord, np.ndarray | None]:
    """Run the models due on this frame; returns the record and the pose keypoints (for movement)."""
    h, w = rgb.shape[:2]
    rec = FrameRecord(t=t)
    pts = _face_step(models, rgb, rec, latency, due.first_face)
    if pts is not None:
        rec.framing = framing(face_box(pts), w, h, options.too_far_face_height, options.off_centre)
    if due.detect:
        with latency.time("face_detection"):
            rec.faces = len(count_faces(models.face_detector, rgb))
    if due.expression and pts is not None:
        with latency.time("expression_crop"):
            crop = align_face(rgb, pts)
        with latency.time("expression"):
            rec.expression = [float(p) for p in classify(models.expression, crop[None])[0]]
    pose_pts = None
    if due.pose and models.pose is not None:
        rec.pose_ran = True
        with latency.time("pose"):
            result = models.pose.process(rgb)
        if result.pose_landmarks is None and due.first_pose:
            with latency.time("reset_tracking"):
                models.forget_pose()
            with latency.time("pose"):
                result = models.pose.process(rgb)
        if result.pose_landmarks is not None:
            pose_pts = pose_to_array(result.pose_landmarks, w, h)
            rec.posture = posture_frame(pose_pts)
    return rec, pose_pts


def _apply_gaze(records: list[FrameRecord], options: VisionOptions) -> None:
    """Smooth head pose and iris offsets over time, then read gaze and attention (default geometry)."""
    if not records:
        return
    times = np.array([r.t for r in records], dtype=float)
    raw = np.array(
        [
            (r.yaw, r.pitch, r.roll, r.iris_h, r.iris_v) if r.face and r.yaw is not None else (np.nan,) * 5
            for r in records
        ],
        dtype=float,
    )
    smooth = ema_smooth(times, raw, options.smoothing_s)
    screen = geometry(None)
    for rec, row in zip(records, smooth, strict=True):
        if np.isnan(row).any():
            continue
        rec.yaw, rec.pitch, rec.roll, rec.iris_h, rec.iris_v = (float(v) for v in row)
        gaze = gaze_direction(rec.yaw, rec.pitch, rec.iris_h, rec.iris_v, IRIS_V_NEUTRAL)
        rec.gaze_yaw, rec.gaze_pitch = gaze.yaw, gaze.pitch
        rec.attention = classify_attention(gaze.yaw, gaze.pitch, screen, rec.yaw, rec.roll)


def _timed(frames: Iterable[VideoFrame], latency: LatencyRecorder) -> Iterator[VideoFrame]:
    """Charge the time spent producing each frame (demux, decode, RGB conversion) to "decode"."""
    it = iter(frames)
    while True:
        start = time.perf_counter()
        try:
            frame = next(it)
        except StopIteration:
            latency.add("decode", time.perf_counter() - start)
            return
        latency.add("decode", time.perf_counter() - start)
        yield frame


class VisionAnalyzer:
    """Analyses segments with models loaded once; not thread-safe (MediaPipe graphs are stateful).

    FaceMesh and Pose track from frame to frame, also across segments. FaceMesh's track is dropped at
    the start of every segment (~4 ms): a track left over from another stream skews the first frame's
    landmarks. Pose's is dropped only when the segment's first pose frame finds nobody (dropping costs
    ~25 ms, a graph reset ~300 ms as Pose re-initialises its delegates); a stale pose track can at worst
    skew one posture sample, which the segment's means absorb.
    """

    def __init__(self, models: VisionModels, options: VisionOptions) -> None:
        self.models = models
        self.options = options

    @classmethod
    def create(cls, options: VisionOptions | None = None) -> VisionAnalyzer:
        """Load (or reuse, per process) the models for `options`."""
        options = options or VisionOptions()
        return cls(load_models(options), options)

    def analyze(self, path: str | Path) -> AnalysisResult:
        """Analyse one segment file (webm/mp4/mov, or a still image).

        Raises MediaDecodeError for truncated or non-media input; a segment without a video track gives
        a summary with `has_video=False`.
        """
        latency = LatencyRecorder()
        frames = _timed(iter_video_frames(path, self.options.sample_fps), latency)
        result = self.analyze_frames(frames, latency)
        if result.summary.frames_analysed:
            return result
        # Nothing decoded: either there is no video track (a valid audio-only segment) or it is broken.
        with latency.time("probe"):
            info = probe(path)
        if info.has_video:
            raise MediaDecodeError(f"no decodable video frames in {Path(path).name}")
        summary = no_video_summary(self.options, latency)
        return AnalysisResult(summary, timeline_json([], self._meta(0.0, None, None)), latency)

    def analyze_frames(
        self, frames: Iterable[VideoFrame], latency: LatencyRecorder | None = None
    ) -> AnalysisResult:
        """Analyse already decoded frames (RGB, times from 0): the pure core of `analyze`."""
        latency = latency or LatencyRecorder()
        opts = self.options
        with latency.time("reset_tracking"):
            self.models.forget_face()  # ~4 ms; a stale track skews the first frame's landmarks
        rates = (_Rate(opts.detection_fps), _Rate(opts.expression_fps), _Rate(opts.pose_fps))
        records: list[FrameRecord] = []
        pose_times: list[float] = []
        pose_points: list[np.ndarray | None] = []
        width = height = None
        for frame in frames:
            with latency.time("preprocess"):
                rgb = self._fit(frame.rgb)
            height, width = frame.rgb.shape[:2]
            detect, expression, pose = (r.due(frame.t) for r in rates)
            due = _Due(detect, expression, pose, first_face=not records, first_pose=not pose_times)
            rec, pose_pts = analyze_frame(self.models, rgb, frame.t, due, opts, latency)
            records.append(rec)
            if rec.pose_ran:
                pose_times.append(frame.t)
                pose_points.append(pose_pts)
        with latency.time("summarise"):
            _apply_gaze(records, opts)
            duration = records[-1].t + 1.0 / opts.sample_fps if records else 0.0
            summary = build_summary(
                records,
                duration_s=duration,
                width=width,
                height=height,
                options=opts,
                movement=movement_energy(pose_times, pose_points),
                latency=latency,
            )
            timeline = timeline_json(records, self._meta(duration, width, height))
        return AnalysisResult(summary, timeline, latency)

    def _fit(self, rgb: np.ndarray) -> np.ndarray:
        h, w = rgb.shape[:2]
        scale = self.options.max_side / max(h, w)
        if scale >= 1:
            return rgb
        cv2 = require("cv2")
        return cv2.resize(rgb, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)

    def _meta(self, duration: float, width: int | None, height: int | None) -> dict[str, Any]:
        o = self.options
        return {
            "duration_s": round(duration, 3),
            "width": width,
            "height": height,
            "sample_fps": o.sample_fps,
            "rates_fps": {"detection": o.detection_fps, "expression": o.expression_fps, "pose": o.pose_fps},
            "expression_labels": list(EXPRESSION_LABELS),
            "attention": "camera / screen / away with the default (uncalibrated) laptop geometry",
            "sign_convention": "yaw>0 subject turns to their left (image right); pitch>0 up; "
            "roll>0 head tilts to the subject's left shoulder",
        }
