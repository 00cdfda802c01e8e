"""Shared e2e fixtures. One sync_playwright per process (it cannot be started twice in a process)."""

from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance: Any) -> Iterator[Any]:
    """Debian's chromium (never `playwright install`)."""
    b = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield b
    b.close()


# --- The candidate web app (web/) in a real browser with a fake camera and microphone ----------------

import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
WEB_OUT = WEB / "out"
SAMPLE_MEDIA = ROOT / "tests" / "media" / "sample_interview.webm"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def _newest_source_mtime() -> float:
    files = [p for d in ("src", "scripts") for p in (WEB / d).rglob("*") if p.is_file()]
    files += [WEB / n for n in ("package.json", "package-lock.json", "next.config.ts", "postcss.config.mjs")]
    return max(p.stat().st_mtime for p in files if p.exists())


@pytest.fixture(scope="session")
def web_build() -> Path:
    """web/out built by web/build.sh when missing or older than the sources (before the platform starts)."""
    index = WEB_OUT / "index.html"
    if not index.exists() or index.stat().st_mtime < _newest_source_mtime():
        env = {**os.environ, "NEXT_TELEMETRY_DISABLED": "1"}
        subprocess.run([str(WEB / "build.sh")], check=True, env=env, cwd=WEB, timeout=600)
    return WEB_OUT


@pytest.fixture(scope="session", autouse=True)
def _web_built_before_platform(request: pytest.FixtureRequest) -> None:
    """Builds web/out first when browser tests of the web app are collected, so the shared platform
    (started by whichever e2e test comes first) finds it and serves it."""
    if any(item.path.name.startswith("test_web_") for item in request.session.items):
        request.getfixturevalue("web_build")


@pytest.fixture(scope="session")
def web_platform(web_build: Path, platform: Any) -> Iterator[Any]:
    """The shared platform serving the built web app; a platform of its own if the shared one started
    before web/out existed."""
    import httpx

    r = httpx.get(f"{platform.url}/signin/", timeout=10)
    if r.status_code == 200 and "<html" in r.text:
        yield platform
        return
    from local_platform.platform import start_platform

    logs = ROOT / "test-artifacts" / "logs" / "web"
    logs.mkdir(parents=True, exist_ok=True)
    own = start_platform(log_dir=logs, web_dir=web_build)
    yield own
    own.stop()


@pytest.fixture(scope="session")
def fake_media(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A y4m camera (10 s, 640x360, 15 fps, yuv420p) and a 48 kHz mono wav microphone from the sample."""
    if not shutil.which("ffmpeg"):
        pytest.fail("ffmpeg is required for the browser tests (make system-deps)")
    d = tmp_path_factory.mktemp("fake-media")
    y4m, wav = d / "camera.y4m", d / "mic.wav"
    common = ["ffmpeg", "-v", "error", "-y", "-i", str(SAMPLE_MEDIA)]
    subprocess.run(
        [*common, "-t", "10", "-an", "-vf", "scale=640:360,fps=15", "-pix_fmt", "yuv420p", str(y4m)],
        check=True,
        timeout=120,
    )
    subprocess.run([*common, "-vn", "-ac", "1", "-ar", "48000", str(wav)], check=True, timeout=60)
    return y4m, wav


def _launch(playwright_instance: Any, extra: list[str]) -> Any:
    args = [*CHROMIUM_ARGS, "--disable-quic", *extra]
    return playwright_instance.chromium.launch(executable_path=CHROMIUM, args=args)


def _media_args(y4m: Path, wav: Path) -> list[str]:
    return [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={y4m}",
        f"--use-file-for-fake-audio-capture={wav}",
        "--autoplay-policy=no-user-gesture-required",
    ]


@pytest.fixture(scope="session")
def media_browser(playwright_instance: Any, fake_media: tuple[Path, Path]) -> Iterator[Any]:
    """Chromium whose camera and microphone play the sample, with permission prompts auto-accepted."""
    b = _launch(playwright_instance, _media_args(*fake_media))
    yield b
    b.close()


@pytest.fixture(scope="session")
def playing_browser(playwright_instance: Any, fake_media: tuple[Path, Path]) -> Iterator[Any]:
    """`launch(camera=y4m, microphone=wav)`: Chromium whose camera and microphone play those files (either
    left out: the sample's), prompts auto-accepted."""
    launched: list[Any] = []

    def launch(camera: Path | None = None, microphone: Path | None = None) -> Any:
        y4m, wav = camera or fake_media[0], microphone or fake_media[1]
        launched.append(_launch(playwright_instance, _media_args(y4m, wav)))
        return launched[-1]

    yield launch
    for b in launched:
        b.close()


@pytest.fixture(scope="session")
def denied_browser(playwright_instance: Any, fake_media: tuple[Path, Path]) -> Iterator[Any]:
    """Chromium with a camera and microphone but no auto-accept: the permission request is denied."""
    y4m, wav = fake_media
    b = _launch(
        playwright_instance,
        [
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={y4m}",
            f"--use-file-for-fake-audio-capture={wav}",
        ],
    )
    yield b
    b.close()


def save_screenshot(page: Any, name: str) -> Path:
    """test-artifacts/screenshots/NAME.png (gitignored); docs/screenshots is refreshed from these by hand."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(scope="session")
def screenshot() -> Any:
    """save_screenshot(page, name) as a fixture (test modules cannot import conftest)."""
    return save_screenshot
