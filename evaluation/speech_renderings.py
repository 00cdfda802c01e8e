"""The real speech clips as a candidate's own set-up would deliver them: robustness, not new voices.

The labelled real clips are studio-quiet or close-miked podcast audio. A candidate practises at home:
the browser encodes the microphone with Opus, a fan or the street adds noise, a bare room adds
reverberation. Each rendering re-renders every real clip once (deterministically, cached under
`.cache/eval/speech_renderings/`), keeps the clip's labels, and is scored like the clean audio:

- `browser`: the web app's own encoding, Opus at 96 kbit/s in WebM (`web/src/lib/recorder.ts`, with the
  browser's noise suppression and gain control off, as there), decoded by the worker's `decode_audio`;
- `noisy`: pink noise (a fan, distant traffic: most energy low, like real room noise) 20 dB below the
  speech's active level, a quiet home office;
- `echoey`: a small bare room, reverberation time 0.5 s, reverberant energy 3 dB under the direct
  sound (a laptop half a metre from the mouth), from a synthetic exponentially decaying impulse response;
  `room_0.3s` and `room_0.8s` the same with a shorter and a longer tail (not scored by default: the
  echo reading, `evaluation.speech_echo`, is checked on them);
- `noisy_15db`, `noisy_10db`, `noisy_5db`: the same noise louder, a busy street or a cafe (the first two
  are scored by default: the report's noise thresholds rest on them).

Nothing is tuned on these: they show how far the figures of the clean clips carry to ordinary rooms.
"""

from __future__ import annotations

import hashlib
import subprocess
import zlib
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path

import numpy as np

from gpu_workers.media import decode_audio
from gpu_workers.speech.vad import active_level

__all__ = ["DEFAULT_RENDERINGS", "RENDERINGS", "add_noise", "add_room", "render"]

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "eval" / "speech_renderings"
SAMPLE_RATE = 16_000
BROWSER_BITRATE = "96k"  # recorder.ts: audioBitsPerSecond
NOISE_SNR_DB = 20.0
RT60_S, DIRECT_TO_REVERB_DB = 0.5, 3.0


@cache  # read once per run
def _version() -> str:
    """Hash of this module's source: a cached rendering is stale once the code that made it changed."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:10]


def _seed(name: str) -> int:
    return zlib.crc32(name.encode())


def pink_noise(n: int, rng: np.random.Generator) -> np.ndarray:
    """Unit-RMS noise whose power falls as 1/f (white noise shaped in the frequency domain)."""
    spectrum = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, d=1 / SAMPLE_RATE)
    spectrum[1:] /= np.sqrt(f[1:])
    spectrum[0] = 0.0
    noise = np.fft.irfft(spectrum, n)
    return noise / np.sqrt(np.mean(noise**2))


def room_response(
    rng: np.random.Generator, rt60_s: float = RT60_S, direct_to_reverb_db: float = DIRECT_TO_REVERB_DB
) -> np.ndarray:
    """A direct path plus an exponentially decaying noise tail: 60 dB down after `rt60_s`, its energy
    `direct_to_reverb_db` under the direct sound's."""
    t = np.arange(int(rt60_s * SAMPLE_RATE)) / SAMPLE_RATE
    tail = rng.standard_normal(len(t)) * np.exp(-6.91 * t / rt60_s)
    tail[: int(0.005 * SAMPLE_RATE)] = 0.0  # the first reflections arrive a few ms after the direct sound
    tail *= np.sqrt(10 ** (-direct_to_reverb_db / 10) / np.sum(tail**2))
    tail[0] = 1.0
    return tail


def add_noise(samples: np.ndarray, name: str, snr_db: float = NOISE_SNR_DB) -> np.ndarray:
    """`samples` with pink noise `snr_db` under their active level (seeded by `name`)."""
    noise = pink_noise(len(samples), np.random.default_rng(_seed(name)))
    return samples + noise * active_level(samples) * 10 ** (-snr_db / 20)


def add_room(samples: np.ndarray, name: str, rt60_s: float = RT60_S) -> np.ndarray:
    """`samples` as heard in a room of reverberation time `rt60_s` (response seeded by `name`), at the
    same peak level."""
    from scipy.signal import fftconvolve

    response = room_response(np.random.default_rng(_seed(name)), rt60_s)
    wet = fftconvolve(samples, response)[: len(samples)]
    return wet * (np.abs(samples).max() / max(1e-9, np.abs(wet).max()))


_MIXERS: dict[str, Callable[[np.ndarray, str], np.ndarray]] = {
    "noisy": add_noise,
    "echoey": add_room,
    # Louder rooms: where the analysis degrades, the level the report warns at
    # (`interview_core.feedback.build.NOISY_ROOM_DB`).
    **{f"noisy_{snr}db": partial(add_noise, snr_db=float(snr)) for snr in (15, 10, 5)},
    **{f"room_{rt60}s": partial(add_room, rt60_s=rt60) for rt60 in (0.3, 0.8)},
}
RENDERINGS = ("browser", *_MIXERS)
DEFAULT_RENDERINGS = ("browser", "noisy", "echoey", "noisy_15db", "noisy_10db")


def _write_wav(path: Path, samples: np.ndarray) -> None:
    import soundfile

    peak = np.abs(samples).max()
    soundfile.write(path, samples / peak * 0.9 if peak > 1.0 else samples, SAMPLE_RATE, subtype="PCM_16")


def render(rendering: str, source: Path, key: str) -> Path:
    """`source` as `rendering` delivers it (cached by `key`, the label file's path of the clip)."""
    if rendering not in RENDERINGS:
        raise ValueError(f"unknown rendering {rendering!r}; one of {', '.join(RENDERINGS)}")
    stem = f"{key.replace('/', '_')}.{_version()}"
    out = CACHE / rendering / (f"{stem}.webm" if rendering == "browser" else f"{stem}.wav")
    if out.exists():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".part" + out.suffix)
    if rendering == "browser":
        cmd = ["ffmpeg", "-v", "error", "-y", "-i", str(source), "-vn", "-ac", "1", "-c:a", "libopus"]
        subprocess.run([*cmd, "-b:a", BROWSER_BITRATE, "-f", "webm", str(partial)], check=True)
    else:
        track = decode_audio(source, sample_rate=SAMPLE_RATE)
        if track is None:
            raise ValueError(f"{source}: no audio")
        _write_wav(partial, _MIXERS[rendering](track.samples.astype(np.float64), key.replace("/", "_")))
    partial.rename(out)  # a run cut short leaves no half-written clip behind
    return out
