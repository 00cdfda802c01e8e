"""A microphone that sends no sound is told on the interview page while the answer is recorded, not found
out from the report: muted (exact zeros, as a muted headset or system sends), stopped (its track ended),
and, as the counter-case, a live microphone in a quiet room between words (its noise floor is sound)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile
from playwright.sync_api import expect
from web_interview import signed_in_with_session, start_answering

pytestmark = pytest.mark.e2e
VIEW = {"width": 1280, "height": 860}
RATE = 16000
# Counts the AudioContexts a page opens: the camera check's three microphone readings share one.
COUNT_AUDIO_CONTEXTS = """
window.__audioContexts = 0;
const Base = window.AudioContext;
window.AudioContext = class extends Base {
  constructor(...args) { super(...args); window.__audioContexts += 1; }
};
"""


def _microphone(samples: np.ndarray, path: Path) -> Path:
    soundfile.write(path, samples, RATE, subtype="PCM_16")
    return path


@pytest.fixture
def pages() -> Iterator[list[Any]]:
    """Pages to close after the test: an interview left recording would go on uploading segments, and the
    platform analysing them, for the rest of the suite (the browsers live as long as it)."""
    opened: list[Any] = []
    yield opened
    for page in opened:
        page.context.close()


def _camera_check_with(playing_browser: Any, base: str, microphone: Path, pages: list[Any]) -> Any:
    page, _, session_id = signed_in_with_session(playing_browser(microphone=microphone), base, viewport=VIEW)
    pages.append(page)
    page.add_init_script(COUNT_AUDIO_CONTEXTS)
    page.goto(f"{base}/setup/?session={session_id}")
    return page


def test_a_muted_microphone_is_told_on_the_camera_check_and_while_recording(
    playing_browser, web_platform, screenshot, tmp_path, pages
):
    # Given a microphone that sends exact zeros
    muted = _microphone(np.zeros(5 * RATE), tmp_path / "muted.wav")
    page = _camera_check_with(playing_browser, web_platform.url, muted, pages)
    # Then the camera check says it hears nothing, and what to check or choose
    banner = page.get_by_test_id("microphone-silent")
    banner.wait_for(timeout=8000)
    screenshot(page, "microphone-muted-setup")
    assert (
        banner.get_attribute("data-state") == "silent" and "choose another microphone" in banner.inner_text()
    )
    # And when the candidate goes on anyway, within a few seconds of recording the interview page says so too
    start_answering(page)
    banner.wait_for(timeout=8000)
    screenshot(page, "microphone-muted")
    assert banner.get_attribute("data-state") == "silent"
    assert "can't hear anything" in banner.inner_text() and "muted" in banner.inner_text()


def test_a_quiet_room_is_not_called_silent_and_a_stopped_camera_or_microphone_is_told(
    playing_browser, web_platform, screenshot, tmp_path, pages
):
    # Given a live microphone in a quiet room: only its noise floor, 70 dB under full scale
    floor = np.random.default_rng(0).normal(0.0, 10 ** (-70 / 20), 5 * RATE)
    page = _camera_check_with(
        playing_browser, web_platform.url, _microphone(floor, tmp_path / "quiet.wav"), pages
    )
    page.wait_for_timeout(4000)
    assert page.get_by_test_id("microphone-silent").count() == 0
    # (the level meter, the room's noise and this reading listen through one AudioContext)
    assert page.evaluate("() => window.__audioContexts") == 1
    start_answering(page)
    # Then a pause of 6 s is not read as a muted microphone
    page.wait_for_timeout(6000)
    assert page.get_by_test_id("microphone-silent").count() == 0
    # When the camera's track ends (unplugged), Then the page says so, and that the voice is still recorded
    page.evaluate("() => document.querySelector('video').srcObject.getVideoTracks()[0].stop()")
    camera = page.get_by_test_id("camera-stopped")
    camera.wait_for(timeout=3000)
    assert "voice is still recorded" in camera.inner_text()
    # When the microphone's track ends (unplugged)
    page.evaluate("() => document.querySelector('video').srcObject.getAudioTracks()[0].stop()")
    # Then the page says so at once
    banner = page.get_by_test_id("microphone-silent")
    banner.wait_for(timeout=3000)
    screenshot(page, "microphone-stopped")
    assert banner.get_attribute("data-state") == "stopped" and "Reload" in banner.inner_text()
    # and the camera's line no longer says the voice is recorded
    expect(camera).not_to_contain_text("voice is still recorded")
