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

Then the camera check's reading (`web/src/lib/roomNoise.ts`, which tells the candidate before the
interview whether the report will note their room) is modelled on the same audio, as Chromium's
AnalyserNode delivers it (48 kHz, Blackman-windowed 2048-point FFT every 50 ms; the page's microphone
loops a clip shorter than its 10 s window), and set against the worker's reading clip by clip. The
page's one offset (`OVER_WORKER_DB`, the median difference before it) was read from this comparison, so
what it prints is no independent check; the real browser against the worker is, in
`tests/e2e/test_web_room_sound.py`.

`python -m evaluation speech_noise` or `python -m evaluation.speech_noise`.
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from evaluation.package_media import media_path
from evaluation.speech import LABELS, REAL_SPLITS
from evaluation.speech_renderings import SAMPLE_RATE, render
from gpu_workers.media import decode_audio
from gpu_workers.speech.prosody import BACKGROUND_PERCENTILE, SPEECH_BAND_HZ
from interview_core.feedback.build import NOISY_ROOM_DB

# Rendering (None: as recorded) and the speech-to-noise ratio it adds, dB.
LEVELS: tuple[tuple[str | None, float | None], ...] = (
    (None, None),
    ("noisy", 20.0),
    ("noisy_15db", 15.0),
    ("noisy_10db", 10.0),
    ("noisy_5db", 5.0),
)


# The camera check's own constants (web/src/lib/roomNoise.ts; its band and percentile are the worker's).
BROWSER_RATE, BROWSER_FFT, BROWSER_HOP = 48_000, 2048, 2400
BROWSER_WINDOW_S = 10.0
OVER_WORKER_DB, SPEAKING_DB, SPEECH_DB, MIN_SPEAKING_SHARE = 1.2, 6.0, 3.0, 0.1


def browser_levels(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    """Speech-band power per AnalyserNode frame (dB) of `samples` looped to the page's window."""
    from scipy.signal import resample_poly

    loops = max(1, math.ceil(BROWSER_WINDOW_S * sample_rate / len(samples)))
    audio = resample_poly(np.tile(samples, loops), BROWSER_RATE, sample_rate)
    freqs = np.fft.rfftfreq(BROWSER_FFT, 1 / BROWSER_RATE)[: BROWSER_FFT // 2]
    band = (freqs >= SPEECH_BAND_HZ[0]) & (freqs <= SPEECH_BAND_HZ[1])
    window = np.blackman(BROWSER_FFT)
    starts = range(0, len(audio) - BROWSER_FFT, BROWSER_HOP)
    spectra = (np.abs(np.fft.rfft(audio[i : i + BROWSER_FFT] * window))[: BROWSER_FFT // 2] for i in starts)
    power = np.array([float((spectrum[band] ** 2).sum()) for spectrum in spectra])
    return 10 * np.log10(np.maximum(power, 1e-20))


def browser_reading(levels: np.ndarray) -> float | None:
    """`roomReading` of web/src/lib/roomNoise.ts."""
    ordered = np.sort(levels)
    if len(ordered) < 20:
        return None
    background = ordered[int((len(ordered) - 1) * BACKGROUND_PERCENTILE / 100)]
    if (ordered >= background + SPEAKING_DB).sum() < MIN_SPEAKING_SHARE * len(ordered):
        return None
    speech = ordered[ordered >= background + SPEECH_DB]
    return float(10 * np.log10(np.mean(10 ** (speech / 10))) - background) - OVER_WORKER_DB


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
    pairs: list[tuple[float, float]] = []  # (worker, camera check) per clip reading both
    for rendering, added in LEVELS:
        readings: list[float | None] = []
        for path in real:
            media = media_path(path)
            source = render(rendering, media, path) if rendering else media
            track = decode_audio(source, sample_rate=SAMPLE_RATE)  # once, for the worker and the page
            if track is None:
                raise ValueError(f"{source}: no audio")
            summary = analyzer.analyze_segment(track).summary
            reading = summary.loudness.snr_db if summary.loudness else None
            readings.append(reading)
            if rendering is None and reading is not None and reading < NOISY_ROOM_DB:
                noisy_recordings.append(f"{Path(path).name} {reading:.1f} dB")
            page = browser_reading(browser_levels(track.samples, SAMPLE_RATE))
            if reading is not None and page is not None:
                pairs.append((reading, page))
        name = "as recorded" if added is None else f"pink noise {added:.0f} dB under the speech ({rendering})"
        print(level_row(name, added, readings))
    print(f"\nRecorded clips read under {NOISY_ROOM_DB:.0f} dB: {', '.join(noisy_recordings) or 'none'}")
    print("\n## The camera check's reading against the worker's, the same clips (modelled browser)\n")
    offsets = [page - worker for worker, page in pairs]
    sides = sorted(worker for worker, page in pairs if (worker < NOISY_ROOM_DB) != (page < NOISY_ROOM_DB))
    print(
        f"{len(pairs)} clip readings: camera check minus worker median {statistics.median(offsets):+.1f} dB, "
        f"10th to 90th percentile {np.percentile(offsets, 10):+.1f} to {np.percentile(offsets, 90):+.1f}; "
        f"on different sides of {NOISY_ROOM_DB:.0f} dB: {len(sides)}"
        + (f", where the worker reads {sides[0]:.1f} to {sides[-1]:.1f} dB" if sides else "")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
