"""`interview analyze ANSWER.txt --questions ID`: a typed answer's content report from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from interview_core.contracts.practice import PracticeReport

pytestmark = pytest.mark.models
EVENTS = Path(__file__).resolve().parents[2] / "events" / "api"
ANSWER: str = json.loads((EVENTS / "practice_text_request.json").read_text())["text"]


def interview(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "local_platform.cli", "analyze", *map(str, args)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_typed_answer_writes_the_content_report(tmp_path: Path):
    # Given an answer typed into a text file (with a byte order mark, as some editors save it)
    answer = tmp_path / "answer.txt"
    answer.write_bytes(b"\xef\xbb\xbf" + ANSWER.encode())
    out, html = tmp_path / "report.json", tmp_path / "report.html"
    # When it is analysed against its question
    run = interview(answer, "--questions", "gen-conflict", "--json", out, "--html", html)
    # Then it succeeds, prints the talking points and writes the content report as JSON and HTML
    assert run.returncode == 0, run.stderr
    assert "the situation and stakes" in run.stdout and f"Wrote {out}" in run.stdout
    page = html.read_text()
    assert "Typed answer feedback" in page and "the situation and stakes" in page and "<script" not in page
    report = PracticeReport.model_validate_json(out.read_text())
    (a,) = report.answers
    assert a.question_id == "gen-conflict" and a.text == ANSWER
    assert len(a.talking_points) == 4 and any(p.covered for p in a.talking_points)
    assert json.loads(out.read_text())["answers"][0]["talking_points"][0]["evidence"] is not None


def test_text_without_extension_is_detected_by_content(tmp_path: Path):
    answer = tmp_path / "ANSWER"
    answer.write_text(ANSWER)
    run = interview(answer, "--questions", "gen-conflict", "--role", "general")
    assert run.returncode == 0, run.stderr
    assert "typed answer to gen-conflict" in run.stdout


Q = ["--questions", "gen-conflict"]


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"caf\xe9 au lait every morning", Q, "is not UTF-8 text (byte 0xe9 at offset 3)"),
        (ANSWER.encode(), [], "a typed answer answers one question: pass --questions ID"),
        (ANSWER.encode(), ["--questions", "gen-conflict,gen-failure"], "answers one question"),
        (ANSWER.encode(), ["--questions", "no-such-question"], "unknown question ids: ['no-such-question']"),
        (ANSWER.encode(), [*Q, "--role", "sales"], "unknown question ids for sales"),
        (b"   \n", Q, "the answer is empty"),
        (b"Yes.", Q, "the answer is too short: 1 word (at least 3)"),
        (b"x" * 40_004, Q, "too long for an answer"),
        (b"I led \x00 the team", Q, "control character (U+0000"),
    ],
)  # fmt: skip
def test_bad_typed_answers_fail_in_one_line_with_exit_2(
    tmp_path: Path, content: bytes, args: list[str], message: str
):
    answer = tmp_path / "answer.txt"
    answer.write_bytes(content)
    out = tmp_path / "report.json"
    run = interview(answer, *args, "--json", out)
    assert run.returncode == 2
    assert message in run.stderr.replace("\n", " ") and "Traceback" not in run.stderr
    assert not out.exists()
