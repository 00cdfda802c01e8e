"""The room's sound in a real browser, from the camera check to the finished report.

Noise: the camera check's reading agrees with the speech worker's, which the report's noise note rests
on (web/src/lib/roomNoise.ts, gpu_workers/speech/prosody.py); an answer given in the loud room anyway
comes back with that note and a line on its transcript. Echo: an answer given in a bare room comes back
with the echo note and its line (gpu_workers/speech/dereverb.py reads the echo; the camera check does not).

Chromium's microphone plays a real voice (mfa_crossword, Montreal Forced Aligner test corpus, MIT;
../shared/media/real/speech) as recorded, with pink room noise 5 dB under it (the speech evaluation's
`noisy_5db`, where the blind transcripts lose more than half their words), or in a bare room with a
0.5 s reverberation (the evaluation's `echoey`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile
from web_interview import signed_in_with_session, start_answering

from evaluation.speech_renderings import SAMPLE_RATE, add_noise, add_room
from gpu_workers.media import AudioTrack, decode_audio
from interview_core.feedback.build import NOISY_ROOM_DB

pytestmark = pytest.mark.e2e
VIEW = {"width": 1280, "height": 860}
VOICE = Path(__file__).resolve().parents[3] / "shared" / "media" / "real" / "speech" / "mfa_crossword.flac"


@pytest.fixture(scope="module")
def voice() -> np.ndarray:
    track = decode_audio(VOICE, sample_rate=SAMPLE_RATE)
    assert track is not None
    return track.samples.astype(np.float64)


@pytest.fixture(scope="module")
def worker_reading() -> Callable[[np.ndarray], float]:
    """The speech worker's `snr_db` of 16 kHz samples (one analyzer, loaded once for the module)."""
    from gpu_workers.speech import SpeechAnalyzer, SpeechOptions

    analyzer = SpeechAnalyzer.create(SpeechOptions())

    def read(samples: np.ndarray) -> float:
        summary = analyzer.analyze_segment(AudioTrack(samples.astype(np.float32), SAMPLE_RATE)).summary
        assert summary.loudness is not None and summary.loudness.snr_db is not None
        return summary.loudness.snr_db

    return read


def _camera_check(
    page: Any, base: str, session_id: str, screenshot: Any, name: str
) -> tuple[str, float | None, str]:
    """The camera check's noise line once it has heard the voice: (data-noisy, dB, text)."""
    page.goto(f"{base}/setup/?session={session_id}")
    reading = page.get_by_test_id("room-noise").filter(has_not_text="Say a sentence")
    reading.wait_for(timeout=20000)
    page.wait_for_timeout(6000)  # a whole loop of the 10.7 s clip in the 10 s window
    screenshot(page, f"room-noise-{name}")
    margin = reading.get_attribute("data-margin-db")
    return str(reading.get_attribute("data-noisy")), float(margin) if margin else None, reading.inner_text()


def _microphone(samples: np.ndarray, path: Path) -> Path:
    soundfile.write(path, samples / max(1.0, float(np.abs(samples).max())), SAMPLE_RATE, subtype="PCM_16")
    return path


def _answer_once(page: Any, seconds: float) -> None:
    """From the camera check: one answer of `seconds`, then to the finished report."""
    start_answering(page)
    page.wait_for_timeout(int(seconds * 1000))
    # a live microphone, however loud or echoey its room, is never told it is silent
    assert page.get_by_test_id("microphone-silent").count() == 0
    page.get_by_role("button", name="End interview").click()
    page.wait_for_url("**/report/**", timeout=60000)
    page.get_by_test_id("report").wait_for(timeout=150000)


def _assert_room_noted(page: Any, rest: Any, session_id: str, note: str, line_id: str) -> None:
    """The finished report's notes say `note` and what helps, and one answer line `line_id` is shown;
    on failure, with the report's readings (a missing note is told from a missing transcript)."""
    answers = rest.get(f"/sessions/{session_id}/report").json()["answers"]
    keys = ("speech_to_noise_db", "room_echo_db", "echoey_room", "transcript")
    readings = [{k: a[k] for k in keys} for a in answers]
    notes = page.get_by_role("region", name="About these results").inner_text()
    assert note in notes and "headset" in notes, (readings, notes)
    assert page.get_by_test_id(line_id).count() == 1, readings


@pytest.mark.parametrize(("name", "noise_db_under"), [("as-recorded", None), ("loud-room", 5.0)])
def test_the_camera_check_reads_the_room_like_the_worker(
    name, noise_db_under, voice, worker_reading, playing_browser, web_platform, screenshot, tmp_path
):
    # Given a microphone that plays a real voice, as recorded or in a loud room
    samples = voice if noise_db_under is None else add_noise(voice, "room", noise_db_under)
    wav = _microphone(samples, tmp_path / f"{name}.wav")
    worker = worker_reading(samples)
    # When the candidate speaks on the camera check
    page, rest, session_id = signed_in_with_session(
        playing_browser(microphone=wav), web_platform.url, viewport=VIEW
    )
    noisy, margin, text = _camera_check(page, web_platform.url, session_id, screenshot, name)
    # Then the page reads what the worker reads (within 1 dB when measured), on the same side of the
    # report's limit, and the loud room is told why and what helps
    assert margin is not None and abs(margin - worker) < 3.0, (text, margin, worker)
    assert (noisy == "true") == (worker < NOISY_ROOM_DB), (text, margin, worker)
    assert ("Noisy" in text and "headset" in text) if worker < NOISY_ROOM_DB else ("Quiet enough" in text)
    if worker >= NOISY_ROOM_DB:
        return
    # When the candidate answers in that room anyway
    _answer_once(page, 9)
    screenshot(page, "room-noise-report")
    # Then the report says the room was loud, and the answer's transcript says what it may have missed
    _assert_room_noted(page, rest, session_id, "picked up loud background noise", "answer-noise")
    line = page.get_by_test_id("answer-noise").inner_text()
    assert line.startswith("Loud background noise during this answer"), line


def test_an_answer_in_an_echoey_room_is_noted(voice, playing_browser, web_platform, screenshot, tmp_path):
    # Given a microphone that plays the real voice as a bare room with a 0.5 s reverberation delivers it
    wav = _microphone(add_room(voice, "room"), tmp_path / "echoey.wav")
    page, rest, session_id = signed_in_with_session(
        playing_browser(microphone=wav), web_platform.url, viewport=VIEW
    )
    page.goto(f"{web_platform.url}/setup/?session={session_id}")
    # When the candidate answers there
    _answer_once(page, 9)
    screenshot(page, "room-echo-report")
    # Then the report says the room echoed and what helps, and the answer's transcript says so too
    _assert_room_noted(page, rest, session_id, "Your room echoed", "answer-echo")
    line = page.get_by_test_id("answer-echo").inner_text()
    assert line.startswith("Your room echoed during this answer"), line
