"""Reduce per-frame records to the compact `VisionSummary` the state machine carries. Pure logic.

Observation codes are raised from documented thresholds (`OBSERVATION_THRESHOLDS`) so the report can
explain every one of them ("your face was off centre in 70% of the frames").
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np

from gpu_workers.vision.gaze import count_blinks, longest_run_s
from gpu_workers.vision.options import VisionOptions
from gpu_workers.vision.timeline import FrameRecord
from gpu_workers.vision.timing import LatencyRecorder
from interview_core.analysis.attention import attention_stats, classify_track, dominant, geometry
from interview_core.contracts.vision import (
    EXPRESSION_LABELS,
    AttentionStats,
    ExpressionStats,
    EyeContactStats,
    FaceStats,
    GazeTrack,
    HeadPoseStats,
    ModelLatency,
    ObservationCode,
    PostureStats,
    TimelineBucket,
    VisionSummary,
)

__all__ = [
    "OBSERVATION_THRESHOLDS",
    "bucket_size",
    "build_summary",
    "face_present",
    "gaze_track",
    "no_video_summary",
]

OBSERVATION_THRESHOLDS = {
    "face_often_absent": 0.8,  # face visible in fewer than 80% of frames
    "multiple_people": 0.2,  # 2+ faces in at least 20% of detector frames
    "framing": 0.5,  # too far / off centre / cut off in at least half of the face frames
    "often_away": 0.3,  # looking away (neither camera nor screen) in 30% or more of the face time
    "long_look_away_s": 5.0,
}
SMILING = 0.5


def _ratio(flags: Sequence[bool]) -> float:
    return float(np.mean(flags)) if len(flags) else 0.0


def _r(x: float | np.floating, digits: int = 3) -> float:
    return round(float(x), digits)


def face_present(rec: FrameRecord) -> bool:
    """Landmarks found, or the (full-range) detector saw a face FaceMesh's short-range detector missed."""
    return rec.face or bool(rec.faces)


def face_stats(records: Sequence[FrameRecord]) -> FaceStats:
    counts = [r.faces for r in records if r.faces is not None]
    framed = [r.framing for r in records if r.face and r.framing is not None]
    return FaceStats(
        present_ratio=_r(_ratio([face_present(r) for r in records])),
        multiple_faces_ratio=_r(_ratio([c >= 2 for c in counts])),
        max_faces=max(counts, default=int(any(r.face for r in records))),
        mean_face_height=_r(np.mean([f.height for f in framed])) if framed else None,
        too_far_ratio=_r(_ratio([f.too_far for f in framed])),
        off_centre_ratio=_r(_ratio([f.off_centre for f in framed])),
        cut_off_ratio=_r(_ratio([f.cut_off for f in framed])),
    )


def head_pose_stats(records: Sequence[FrameRecord]) -> HeadPoseStats | None:
    faces = [
        r for r in records if r.face and r.yaw is not None and r.pitch is not None and r.roll is not None
    ]
    if not faces:
        return None
    yaw = np.array([r.yaw for r in faces], dtype=float)
    pitch = np.array([r.pitch for r in faces], dtype=float)
    roll = np.array([r.roll for r in faces], dtype=float)
    speeds = []
    for a, b in itertools.pairwise(faces):
        dt = b.t - a.t
        if 0 < dt <= 0.5:
            speeds.append(math.hypot(b.yaw - a.yaw, b.pitch - a.pitch) / dt)  # type: ignore[operator]
    return HeadPoseStats(
        yaw_mean_deg=_r(yaw.mean(), 1),
        pitch_mean_deg=_r(pitch.mean(), 1),
        roll_mean_deg=_r(roll.mean(), 1),
        yaw_sd_deg=_r(yaw.std(), 1),
        pitch_sd_deg=_r(pitch.std(), 1),
        head_motion_deg_per_s=_r(np.mean(speeds) if speeds else 0.0, 1),
    )


