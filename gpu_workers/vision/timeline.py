"""Per-frame records: the full detail the runtime writes to S3 (JSON), and the input of the summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gpu_workers.vision.face import Framing
from gpu_workers.vision.posture import PostureFrame
from interview_core.contracts.vision import AttentionLabel

__all__ = ["FrameRecord", "timeline_json"]

TIMELINE_SCHEMA_VERSION = 2  # 2: per-frame gaze.looking became attention


@dataclass(slots=True)
class FrameRecord:
    """What was measured on one analysed frame; None where a model did not run or found nothing.

    Head pose and iris offsets are stored raw by the analyser and smoothed in place afterwards (gaze
    depends on the smoothed values), hence a mutable record.
    """

    t: float
    face: bool = False
    faces: int | None = None  # detector count, only on detector frames
    framing: Framing | None = None
    yaw: float | None = None
    pitch: float | None = None
    roll: float | None = None
    iris_h: float | None = None
    iris_v: float | None = None
    gaze_yaw: float | None = None
    gaze_pitch: float | None = None
    attention: AttentionLabel | None = None
    ear: float | None = None
    smile: float | None = None
    expression: list[float] | None = None
    pose_ran: bool = False
    posture: PostureFrame | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(float(value), digits)


def _frame_json(rec: FrameRecord) -> dict[str, Any]:
    out: dict[str, Any] = {"t": round(rec.t, 3), "face": rec.face}
    if rec.faces is not None:
        out["faces"] = rec.faces
    if rec.framing is not None:
        f = rec.framing
        out["framing"] = {
            "height": _r(f.height, 3),
            "cx": _r(f.cx, 3),
            "cy": _r(f.cy, 3),
            "too_far": f.too_far,
            "off_centre": f.off_centre,
            "cut_off": f.cut_off,
        }
    if rec.face:
        out["head"] = {"yaw": _r(rec.yaw, 1), "pitch": _r(rec.pitch, 1), "roll": _r(rec.roll, 1)}
        out["gaze"] = {"yaw": _r(rec.gaze_yaw, 1), "pitch": _r(rec.gaze_pitch, 1)}
        out["attention"] = rec.attention
        out["iris"] = {"h": _r(rec.iris_h, 3), "v": _r(rec.iris_v, 3)}
        out["ear"] = _r(rec.ear, 3)
        out["smile"] = _r(rec.smile, 3)
    if rec.expression is not None:
        out["expression"] = [round(p, 4) for p in rec.expression]
    if rec.pose_ran:
        p = rec.posture
        out["posture"] = None
        if p is not None:
            out["posture"] = {
                "shoulder_tilt_deg": _r(p.shoulder_tilt_deg, 1),
                "head_height": _r(p.head_height, 3),
                "torso_lean_deg": _r(p.torso_lean_deg, 1),
            }
    out.update(rec.extra)
    return out


def timeline_json(records: list[FrameRecord], meta: dict[str, Any]) -> dict[str, Any]:
    """The full per-frame timeline as plain JSON types (the runtime writes it to S3 as is).

    `expression` lists are class probabilities in the order of `meta["expression_labels"]`.
    """
    return {"schema_version": TIMELINE_SCHEMA_VERSION, **meta, "frames": [_frame_json(r) for r in records]}
