"""How well the speech worker reads a room's echo: the measure behind dereverberation and the echo note.

The worker reads each window's late reverberation with weighted prediction error
(`gpu_workers.speech.dereverb.read_echo`) and dereverberates the window when the reading passes
`DereverbOptions.echo_limit_db`; the report notes an answer spoken mostly in such windows. The limit
was chosen on the tune clips alone: as recorded and in room noise (20 and 10 dB under the speech)
against the same clips in bare rooms of 0.3 and 0.5 s (`evaluation.speech_renderings`), the middle of
the range with the fewest errors. Here every real clip of every split is read in each of those
conditions and in a 0.8 s room, and the table shows, per split, the readings and how many pass the
limit: the held-out and blind splits were not looked at when it was chosen. The rooms are synthetic
(an exponentially decaying noise tail, reverberant energy 3 dB under the direct sound); what
dereverberation does to the transcripts is in `python -m evaluation speech`'s rendering table.

`python -m evaluation speech_echo` or `python -m evaluation.speech_echo`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np

from evaluation.package_media import media_path
from evaluation.speech import LABELS, REAL_SPLITS
from evaluation.speech_renderings import SAMPLE_RATE, render
from gpu_workers.media import decode_audio
from gpu_workers.speech.dereverb import read_echo
from gpu_workers.speech.options import DereverbOptions

# Rendering (None: as recorded), its description, and whether the room echoes.
CONDITIONS: tuple[tuple[str | None, str, bool], ...] = (
    (None, "as recorded", False),
    ("noisy", "pink noise 20 dB under the speech", False),
    ("noisy_10db", "pink noise 10 dB under", False),
    ("room_0.3s", "bare room, reverberation 0.3 s", True),
    ("echoey", "bare room, 0.5 s", True),
    ("room_0.8s", "bare room, 0.8 s", True),
)


def _row(name: str, split: str, readings: Sequence[float], echoes: bool, limit: float) -> str:
    r = np.array(readings)
    over = int((r >= limit).sum())
    wrong = len(r) - over if echoes else over
    return (
        f"| {name} | {split} | {len(r)} | {np.median(r):.1f} | {r.min():.1f} to {r.max():.1f} | "
        f"{over} / {len(r)} | {wrong} |"
    )


def main(argv: Sequence[str] | None = None) -> int:
    options = DereverbOptions()
    clips: dict[str, dict[str, Any]] = json.loads(LABELS.read_text())["clips"]
    real = {path: clip for path, clip in clips.items() if clip["split"] in REAL_SPLITS}
    print("## The room's echo as the worker reads it (late reverberation under the speech band, dB)\n")
    print(f"Limit: {options.echo_limit_db} dB (chosen on the tune split); a window reading over it is "
          "dereverberated.\n")  # fmt: skip
    print("| audio | split | clips read | median | range | over the limit | misread |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    unread = 0  # recorded clips too short for a reading
    for rendering, name, echoes in CONDITIONS:
        by_split: dict[str, list[float]] = {split: [] for split in REAL_SPLITS}
        for path, clip in real.items():
            media = media_path(path)
            source = render(rendering, media, path) if rendering else media
            track = decode_audio(source, sample_rate=SAMPLE_RATE)
            if track is None:
                raise ValueError(f"{path}: no audio")
            db = read_echo(track.samples, SAMPLE_RATE, options).db
            if db is None:
                unread += rendering is None
                continue
            by_split[clip["split"]].append(db)
        for split, readings in by_split.items():
            print(_row(name, split, readings, echoes, options.echo_limit_db))
    print(f"\nRecorded clips too short for a reading: {unread} of {len(real)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
