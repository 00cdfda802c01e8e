"""Attention (camera / screen / away) and face presence on real webcam clips labelled frame by frame.

Labels: `evaluation/data/gaze/labels.json` (how they were made is written in the file). The default
geometry's constants were tuned on the clip marked `tune`; the others are held out. Each clip is run
through the real vision worker once; its gaze track is cached under `.cache/eval/attention/`.

Prints, per clip: the confusion matrix (rows: truth, columns: predicted; "none" = no face found), face
presence accuracy, and the timing error of attention and presence transitions (each predicted
transition matches one true one at most). A clip with `calibration_s` is also scored with a
calibration measured on its own calibration spans (those samples are left out): the camera and the
screen, or the camera alone ("calibrated (camera dot)": the screen placed below it). Then every
attention switch off by more than 0.5 s or missed, with the labels, the predictions and the head's turn
around it.

Then the cross-recording check: the head-turn, head-tilt and screen-width limits are chosen on the clips
of one webcam recording (itself and its dim and off-centre renderings) and scored on the other's, in
both directions, with single_face always held out. It shows how far limits tuned on one person and
set-up carry to another, which a single tune/test split cannot. Last, the head-tilt rule's candidates
side by side on every clip (see `_tilt_candidates` for the selection rule).

`python -m evaluation attention` or `python -m evaluation.attention [--no-cache] [--vision FIELD=VALUE ...]`;
`--vision` overrides a `VisionOptions` field to measure a candidate (`--vision smoothing_s=0.1`).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import subprocess
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from functools import cache
from pathlib import Path

from pydantic import BaseModel

from evaluation.option_override import option_override
from evaluation.package_media import media_path
from gpu_workers.vision.options import VisionOptions
from interview_core.analysis.attention import ScreenGeometry, calibration_from_spans, classify_track, geometry
from interview_core.contracts.vision import ATTENTION_LABELS, AttentionCalibration, GazeTrack

ROOT = Path(__file__).resolve().parents[1]
LABELS = Path(__file__).with_name("data") / "gaze" / "labels.json"
CACHE = ROOT / ".cache" / "eval" / "attention"
VISION_CODE = ROOT / "gpu_workers" / "vision"
MATCH_WINDOW_S = 1.5  # a predicted transition further than this from a true one does not match it
TIMING_GOAL_S = 0.5  # issue 10: attention and presence switches within 0.5 s
LETTERS = {"camera": "C", "screen": "S", "away": "A", "unsure": "?", None: "-"}
RECORDINGS = ("real/gaze/webcam_user_1.mp4", "real/gaze/webcam_user_2.mp4")  # the cross-recording pair
# Limits searched on the tuning recording: screen half-width (gaze yaw), head turn, head tilt (degrees).
LIMITS_GRID = {
    "half_width": (16.0, 22.0, 30.0),
    "head_yaw": (14.0, 17.0, 20.0),
    "head_roll": (10.0, 14.0, 18.0),
}

Label = str  # "camera" | "screen" | "away" | "unsure"
Span = tuple[float, float]
Confusion = dict[tuple[str, str], int]  # (truth, predicted) -> samples


class CalibrationSpansOfClip(BaseModel, extra="forbid"):
    """Seconds of a clip spent looking at the camera and, if labelled, the middle of the screen."""

    camera: Span
    screen: Span | None = None

    def spans(self) -> list[Span]:
        return [self.camera] if self.screen is None else [self.camera, self.screen]


class Clip(BaseModel):
    """One labelled clip of labels.json: a file, or parts of files joined with ffmpeg (`compose`)."""

    path: str | None = None
    compose: list[tuple[str, float, float, str | None]] | None = None  # (file, start, end, filter)
    split: str
    duration_s: float
    face_s: list[Span]
    attention: list[tuple[float, float, Label]]
    calibration_s: CalibrationSpansOfClip | None = None


@dataclass(frozen=True, slots=True)
class ClipResult:
    name: str
    split: str
    mode: str
    confusion: Confusion
    face_correct: int
    face_total: int
    transition_errors: list[float | None]  # per true transition: distance to its match; None: unmatched
    presence_errors: list[float | None]
    samples: list[tuple[float, Label | None, Label | None]]  # (start, truth, predicted) of scored samples


def _compose(name: str, parts: Sequence[tuple[str, float, float, str | None]]) -> Path:
    """Join parts of real clips (each optionally filtered, all scaled to one size) into one mp4."""
    out = CACHE / f"{name}.mp4"
    if out.exists():
        return out
    CACHE.mkdir(parents=True, exist_ok=True)
    inputs: list[str] = []
    chains = []
    for i, (path, start, end, vf) in enumerate(parts):
        inputs += ["-ss", str(start), "-t", str(end - start), "-i", str(media_path(path))]
        chains.append(f"[{i}:v]{vf + ',' if vf else ''}scale=1080:720,fps=30,setsar=1[v{i}]")
    joined = "".join(f"[v{i}]" for i in range(len(parts)))
    graph = ";".join([*chains, f"{joined}concat=n={len(parts)}:v=1:a=0[out]"])
    cmd = ["ffmpeg", "-v", "error", "-y", *inputs, "-filter_complex", graph, "-map", "[out]", str(out)]
    subprocess.run(cmd, check=True)
    return out


def _media(name: str, clip: Clip) -> Path:
    return _compose(name, clip.compose) if clip.compose else media_path(str(clip.path))


@cache  # the sources do not change during a run: read them once, not once per clip
def _code_version() -> str:
    """Hash of the vision worker's sources: a cached track is stale once the code that made it changed."""
    digest = hashlib.sha256()
    for source in sorted(VISION_CODE.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:10]


