"""The HTML report renders in a real browser, offline, with its charts, on desktop and phone widths."""

import json
from pathlib import Path

import pytest

from interview_core.contracts.report import Report
from interview_core.feedback import render_html

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "events" / "report" / "report.json"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    report = Report.model_validate(json.loads(SAMPLE.read_text()))
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_html(report))
    return path


def _pixel_spread(png: bytes) -> int:
    """Distinct byte values in the image data: a blank page has very few."""
    return len(set(png[200:20000]))


def test_report_renders_offline_with_charts(browser, report_file):
    # Given the report page opened with all network blocked
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.route("http*://**", lambda route: route.abort())
    page.goto(report_file.as_uri())
    # Then the charts are present with data and accessible names
    for chart in ("chart-attention", "chart-expression", "chart-pace", "chart-fillers"):
        svg = page.locator(f"svg#{chart}")
        assert svg.count() == 1
        assert svg.get_attribute("role") == "img" and svg.get_attribute("aria-labelledby")
    assert page.locator("svg#chart-attention rect[data-attention]").count() >= 10
    assert page.locator("svg#chart-expression rect[data-expression]").count() >= 10
    assert page.locator("svg#chart-pace rect[data-wpm]").count() == 1
    assert page.locator("svg#chart-fillers line[data-word]").count() >= 5
    assert page.locator("h1").inner_text() == "Interview practice report"
    assert page.locator("#score-overall .score").inner_text().strip().isdigit()
    assert page.locator("ol.recs li").count() >= 1
    assert page.locator("mark").count() >= 5  # fillers highlighted in the transcript
    # And nothing was fetched from the network
    assert not [u for u in requests if u.startswith("http")]
    # And a full-page screenshot is not blank
    ARTIFACTS.mkdir(exist_ok=True)
    png = page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    assert len(png) > 20_000 and _pixel_spread(png) > 100
    page.close()


def test_report_fits_a_phone(browser, report_file):
    # Given a phone-sized viewport
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(report_file.as_uri())
    # Then the page does not scroll sideways
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 380
    page.screenshot(path=str(ARTIFACTS / "report-phone.png"), full_page=True)
    page.close()
