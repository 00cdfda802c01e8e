"""`interview analyze FILE [--json OUT] [--html OUT] [--role ROLE] [--questions ID,ID]`.

FILE is a recording (webm, mp4, mov, wav) or a typed answer in a UTF-8 text file (one question:
`--questions ID`), which gets the content part of the report (`local_platform.typed_answer`).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any, TextIO

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = subparsers.add_parser(
        "analyze",
        help="analyse a recording (webm, mp4, mov, wav) or a typed answer (.txt) locally; write the report",
    )
    p.add_argument(
        "file", type=Path, metavar="FILE", help="the recording, or a UTF-8 text file with an answer"
    )
    p.add_argument("--json", type=Path, metavar="OUT", help="write the report JSON here")
    p.add_argument("--html", type=Path, metavar="OUT", help="write the HTML report here")
    p.add_argument("--role", help="question bank role, e.g. software-engineer (default: one free answer)")
    p.add_argument("--questions", help="comma-separated question ids, in the order they were answered")
    p.add_argument(
        "--calibration",
        type=_calibration_spans,
        metavar="CAM_START-CAM_END,SCREEN_START-SCREEN_END",
        help="seconds of the recording spent looking at the camera, then at the middle of the screen "
        "(e.g. 0-3,3.5-6): attention is read with this person's calibration",
    )
    p.set_defaults(func=run)
    return p


def _calibration_spans(text: str) -> tuple[tuple[float, float], tuple[float, float]]:
    try:
        camera, screen = (tuple(float(x) for x in span.split("-")) for span in text.split(","))
        if len(camera) == len(screen) == 2 and camera[0] < camera[1] and screen[0] < screen[1]:
            return (camera[0], camera[1]), (screen[0], screen[1])
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(
        f"expected CAM_START-CAM_END,SCREEN_START-SCREEN_END in seconds, got {text!r}"
    )


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from local_platform.typed_answer import is_text_file

    console = Console(stderr=True, soft_wrap=True)
    if not args.file.is_file() or not os.access(args.file, os.R_OK):
        console.print(f"[red]Cannot read {args.file}[/red]: no such file, or not readable")
        return 2
    questions = [q.strip() for q in args.questions.split(",") if q.strip()] if args.questions else None
    if is_text_file(args.file):
        return _run_text(args, questions, console)
    t0 = time.perf_counter()
    console = Console(file=_stderr_to_log(NATIVE_LOG), soft_wrap=True)
    result = _analyze(args, questions, console)
    if result is None:
        return 2
    report, html = result
    if args.json:
        args.json.write_text(report.model_dump_json(indent=2))
    if args.html:
        args.html.write_text(html)
    _print_summary(args, report, time.perf_counter() - t0)
    return 0


# Native libraries (TFLite, absl, ffmpeg) and library warnings write to the process's stderr, some of
# them only when their models are torn down at exit: for the rest of the command, their lines go here.
NATIVE_LOG = Path(".cache/logs/analyze-native.log")


def _stderr_to_log(log: Path) -> TextIO:
    """Point fd 2 at `log`; returns a stream on the real stderr for what the command itself says."""
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    terminal = os.fdopen(os.dup(2), "w", buffering=1)
    with open(log, "ab") as sink:
        os.dup2(sink.fileno(), 2)
    return terminal


def _analyze(args: argparse.Namespace, questions: list[str] | None, console: Any) -> Any:
    """The report and its HTML, or None after one line saying what is wrong with the file."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from gpu_workers.media import MediaDecodeError
    from local_platform.analyze import analyze_file

    with Progress(
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(), console=console, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("loading models", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total)

        try:
            return analyze_file(
                args.file, role=args.role, question_ids=questions, progress=progress,
                calibration_s=args.calibration,
            )  # fmt: skip
        except ValueError as e:
            console.print(f"[red]{e}[/red]")
        except MediaDecodeError as e:
            console.print(f"[red]{args.file.name} is not a recording this tool can read[/red] ({e})")
        except OSError as e:
            console.print(f"[red]Cannot read {args.file}[/red]: {e.strerror or e}")
        except Exception as e:
            traceback.print_exc()  # into the log
            console.print(f"[red]Analysis failed: {type(e).__name__}: {e}[/red] (details in {NATIVE_LOG})")
    return None


def _print_summary(args: argparse.Namespace, report: Any, took: float) -> None:
    from rich.console import Console

    s = report.scores
    out = Console()
    out.print(f"[bold]{args.file.name}[/bold]: {report.duration_s:.0f} s, analysed in {took:.0f} s")
    fmt = lambda v: "n/a" if v is None else f"{v:.0f}"  # noqa: E731
    out.print(
        f"Overall {fmt(s.overall)} ({s.overall_band}) | delivery {fmt(s.delivery.value)} | "
        f"presence {fmt(s.presence.value)} | content {fmt(s.content.value)}"
    )
    counts = ", ".join(f"{w} {n}" for w, n in report.fillers.counts.items()) or "none"
    ratio = report.face_present_ratio
    face = "n/a" if ratio is None else f"{ratio:.0%}"
    out.print(f"Pace {fmt(report.pace_wpm)} wpm | fillers: {counts} | face visible {face}")
    if (att := report.attention) is not None:
        how = "calibrated" if att.calibrated else "not calibrated"
        shares = f"the camera {att.camera:.0%}, the screen {att.screen:.0%}, away {att.away:.0%}"
        out.print(f"Looked at {shares} of face time ({how})")
    for r in report.recommendations:
        out.print(f"{r.rank}. [bold]{r.title}[/bold]: {r.detail}")
    for note in report.analysis_notes:
        if "not scored" in note or "could not be" in note:  # a missing part is said on the console too
            out.print(f"[yellow]{note}[/yellow]")
    for path in (args.json, args.html):
        if path:
            out.print(f"Wrote {path}")


def _run_text(args: argparse.Namespace, questions: list[str] | None, console: Any) -> int:
    from rich.console import Console

    from interview_core.feedback.html import render_practice_html
    from local_platform.typed_answer import analyze_text

    try:
        report = analyze_text(args.file, args.role, questions)
    except ValueError as e:
        console.print(f"[red]{e}[/red]")
        return 2
    if args.json:
        args.json.write_text(report.model_dump_json(indent=2))
    if args.html:
        args.html.write_text(render_practice_html(report))
    out = Console()
    a = report.answers[0]
    out.print(f"[bold]{args.file.name}[/bold]: typed answer to {a.question_id} ({a.word_count} words)")
    out.print(f"Q: {a.question}")
    if a.relevance:
        out.print(f"Relevance: {a.relevance.message} (confidence {a.relevance.confidence:.0%})")
    for p in a.talking_points:
        mark = "[green]covered[/green]" if p.covered else "[yellow]not covered[/yellow]"
        evidence = f': "{p.evidence[0].text}"' if p.covered and p.evidence else ""
        out.print(f"- {p.point}: {mark} ({p.confidence:.0%}){evidence}")
    star = ", ".join(part for part in ("situation", "task", "action", "result") if getattr(a.star, part))
    out.print(f"STAR parts with a cue: {star or 'none'}")
    used, missed = ", ".join(a.keywords_used) or "none", ", ".join(a.keywords_missed) or "none"
    out.print(f"Keywords used: {used}; missed: {missed}")
    repeated = ", ".join(f"{r.phrase} x{r.count}" for r in a.repetition[:5]) or "none"
    hedges = ", ".join(f"{w} {n}" for w, n in a.hedges.items()) or "none"
    out.print(f"Most repeated: {repeated} | hedges: {hedges}")
    for path in (args.json, args.html):
        if path:
            out.print(f"Wrote {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover - `python -m local_platform.commands.analyze FILE`
    parser = argparse.ArgumentParser(prog="interview")
    sub = parser.add_subparsers(dest="command", required=True)
    add_parser(sub)
    ns = parser.parse_args(["analyze", *sys.argv[1:]])
    sys.exit(run(ns))
