"""A question passed in silence, in a real browser: the report lists it as not answered, gives it no
overall score, and does not score its seconds as an answer of the right length.

Chromium's microphone plays 6 s of a real voice (mfa_crossword, Montreal Forced Aligner test corpus, MIT;
../shared/media/real/speech), then a quiet room's noise floor (70 dB under full scale) for a minute."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile
from web_interview import signed_in_with_session

from gpu_workers.media import decode_audio

pytestmark = pytest.mark.e2e
VIEW = {"width": 1280, "height": 860}
RATE = 16000
VOICE = Path(__file__).resolve().parents[3] / "shared" / "media" / "real" / "speech" / "mfa_crossword.flac"


def test_a_question_passed_in_silence_is_reported_as_not_answered(
    playing_browser, web_platform, screenshot, tmp_path
):
    # Given a microphone that hears a voice for 6 s, then only the room
    track = decode_audio(VOICE, sample_rate=RATE)
    assert track is not None
    floor = np.random.default_rng(0).normal(0.0, 10 ** (-70 / 20), 60 * RATE)
    wav = tmp_path / "voice-then-room.wav"
    soundfile.write(wav, np.concatenate([track.samples[: 6 * RATE], floor]), RATE, subtype="PCM_16")
    base = web_platform.url
    page, rest, session_id = signed_in_with_session(playing_browser(microphone=wav), base, viewport=VIEW)
    # When the candidate answers the first question while the voice plays, and passes the second in silence
    page.goto(f"{base}/interview/?session={session_id}")  # opened directly: no calibration
    page.locator("[data-testid=link-state][data-state=online]").wait_for(timeout=20000)
    page.get_by_role("button", name="Start answering").click()
    page.get_by_test_id("recording-indicator").wait_for()
    page.wait_for_timeout(7000)
    page.get_by_role("button", name="Next question").click()
    page.wait_for_timeout(8000)
    page.get_by_role("button", name="End interview").click()
    page.wait_for_url("**/report/**", timeout=60000)
    page.get_by_test_id("report").wait_for(timeout=150000)
    screenshot(page, "unanswered-report")
    # Then the report has the first answer's words, and says nothing was said in the second
    first, second = rest.get(f"/sessions/{session_id}/report").raise_for_status().json()["answers"]
    assert first["answered"] and first["word_count"] > 0 and first["scores"]["overall"] is not None, first
    assert not second["answered"] and second["scores"]["overall"] is None, second
    assert second["scores"]["content"] is None, second
    unsaid = page.get_by_test_id("answer-unsaid")
    assert unsaid.count() == 1 and unsaid.inner_text() == "Nothing was said in this answer."
    page.context.close()