def gaze_track(records: Sequence[FrameRecord], duration_s: float, options: VisionOptions) -> GazeTrack | None:
    """Mean gaze direction per `attention_step_s` window (doubled for long media); None without faces."""
    step = options.attention_step_s
    while duration_s / step > options.max_gaze_samples:
        step *= 2
    n = max(1, math.ceil(duration_s / step - 1e-9))
    sums = np.zeros((n, 5))  # gaze yaw, gaze pitch, head yaw, head roll, frames
    for r in records:
        if r.face and r.gaze_yaw is not None and r.gaze_pitch is not None and r.yaw is not None:
            sums[min(n - 1, int(r.t / step + 1e-9))] += (r.gaze_yaw, r.gaze_pitch, r.yaw, r.roll, 1)
    if not sums[:, 4].any():
        return None
    means = [[round(float(v / row[4]), 1) if row[4] else None for v in row[:4]] for row in sums]
    yaw, pitch, head, roll = (list(col) for col in zip(*means, strict=True))
    return GazeTrack(step_s=step, yaw_deg=yaw, pitch_deg=pitch, head_yaw_deg=head, head_roll_deg=roll)


def eye_contact_stats(
    records: Sequence[FrameRecord], duration_s: float, attention: AttentionStats | None
) -> EyeContactStats | None:
    """Blinks and the longest look away; the ratio is the attention's camera share."""
    if attention is None:
        return None
    times = np.array([r.t for r in records], dtype=float)
    away = np.array([not r.face or r.attention == "away" for r in records])
    ear = np.array([r.ear if r.face and r.ear is not None else np.nan for r in records], dtype=float)
    blinks = count_blinks(times, ear)
    faces = sum(1 for r in records if r.face)
    face_minutes = faces / max(len(records), 1) * duration_s / 60.0
    return EyeContactStats(
        ratio=attention.camera,
        longest_look_away_s=_r(longest_run_s(times, away, duration_s), 2),
        blinks=blinks,
        blink_rate_per_min=_r(blinks / face_minutes if face_minutes > 0 else 0.0, 1),
        threshold_deg=geometry(None).camera_radius,
    )


def expression_stats(records: Sequence[FrameRecord]) -> ExpressionStats | None:
    probs = [r.expression for r in records if r.expression is not None]
    smiles = [r.smile for r in records if r.face and r.smile is not None]
    if not probs:
        return None
    mean = np.mean(np.array(probs, dtype=float), axis=0)
    mean = mean / mean.sum()
    distribution = {label: _r(p, 4) for label, p in zip(EXPRESSION_LABELS, mean, strict=True)}
    return ExpressionStats(
        frames=len(probs),
        distribution=distribution,
        dominant=EXPRESSION_LABELS[int(np.argmax(mean))],
        smile_mean=_r(np.mean(smiles) if smiles else 0.0),
        smiling_ratio=_r(_ratio([s >= SMILING for s in smiles])),
    )


def posture_stats(records: Sequence[FrameRecord], movement: float) -> PostureStats | None:
    frames = [r.posture for r in records if r.posture is not None]
    if not frames:
        return None
    heads = [f.head_height for f in frames if f.head_height is not None]
    leans = [f.torso_lean_deg for f in frames if f.torso_lean_deg is not None]
    return PostureStats(
        frames=len(frames),
        shoulder_tilt_deg=_r(np.mean([f.shoulder_tilt_deg for f in frames]), 1),
        head_height=_r(np.mean(heads)) if heads else None,
        torso_lean_deg=_r(np.mean(leans), 1) if leans else None,
        movement_energy=_r(movement),
    )


def bucket_size(duration_s: float, options: VisionOptions) -> float:
    """The timeline bucket: `timeline_bucket_s`, doubled until the timeline fits `max_timeline_buckets`."""
    size = options.timeline_bucket_s
    while duration_s / size > options.max_timeline_buckets:
        size *= 2
    return size


