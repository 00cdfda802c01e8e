"""Why uncalibrated camera-vs-screen fails on some webcams: vertical gaze cues on the labelled real clips.

    .venv/bin/python -m gpu_workers.vision.tools.vertical_gaze_study

Runs FaceMesh on every clip of `evaluation/data/gaze/labels.json` (10 fps; landmarks cached under
`.cache/eval/attention/`) and prints, per clip and label, the median head pitch and vertical iris offset,
then the gaze pitch and the default-geometry accuracy for a range of iris depth ratios, and last the
cross-recording check: a vertical iris gain and depth ratio chosen on one webcam recording's clips, scored
on the other's, both ways.

The iris depth ratio d/R: the iris sits about 1 cm in front of the eye corners (d), on an eyeball of
radius R ~1.2 cm. When the head pitches down by p while the eyes hold a target, the iris drops by
d sin(p) in the image relative to the corners while the eye's upward rotation lifts it by R sin(e): the
corner-based offset sees only the difference. The shipped gaze uses d/R = 0 (offset read as pure eye
rotation); anatomy says ~0.8. The vertical gain: FaceMesh's iris moves less vertically than
horizontally for the same eye rotation, so a gain above the horizontal 2.5 is tried too. The tables show
what each choice does to each clip (README: what was kept).
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from evaluation.attention import CACHE, LABELS, RECORDINGS, Clip, _label_at, _media, _recording
from gpu_workers.media import iter_video_frames
from gpu_workers.vision import VisionOptions
from gpu_workers.vision.analyzer import IRIS_V_NEUTRAL
from gpu_workers.vision.gaze import EYE_WIDTH_OVER_RADIUS, iris_offset
from gpu_workers.vision.headpose import estimate_head_pose
from gpu_workers.vision.landmarks import landmarks_to_array
from gpu_workers.vision.models import load_models, require
from interview_core.analysis.attention import ScreenGeometry, classify, geometry

DEPTH_RATIOS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
VERTICAL_GAINS = (EYE_WIDTH_OVER_RADIUS, 4.0, 6.0, 8.0, 10.0)
Sample = tuple[float, float, float, float, float]  # t, head yaw, head pitch, head roll, iris_v


def _landmarks(path: Path, options: VisionOptions) -> Iterator[tuple[float, np.ndarray, int, int]]:
    cv2 = require("cv2")
    models = load_models(options)
    models.forget_face()
    for frame in iter_video_frames(path, options.sample_fps):
        rgb = frame.rgb
        scale = options.max_side / max(rgb.shape[:2])
        if scale < 1:
            rgb = cv2.resize(rgb, (round(rgb.shape[1] * scale), round(rgb.shape[0] * scale)))
        h, w = rgb.shape[:2]
        result = models.face_mesh.process(rgb)
        if result.multi_face_landmarks:
            yield frame.t, landmarks_to_array(result.multi_face_landmarks[0], w, h), w, h


def _samples(name: str, clip: Clip) -> list[Sample]:
    cached = CACHE / f"{name}.vertical.json"
    if cached.exists():
        return [tuple(s) for s in json.loads(cached.read_text())]
    samples: list[Sample] = []
    for t, pts, w, h in _landmarks(_media(name, clip), VisionOptions()):
        pose = estimate_head_pose(pts, w, h)
        if pose is not None:
            samples.append((t, pose.yaw, pose.pitch, pose.roll, iris_offset(pts)[1]))
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(samples))
    return samples


def gaze_pitch(
    head_pitch: float, iris_v: float, depth_ratio: float, gain: float = EYE_WIDTH_OVER_RADIUS
) -> float:
    """Head pitch plus the eye's rotation, with the iris's drop from the head's own pitch taken out."""
    lift = -gain * (iris_v - IRIS_V_NEUTRAL) - depth_ratio * math.sin(math.radians(head_pitch))
    return head_pitch + math.degrees(math.asin(max(-1.0, min(1.0, lift))))


Scored = list[tuple[Sample, str | None]]


def _accuracy(
    scored: Scored, geo: ScreenGeometry, depth_ratio: float, gain: float = EYE_WIDTH_OVER_RADIUS
) -> float:
    right = sum(
        classify(yaw, gaze_pitch(pitch, iris_v, depth_ratio, gain), geo, yaw, roll) == label
        for (_, yaw, pitch, roll, iris_v), label in scored
    )
    return right / len(scored)


def _cross_recording(clips: dict[str, Clip], scored: dict[str, Scored], geo: ScreenGeometry) -> None:
    """(gain, depth ratio) chosen on one recording's clips, scored on the other's; ties: nearest shipped."""
    pairs = [(g, r) for g in VERTICAL_GAINS for r in DEPTH_RATIOS]
    accuracy = {pair: {n: _accuracy(s, geo, pair[1], pair[0]) for n, s in scored.items()} for pair in pairs}
    print("\n| tuned on | vertical gain / depth ratio | held-out clip | accuracy |")
    print("|---|---|---|---|")
    for tune in RECORDINGS:
        tuning = [n for n, c in clips.items() if _recording(c) == tune]
        held_out = [n for n, c in clips.items() if _recording(c) not in (tune, None) or n == "single_face"]
        best = max(
            pairs,
            key=lambda p: (sum(accuracy[p][n] for n in tuning), -abs(p[0] - EYE_WIDTH_OVER_RADIUS) - p[1]),
        )
        for name in held_out:
            print(f"| {Path(tune).stem} | {best[0]:g} / {best[1]:g} | {name} | {accuracy[best][name]:.0%} |")


def main() -> int:
    clips = {n: Clip.model_validate(c) for n, c in json.loads(LABELS.read_text())["clips"].items()}
    geo = geometry(None)
    print(
        "| clip | label | frames | head pitch | iris v | "
        + " | ".join(f"gaze d/R {r:g}" for r in DEPTH_RATIOS)
    )
    print("|---|---|---|---|---|" + "---|" * len(DEPTH_RATIOS))
    accuracy: dict[str, list[str]] = {}
    scored_clips: dict[str, Scored] = {}
    for name, clip in clips.items():
        labelled = [(s, _label_at(s[0], clip.attention)) for s in _samples(name, clip)]
        scored = scored_clips[name] = [(s, x) for s, x in labelled if x in ("camera", "screen", "away")]
        for label in ("camera", "screen", "away"):
            rows = [s for s, x in scored if x == label]
            if rows:
                medians = [statistics.median(s[2] for s in rows), statistics.median(s[4] for s in rows)]
                gaze = [statistics.median(gaze_pitch(s[2], s[4], r) for s in rows) for r in DEPTH_RATIOS]
                cells = [f"{medians[0]:.1f}", f"{medians[1]:.3f}", *(f"{g:.1f}" for g in gaze)]
                print(f"| {name} | {label} | {len(rows)} | " + " | ".join(cells) + " |")
        accuracy[name] = [f"{_accuracy(scored, geo, r):.0%}" for r in DEPTH_RATIOS]
    print("\n| clip | " + " | ".join(f"accuracy d/R {r:g}" for r in DEPTH_RATIOS) + " |")
    print("|---|" + "---|" * len(DEPTH_RATIOS))
    for name, row in accuracy.items():
        print(f"| {name} | " + " | ".join(row) + " |")
    _cross_recording(clips, scored_clips, geo)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
