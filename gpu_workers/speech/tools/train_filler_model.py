"""Train the acoustic filler model (`assets/filler_model.json`) on the TUNE clips only.

`python -m gpu_workers.speech.tools.train_filler_model [--out PATH]`

Every sound unit of every tune clip of `evaluation/data/speech/fillers.json`, as recorded and re-rendered
in four other rooms (`_conditions`), is an example: positive when at least half of it lies in a
hand-timed hesitation (`filler_times_s`), else negative (words, laughter, lengthened words, "you
know"). A class-balanced, strongly L2-regularised logistic regression (scikit-learn, only here: at run
time the model is a dot product) is fitted on standardised features;
the threshold is the one with the best F1 on the tune units, the highest among ties (precision first).
Held-out clips are never read. Re-run after changing `sound_units` or the labels, then
`python -m evaluation speech` for the held-out figures.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from evaluation.package_media import media_path
from gpu_workers.media import decode_audio
from gpu_workers.speech.acoustic_fillers import FEATURES, MODEL_PATH, SoundUnit, UnitLimits, sound_units
from interview_core.analysis.logistic import Logistic

ROOT = Path(__file__).resolve().parents[3]
LABELS = ROOT / "evaluation" / "data" / "speech" / "fillers.json"
# A held hesitation is rarely shorter (a clipped "uh") or longer (a drawn-out "uuuh") than this; the
# tune set's run from 0.17 s to 1.37 s. Units outside are lengthened words or noise, never scored.
# Voicing: the voiced-frame level of sound_units (every tune hesitation's median is 0.42-0.65).
LIMITS = UnitLimits(min_duration_s=0.15, max_duration_s=2.0, min_periodicity=0.4)
# Strong L2 (scikit-learn's C; 1.0 is its default): about ten hesitations for eight features. With
# C = 1.0 a laughter burst of the tune clips scored above the threshold; with 0.1 the tune clips are
# clean and every tune hesitation is found (README, "Fillers on real speech").
REGULARISATION = 0.1


def _is_positive(unit: SoundUnit, times: Sequence[Sequence[float]]) -> bool:
    inside = sum(max(0.0, min(unit.end, b) - max(unit.start, a)) for a, b in times)
    return inside >= 0.5 * unit.duration


def _conditions() -> dict[str, Callable[[np.ndarray, str], np.ndarray]]:
    """Each tune clip as recorded, and again in other rooms (multi-condition training): reverberation
    and room noise make word endings look like held vowels, so the model sees those too. The rooms
    differ from `evaluation.speech_renderings`' (noise 20 dB, reverberation 0.5 s), which score it."""
    from evaluation.speech_renderings import add_noise, add_room

    return {
        "": lambda x, _: x,
        " noise 15 dB": lambda x, name: add_noise(x, name, 15.0),
        " noise 25 dB": lambda x, name: add_noise(x, name, 25.0),
        " room 0.3 s": lambda x, name: add_room(x, name, 0.3),
        " room 0.8 s": lambda x, name: add_room(x, name, 0.8),
    }


def tune_examples() -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Features, labels (1 = hesitation) and a 'clip start-end' name of every tune unit in range."""
    clips = json.loads(LABELS.read_text())["clips"]
    rows: list[tuple[float, ...]] = []
    labels: list[int] = []
    names: list[str] = []
    for path, clip in clips.items():
        if clip["split"] != "tune" or not path.startswith("real/"):
            continue
        track = decode_audio(media_path(path), sample_rate=16_000)
        if track is None:
            raise ValueError(f"{path}: no audio")
        for condition, render in _conditions().items():
            samples = render(track.samples.astype(np.float64), path).astype(np.float32)
            for unit in sound_units(samples, track.sample_rate):
                if not LIMITS.admit(unit):
                    continue
                rows.append(unit.features)
                labels.append(int(_is_positive(unit, clip["filler_times_s"])))
                names.append(f"{Path(path).stem}{condition} {unit.start:.2f}-{unit.end:.2f}")
    return np.asarray(rows), np.asarray(labels), names


def best_threshold(p: np.ndarray, y: np.ndarray) -> float:
    """Midway between the lowest accepted and the highest rejected score of the cut with the best F1
    on the tune units; among equal F1 the stricter cut (precision is worth more than recall)."""
    scores = np.sort(np.unique(p))[::-1]
    best, best_f1 = 0.5, -1.0
    for hi, lo in zip(scores, [*scores[1:], 0.0], strict=True):
        hit = p >= hi
        tp = int((hit & (y == 1)).sum())
        f1 = 2 * tp / (hit.sum() + y.sum()) if tp else 0.0
        if f1 > best_f1:
            best, best_f1 = round(float(hi + lo) / 2, 4), f1
    return best


def main(argv: Sequence[str] | None = None) -> int:
    from sklearn.linear_model import LogisticRegression

    parser = argparse.ArgumentParser(prog="python -m gpu_workers.speech.tools.train_filler_model")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    x, y, names = tune_examples()
    mean, scale = x.mean(axis=0), x.std(axis=0)
    z = (x - mean) / scale
    fit = LogisticRegression(C=REGULARISATION, class_weight="balanced").fit(z, y)
    p = fit.predict_proba(z)[:, 1]
    threshold = best_threshold(p, y)
    logistic = Logistic(
        features=FEATURES,
        mean=tuple(round(float(v), 6) for v in mean),
        scale=tuple(round(float(v), 6) for v in scale),
        weights=tuple(round(float(v), 6) for v in fit.coef_[0]),
        bias=round(float(fit.intercept_[0]), 6),
        threshold=threshold,
    )
    model = {
        "about": "Acoustic hesitation detector (gpu_workers.speech.acoustic_fillers), written by "
        "gpu_workers/speech/tools/train_filler_model.py from the tune clips of "
        "evaluation/data/speech/fillers.json.",
        **logistic.to_json(),
        **dataclasses.asdict(LIMITS),
        "trained_on": {"units": len(y), "hesitation_units": int(y.sum())},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, indent=1) + "\n")
    print("| unit | label | probability |\n| --- | --- | --- |")
    for name, label, prob in sorted(zip(names, y, p, strict=True), key=lambda r: -r[2]):
        mark = " **filler**" if prob >= threshold else ""
        print(f"| {name} | {'hesitation' if label else '-'} | {prob:.3f}{mark} |")
    print(f"\nthreshold {threshold}; weights {dict(zip(FEATURES, logistic.weights, strict=True))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