def _bucket(t0: float, recs: Sequence[FrameRecord]) -> TimelineBucket:
    faces = [r for r in recs if r.face]
    present = [r for r in recs if face_present(r)]
    attention = [r.attention for r in faces if r.attention is not None]
    probs = [r.expression for r in recs if r.expression is not None]
    smiles = [r.smile for r in faces if r.smile is not None]
    return TimelineBucket(
        t_s=_r(t0, 2),
        face_present=_r(len(present) / len(recs)),
        eye_contact=_r(attention.count("camera") / len(attention)) if attention else None,
        attention=dominant(attention),
        expression=EXPRESSION_LABELS[int(np.argmax(np.mean(probs, axis=0)))] if probs else None,
        smile=_r(np.mean(smiles)) if smiles else None,
    )


def timeline_buckets(records: Sequence[FrameRecord], size: float) -> list[TimelineBucket]:
    groups: dict[int, list[FrameRecord]] = {}
    for r in records:
        groups.setdefault(int(r.t // size), []).append(r)
    return [_bucket(i * size, recs) for i, recs in sorted(groups.items())]


def observations(
    face: FaceStats, eye: EyeContactStats | None, attention: AttentionStats | None, frames: int
) -> list[ObservationCode]:
    th = OBSERVATION_THRESHOLDS
    codes: list[ObservationCode] = []
    if frames and face.present_ratio == 0:
        return ["no_face"]
    if face.present_ratio < th["face_often_absent"]:
        codes.append("face_often_absent")
    if face.multiple_faces_ratio >= th["multiple_people"]:
        codes.append("multiple_people")
    framing_checks: list[tuple[float, ObservationCode]] = [
        (face.too_far_ratio, "face_too_far"),
        (face.off_centre_ratio, "face_off_centre"),
        (face.cut_off_ratio, "face_cut_off"),
    ]
    for ratio, code in framing_checks:
        if ratio >= th["framing"]:
            codes.append(code)
    if attention is not None and attention.away >= th["often_away"]:
        codes.append("often_away")
    if eye is not None and eye.longest_look_away_s >= th["long_look_away_s"]:
        codes.append("long_look_away")
    return codes


def latency_ms(latency: LatencyRecorder) -> dict[str, ModelLatency]:
    return {
        stage: ModelLatency(calls=latency.calls[stage], total_ms=round(latency.total_ms(stage), 1))
        for stage in sorted(latency.calls)
    }


def build_summary(
    records: Sequence[FrameRecord],
    *,
    duration_s: float,
    width: int | None,
    height: int | None,
    options: VisionOptions,
    movement: float,
    latency: LatencyRecorder,
) -> VisionSummary:
    """The summary of a segment with a video track (records may be empty for an undecodable tail)."""
    face = face_stats(records)
    track = gaze_track(records, duration_s, options)
    attention = attention_stats(classify_track(track, None), track.step_s, False) if track else None
    eye = eye_contact_stats(records, duration_s, attention)
    size = bucket_size(duration_s, options)
    return VisionSummary(
        has_video=True,
        duration_s=_r(duration_s),
        frames_analysed=len(records),
        sample_fps=options.sample_fps,
        width=width,
        height=height,
        face=face,
        head_pose=head_pose_stats(records),
        eye_contact=eye,
        attention=attention,
        gaze_track=track,
        expression=expression_stats(records),
        posture=posture_stats(records, movement),
        timeline_bucket_s=size,
        timeline=timeline_buckets(records, size),
        observations=observations(face, eye, attention, len(records)),
        latency_ms=latency_ms(latency),
    )


def no_video_summary(options: VisionOptions, latency: LatencyRecorder) -> VisionSummary:
    """An audio-only segment: a valid, explicit "nothing to see" result rather than an error."""
    return VisionSummary(
        has_video=False,
        duration_s=0.0,
        frames_analysed=0,
        sample_fps=options.sample_fps,
        observations=["no_video"],
        latency_ms=latency_ms(latency),
    )