def _options_key(options: VisionOptions) -> str:
    """The fields set apart from the defaults, hashed; the defaults themselves are in the code version."""
    default = VisionOptions()
    changed = [(f.name, getattr(options, f.name)) for f in fields(options)]
    changed = [(name, value) for name, value in changed if value != getattr(default, name)]
    return f".{hashlib.sha256(repr(changed).encode()).hexdigest()[:10]}" if changed else ""


def _track(path: Path, use_cache: bool, options: VisionOptions) -> GazeTrack:
    """The clip's gaze track from the real vision worker (cached by file size, mtime, worker code and
    options)."""
    stat = path.stat()
    key = f"{stat.st_size}.{int(stat.st_mtime)}.{_code_version()}{_options_key(options)}"
    cached = CACHE / f"{path.stem}.{key}.json"
    if use_cache and cached.exists():
        return GazeTrack.model_validate_json(cached.read_text())
    from gpu_workers.vision import VisionAnalyzer

    summary = VisionAnalyzer.create(options).analyze(path).summary
    n = round(summary.duration_s / options.attention_step_s)
    track = summary.gaze_track or GazeTrack(step_s=options.attention_step_s, yaw_deg=[None] * n,
                                            pitch_deg=[None] * n, head_yaw_deg=[None] * n)  # fmt: skip
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(track.model_dump_json())
    return track


def _label_at(t: float, spans: Sequence[tuple[float, float, Label]]) -> Label | None:
    return next((label for start, end, label in spans if start <= t < end), None)


def _inside(t: float, spans: Sequence[Span]) -> bool:
    return any(a <= t < b for a, b in spans)


def _transitions(labels: Sequence[tuple[float, Label | None]]) -> list[tuple[float, Label, Label]]:
    """(time, from, to) wherever consecutive known labels differ."""
    out = []
    prev: tuple[float, Label] | None = None
    for t, x in labels:
        if x is None or x == "unsure":
            prev = None
            continue
        if prev is not None and prev[1] != x:
            out.append((t, prev[1], x))
        prev = (t, x)
    return out


