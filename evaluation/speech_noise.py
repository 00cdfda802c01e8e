"""How well the speech worker reads a room's background noise: the measure behind the report's noise note.

The report warns when a candidate's speech reads less than `NOISY_ROOM_DB` over the room's background
(`interview_core.feedback.build`; the speech evaluation's louder rooms show why that level). Here
every real clip (tune, held out, blind), as recorded and with room noise added at known levels
(`evaluation.speech_renderings`), goes through the worker's live features as one segment, and its
reading (`LoudnessSummary.snr_db`) is set against the noise that was added. The two are on different
scales, and the table shows by how much: the noise is added against the speech's active level over the
whole band, the reading takes the speech band (300-4000 Hz, where pink noise has less of its energy)
and the quietest tenth of the frames away from speech (`gpu_workers.speech.prosody.background_level_db`).
What matters is that the offset is steady from one clip to the next. Clips too short to hold half a
second away from speech have no reading (the platform reads the background over a whole answer).

`python -m evaluation speech_noise` or `python -m evaluation.speech_noise`.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from evaluation.package_media import media_path
from evaluation.speech import LABELS, REAL_SPLITS
from evaluation.speech_renderings import render
from interview_core.feedback.build import NOISY_ROOM_DB

# Rendering (None: as recorded) and the speech-to-noise ratio it adds, dB.
LEVELS: tuple[tuple[str | None, float | None], ...] = (
    (None, None),
    ("noisy", 20.0),
    ("noisy_15db", 15.0),
    ("noisy_10db", 10.0),
    ("noisy_5db", 5.0),
)


def _percent(part: int, whole: int) -> str:
    return f"{part / whole:.0%} ({part}/{whole})" if whole else "-"


def level_row(name: str, added: float | None, readings: Sequence[float | None]) -> str:
    """One table row: how many clips have a reading, where the readings lie, how many the report warns."""
    read = sorted(r for r in readings if r is not None)
    if not read:
        return f"| {name} | 0/{len(readings)} | - | - | - | - |"
    deciles = statistics.quantiles(read, n=10, method="inclusive") if len(read) > 1 else [read[0]] * 9
    offset = "-" if added is None else f"{statistics.median(r - added for r in read):+.1f}"
    return (
        f"| {name} | {len(read)}/{len(readings)} | {statistics.median(read):.1f} | "
        f"{deciles[0]:.1f} to {deciles[-1]:.1f} | {offset} | "
        f"{_percent(sum(r < NOISY_ROOM_DB for r in read), len(read))} |"
    )


def main(argv: Sequence[str] | None = None) -> int:
    from gpu_workers.speech import SpeechAnalyzer, SpeechOptions

    clips: dict[str, dict[str, Any]] = json.loads(LABELS.read_text())["clips"]
    real = {path: clip for path, clip in clips.items() if clip["split"] in REAL_SPLITS}
    analyzer = SpeechAnalyzer.create(SpeechOptions())
    print("## The room's background noise as the worker reads it (speech level over it, dB)\n")
    print(
        "| audio | clips with a reading | median reading | 10th to 90th percentile | median reading minus "
        f"the noise added | read under {NOISY_ROOM_DB:.0f} dB (the report's noise note) |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    noisy_recordings: list[str] = []  # real recordings the report would warn about
    for rendering, added in LEVELS:
        readings: list[float | None] = []
        for path in real:
            media = media_path(path)
            summary = analyzer.analyze_segment(render(rendering, media, path) if rendering else media).summary
            reading = summary.loudness.snr_db if summary.loudness else None
            readings.append(reading)
            if rendering is None and reading is not None and reading < NOISY_ROOM_DB:
                noisy_recordings.append(f"{Path(path).name} {reading:.1f} dB")
        name = "as recorded" if added is None else f"pink noise {added:.0f} dB under the speech ({rendering})"
        print(level_row(name, added, readings))
    print(f"\nRecorded clips read under {NOISY_ROOM_DB:.0f} dB: {', '.join(noisy_recordings) or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
