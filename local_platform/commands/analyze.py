"""`interview analyze FILE [--json OUT] [--html OUT] [--role ROLE] [--questions ID,ID]`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = subparsers.add_parser(
        "analyze", help="analyse one recording (webm, mp4, mov, wav) locally and write the feedback report"
    )
    p.add_argument("file", type=Path, metavar="FILE", help="the recording")
    p.add_argument("--json", type=Path, metavar="OUT", help="write the report JSON here")
    p.add_argument("--html", type=Path, metavar="OUT", help="write the HTML report here")
    p.add_argument("--role", help="question bank role, e.g. software-engineer (default: one free answer)")
    p.add_argument("--questions", help="comma-separated question ids, in the order they were answered")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from local_platform.analyze import analyze_file

    console = Console(stderr=True)
    if not args.file.exists():
        console.print(f"[red]No such file:[/red] {args.file}")
        return 2
    questions = [q.strip() for q in args.questions.split(",") if q.strip()] if args.questions else None
    t0 = time.perf_counter()
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(), console=console, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("loading models", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total)

        try:
            report, html = analyze_file(args.file, role=args.role, question_ids=questions, progress=progress)
        except ValueError as e:
            console.print(f"[red]{e}[/red]")
            return 2
    if args.json:
        args.json.write_text(report.model_dump_json(indent=2))
    if args.html:
        args.html.write_text(html)
    s = report.scores
    out = Console()
    took = time.perf_counter() - t0
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
    for r in report.recommendations:
        out.print(f"{r.rank}. [bold]{r.title}[/bold]: {r.detail}")
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