def _transition_errors(
    truth: Sequence[tuple[float, Label | None]], pred: Sequence[tuple[float, Label | None]]
) -> list[float | None]:
    """For each true transition, the distance to the predicted one between the same classes it is
    matched to (None: none within MATCH_WINDOW_S). Closest pairs are matched first and each predicted
    transition matches at most one true one, so a missed switch does not borrow its neighbour's."""
    true, predicted = _transitions(truth), _transitions(pred)
    pairs = sorted(
        (abs(pt - t), i, j)
        for i, (t, a, b) in enumerate(true)
        for j, (pt, pa, pb) in enumerate(predicted)
        if (pa, pb) == (a, b) and abs(pt - t) <= MATCH_WINDOW_S
    )
    errors: list[float | None] = [None] * len(true)
    used: set[int] = set()
    for distance, i, j in pairs:
        if errors[i] is None and j not in used:
            errors[i] = distance
            used.add(j)
    return errors


def evaluate_clip(
    name: str,
    clip: Clip,
    track: GazeTrack,
    calibration: AttentionCalibration | None,
    mode: str,
    geo: ScreenGeometry | None = None,
) -> ClipResult:
    predicted = classify_track(track, calibration, geo)
    return evaluate_labels(name, clip, predicted, track.step_s, calibration is not None, mode)


def evaluate_labels(
    name: str, clip: Clip, predicted: Sequence[Label | None], step: float, calibrated: bool, mode: str
) -> ClipResult:
    """Scores labels predicted per track sample against the clip's; calibrated: its spans are skipped."""
    skip = clip.calibration_s.spans() if calibrated and clip.calibration_s else []
    confusion: Confusion = {}
    face_correct = face_total = 0
    truth_seq: list[tuple[float, Label | None]] = []
    pred_seq: list[tuple[float, Label | None]] = []
    face_truth: list[tuple[float, Label | None]] = []
    face_pred: list[tuple[float, Label | None]] = []
    for k, got in enumerate(predicted):
        t = (k + 0.5) * step
        if t >= clip.duration_s:
            break
        face_total += 1
        face_correct += (got is not None) == _inside(t, clip.face_s)
        face_truth.append((k * step, "face" if _inside(t, clip.face_s) else "none"))
        face_pred.append((k * step, "none" if got is None else "face"))
        if _inside(t, skip):
            continue
        truth = _label_at(t, clip.attention)
        truth_seq.append((k * step, truth))
        pred_seq.append((k * step, got))
        if truth is None or truth == "unsure":
            continue
        key = (truth, got or "none")
        confusion[key] = confusion.get(key, 0) + 1
    return ClipResult(
        name=name,
        split=clip.split,
        mode=mode,
        confusion=confusion,
        face_correct=face_correct,
        face_total=face_total,
        transition_errors=_transition_errors(truth_seq, pred_seq),
        presence_errors=_transition_errors(face_truth, face_pred),
        samples=[(t, truth, got) for (t, truth), (_, got) in zip(truth_seq, pred_seq, strict=True)],
    )


def _calibration(spans: CalibrationSpansOfClip, track: GazeTrack) -> tuple[AttentionCalibration, str]:
    """The clip's calibration from its spans, and the mode it is scored in: both dots, or the camera's."""
    calibration = calibration_from_spans([(0.0, track)], spans.camera, spans.screen)
    return calibration, "calibrated (camera dot)" if spans.screen is None else "calibrated"


def _print(results: Sequence[ClipResult]) -> None:
    cols = [*ATTENTION_LABELS, "none"]
    for r in results:
        total, right = sum(r.confusion.values()), _right(r.confusion)
        print(f"\n## {r.name} ({r.split}, {r.mode}): {right}/{total} samples right "
              f"({right / total:.0%})" if total else f"\n## {r.name}: no scored samples")  # fmt: skip
        print("\n| truth \\ predicted | " + " | ".join(cols) + " | recall |")
        print("|---|" + "---|" * (len(cols) + 1))
        for truth in ATTENTION_LABELS:
            row = [r.confusion.get((truth, c), 0) for c in cols]
            if sum(row):
                print(
                    f"| {truth} | "
                    + " | ".join(map(str, row))
                    + f" | {row[cols.index(truth)] / sum(row):.0%} |"
                )
    print("\n## Summary (0.25 s samples; attention samples exclude 'unsure' and calibration spans)\n")
    print("| clip | split | mode | attention accuracy | attention transitions matched "
          f"(within {MATCH_WINDOW_S} s), mean / max error | face presence accuracy | presence transitions "
          "matched, mean / max error | engaged (camera or screen) vs away accuracy |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r.name} | {r.split} | {r.mode} | {_ratio(_right(r.confusion), sum(r.confusion.values()))} | "
            f"{_timing(r.transition_errors)} | "
            f"{_ratio(r.face_correct, r.face_total)} | "
            f"{_timing(r.presence_errors)} | {_engaged_accuracy(r.confusion)} |"
        )


def _late_transitions(results: Sequence[ClipResult], tracks: dict[str, GazeTrack]) -> None:
    """Each true attention switch matched further than TIMING_GOAL_S away, or not at all, with the labels
    and the head's turn around it: a switch labelled at the start of a gradual turn and read once the
    head passes the turn limit shows as a steady turn, a lag of the track as a late step."""
    print(
        f"\n## Attention switches off by more than {TIMING_GOAL_S} s or missed: one letter per sample "
        f"{MATCH_WINDOW_S} s either side (C camera, S screen, A away, ? unsure, - no face, left out)\n"
    )
    print("| clip | mode | true switch | error | truth | predicted | head turn (deg) |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        track = tracks[r.name]
        switches = _transitions([(t, truth) for t, truth, _ in r.samples])
        for (t, a, b), error in zip(switches, r.transition_errors, strict=True):
            if error is not None and error <= TIMING_GOAL_S:
                continue
            near = [x for x in r.samples if abs(x[0] - t) <= MATCH_WINDOW_S]
            truth = "".join(LETTERS[label] for _, label, _ in near)
            predicted = "".join(LETTERS[label] for _, _, label in near)
            turns = (track.head_yaw_deg[round(start / track.step_s)] for start, _, _ in near)
            print(f"| {r.name} | {r.mode} | {a} -> {b} at {t:.2f} s | "
                  f"{'missed' if error is None else f'{error:.2f} s'} | {truth} | {predicted} | "
                  f"{' '.join('-' if x is None else f'{x:.0f}' for x in turns)} |")  # fmt: skip


def _engaged_accuracy(confusion: Confusion) -> str:
    """Camera and screen taken as one class: whether the candidate is with the interview at all, the
    reading that drives the "looking away" advice; camera against screen without a calibration is a
    per-person bias (see interview_core.analysis.attention)."""

    def engaged(label: str) -> str:
        return "engaged" if label in ("camera", "screen") else label

    right = sum(n for (a, b), n in confusion.items() if engaged(a) == engaged(b))
    return _ratio(right, sum(confusion.values()))


def _right(confusion: Confusion) -> int:
    """Samples whose predicted label is the true one."""
    return sum(n for (a, b), n in confusion.items() if a == b)


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.0%} ({part}/{whole})" if whole else "-"


def _pooled(results: Sequence[ClipResult]) -> Confusion:
    """The clips' confusion matrices added up."""
    confusion: Confusion = {}
    for r in results:
        for key, n in r.confusion.items():
            confusion[key] = confusion.get(key, 0) + n
    return confusion


def looks(clip: Clip) -> dict[Label, int]:
    """Labelled looks per label: runs of one label, with 'unsure' moments inside a run left out.

    Samples 0.25 s apart within one look are not independent evidence; the looks are closer to what the
    material can show (a camera look of 5 s is 20 samples and one look)."""
    counts: dict[Label, int] = dict.fromkeys(ATTENTION_LABELS, 0)
    previous: Label | None = None
    for _, _, label in sorted(clip.attention):
        if label in counts and label != previous:
            counts[label] += 1
            previous = label
    return counts


def _material(clips: dict[str, Clip]) -> None:
    """The recordings' labelled looks (renderings and joined clips repeat them and are left out)."""
    print("\n## Material: labelled looks per recording (runs of one label; renderings and mixes left out)\n")
    print("| clip | split | " + " | ".join(ATTENTION_LABELS) + " |")
    print("|---|---|" + "---|" * len(ATTENTION_LABELS))
    totals: Counter[Label] = Counter()
    for name, clip in clips.items():
        if clip.path is None:
            continue
        counts = looks(clip)
        totals.update(counts)
        print(
            f"| {name} | {clip.split} | "
            + " | ".join(str(counts[label]) for label in ATTENTION_LABELS)
            + " |"
        )
    print("| **all** | | " + " | ".join(str(totals[label]) for label in ATTENTION_LABELS) + " |")


def _recording(clip: Clip) -> str | None:
    """Which webcam recording a clip shows (renderings included); None for others and for mixes."""
    sources = {clip.path} if clip.path else {part[0] for part in clip.compose or []}
    return sources.pop() if len(sources) == 1 and sources <= set(RECORDINGS) else None


def _limited(limits: tuple[float, float, float]) -> ScreenGeometry:
    half_width, head_yaw, head_roll = limits
    return replace(
        geometry(None), left=-half_width, right=half_width, max_head_yaw=head_yaw, max_head_roll=head_roll
    )


def _shipped_limits() -> tuple[float, float, float]:
    geo = geometry(None)
    return geo.right, geo.max_head_yaw, geo.max_head_roll


Tracked = tuple[str, Clip, GazeTrack]
# The head-tilt rule's candidates: (label without a tilt rule, head turn off the camera, |head roll|,
# degrees) -> whether the sample reads "away". Listed simplest first; declared before being scored. The
# letters are the README's names for them.
TiltRule = Callable[[str, float, float], bool]
TILT_CANDIDATES: dict[str, TiltRule] = {
    "b: no tilt rule": lambda label, turn, roll: False,
    "a: roll > 14": lambda label, turn, roll: roll > 14.0,
    "e: roll > 20": lambda label, turn, roll: roll > 20.0,
    "c: roll > 14, gaze off the camera cone": lambda label, turn, roll: roll > 14.0 and label != "camera",
    "d: roll > 14 and turn > 10": lambda label, turn, roll: roll > 14.0 and turn > 10.0,
}


def _scored(limits: tuple[float, float, float], clips: Sequence[Tracked]) -> list[ClipResult]:
    return [evaluate_clip(n, c, t, None, "limits", _limited(limits)) for n, c, t in clips]


def _rates(results: Sequence[ClipResult]) -> tuple[str, str, str]:
    """Accuracy, and recall and precision of "away", as printable ratios."""
    confusion = _pooled(results)
    away_true = sum(n for (a, _), n in confusion.items() if a == "away")
    away_said = sum(n for (_, b), n in confusion.items() if b == "away")
    return (
        _ratio(_right(confusion), sum(confusion.values())),
        _ratio(confusion.get(("away", "away"), 0), away_true),
        _ratio(confusion.get(("away", "away"), 0), away_said),
    )


def _cross_recording(tracked: Sequence[Tracked]) -> None:
    """Limits tuned on one recording's clips, scored on the other's and on single_face, both ways.

    The tuning objective is the three-way accuracy; ties go to the limits nearest the shipped ones.
    """
    print("\n## Cross-recording: head and screen limits tuned on one webcam recording, scored on the other\n")
    print("| tuned on | limits: screen half-width / head turn / head tilt (deg) | tuning accuracy | "
          "held-out clip | accuracy | away recall | away precision |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    shipped = _shipped_limits()
    grid = [(w, y, r) for w, y, r in itertools.product(*LIMITS_GRID.values())]
    for tune in RECORDINGS:
        tuning = [x for x in tracked if _recording(x[1]) == tune]

        def objective(
            limits: tuple[float, float, float], tuning: Sequence[Tracked] = tuning
        ) -> tuple[int, float]:
            distance = sum(abs(a - b) for a, b in zip(limits, shipped, strict=True))
            return _right(_pooled(_scored(limits, tuning))), -distance

        best = max(grid, key=objective)
        tuning_accuracy = _rates(_scored(best, tuning))[0]
        held_out = [x for x in tracked if _recording(x[1]) not in (tune, None) or x[0] == "single_face"]
        for entry in held_out:
            rates = " | ".join(_rates(_scored(best, [entry])))
            print(f"| {Path(tune).stem} | {' / '.join(f'{x:g}' for x in best)} | "
                  f"{tuning_accuracy} | {entry[0]} | {rates} |")  # fmt: skip


def _tilt_candidates(tracked: Sequence[Tracked]) -> None:
    """The head-tilt rule's candidates (TILT_CANDIDATES) on every clip, and pooled over the recordings.

    Each candidate decides, from the label the uncalibrated defaults give without any tilt rule, the
    head's turn off the camera and its roll, whether a sample reads "away" instead. The selection rule,
    declared before they were scored: the best pooled engaged-vs-away accuracy over the recordings (the
    renderings and presence_mix repeat their samples), ties to the simplest (the first listed).
    """
    no_tilt = replace(geometry(None), max_head_roll=math.inf)
    print("\n## Head-tilt rule candidates (uncalibrated defaults), engaged-vs-away / three-way accuracy\n")
    print("| clip | " + " | ".join(TILT_CANDIDATES) + " |")
    print("|---|" + "---|" * len(TILT_CANDIDATES))
    pooled: dict[str, list[ClipResult]] = {name: [] for name in TILT_CANDIDATES}
    for clip_name, clip, track in tracked:
        base = classify_track(track, None, no_tilt)
        turns = [None if h is None else abs(h - no_tilt.camera_yaw) for h in track.head_yaw_deg]
        rolls = track.head_roll_deg or [None] * len(base)
        cells = []
        for name, reads_away in TILT_CANDIDATES.items():
            labels = [
                "away"
                if x is not None and t is not None and r is not None and reads_away(x, t, abs(r))
                else x
                for x, t, r in zip(base, turns, rolls, strict=True)
            ]
            result = evaluate_labels(clip_name, clip, labels, track.step_s, False, name)
            cells.append(_both_accuracies(result.confusion))
            if clip.path:  # a recording, not a rendering or a mix
                pooled[name].append(result)
        print(f"| {clip_name} | " + " | ".join(cells) + " |")
    cells = [_both_accuracies(_pooled(results)) for results in pooled.values()]
    print("| **pooled recordings** | " + " | ".join(cells) + " |")


def _both_accuracies(confusion: Confusion) -> str:
    return f"{_engaged_accuracy(confusion)} / {_ratio(_right(confusion), sum(confusion.values()))}"


def _timing(per_transition: Sequence[float | None]) -> str:
    if not per_transition:
        return "none in the labels"
    errors = [e for e in per_transition if e is not None]
    spread = f", {sum(errors) / len(errors):.2f} / {max(errors):.2f} s" if errors else ""
    return f"{len(errors)}/{len(per_transition)}{spread}"


def _vision_override(text: str) -> tuple[str, object]:
    """FIELD=VALUE of `VisionOptions` (see `option_override`)."""
    return option_override(VisionOptions, text)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.attention", description=__doc__)
    parser.add_argument("--no-cache", action="store_true", help="re-run the vision worker on every clip")
    parser.add_argument(
        "--vision",
        type=_vision_override,
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="a VisionOptions field set to a candidate value for this run",
    )
    args = parser.parse_args(argv)
    try:
        options = VisionOptions(**dict(args.vision))
    except ValueError as error:
        parser.error(str(error))
    clips = {name: Clip.model_validate(c) for name, c in json.loads(LABELS.read_text())["clips"].items()}
    results = []
    tracked: list[Tracked] = []
    for name, clip in clips.items():
        track = _track(_media(name, clip), not args.no_cache, options)
        tracked.append((name, clip, track))
        results.append(evaluate_clip(name, clip, track, None, "defaults"))
        if clip.calibration_s:
            results.append(evaluate_clip(name, clip, track, *_calibration(clip.calibration_s, track)))
    _material(clips)
    _print(results)
    _late_transitions(results, {name: track for name, _, track in tracked})
    _cross_recording(tracked)
    _tilt_candidates(tracked)
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
