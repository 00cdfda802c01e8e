"""The self-contained HTML report: inline CSS and inline SVG charts built here, no scripts, no network.

Charts are plain SVG with `role="img"`, a <title> and a <desc> that states the data in words, so screen
readers get the same information; colours pass WCAG AA contrast on white. The layout is one column
that fits a phone.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from html import escape
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from interview_core.contracts.practice import PracticeReport
from interview_core.contracts.report import AnswerReport, Report, ReportWord, Timeline
from interview_core.contracts.sharing import Comment
from interview_core.feedback.recommend import fmt_time
from interview_core.feedback.rubric import METRICS, with_unit

__all__ = [
    "COMMENTS_MARKER",
    "EXPRESSION_COLOURS",
    "attention_chart",
    "expression_chart",
    "pace_chart",
    "render_html",
    "render_practice_html",
    "with_comments",
]

EXPRESSION_COLOURS = {
    "neutral": "#6b7280", "happy": "#15803d", "surprise": "#b45309", "sad": "#1d4ed8",
    "angry": "#b91c1c", "fear": "#7c3aed", "disgust": "#a16207",
}  # fmt: skip
BAND_LABELS = {
    "strong": "Strong", "good": "Good", "developing": "Developing", "needs_work": "Needs work",
    "not_measured": "Not measured",
}  # fmt: skip
W, PAD_L, PAD_R = 720.0, 44.0, 12.0


def _x(t: float, duration: float) -> float:
    return PAD_L + (W - PAD_L - PAD_R) * (t / duration if duration > 0 else 0)


def _open(chart_id: str, title: str, desc: str, height: float) -> str:
    return (
        f'<svg class="chart" id="{chart_id}" viewBox="0 0 {W:g} {height:g}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" preserveAspectRatio="xMidYMid meet">'
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>'
    )


def _time_axis(duration: float, y: float, bounds: Sequence[tuple[float, float]], top: float) -> str:
    out = [f'<line x1="{PAD_L}" y1="{y}" x2="{W - PAD_R}" y2="{y}" class="axis"/>']
    step = next((s for s in (5, 10, 15, 30, 60, 120, 300) if duration / s <= 8), 600)
    t = 0.0
    while t <= duration + 1e-6:
        x = _x(t, duration)
        out.append(f'<text x="{x:.1f}" y="{y + 14}" class="tick" text-anchor="middle">{fmt_time(t)}</text>')
        t += step
    for i, (start, _end) in enumerate(bounds):
        x = _x(start, duration)
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{y}" class="answer-line"/>')
        out.append(f'<text x="{x + 3:.1f}" y="{top + 10}" class="tick">A{i + 1}</text>')
    return "".join(out)


ATTENTION_COLOURS = {"camera": "#1d4ed8", "screen": "#15803d", "away": "#c2410c"}
ATTENTION_NAMES = {"camera": "at the camera", "screen": "on the screen", "away": "away"}


def attention_chart(tl: Timeline, duration: float) -> Markup:
    """Where the eyes were each second (camera / screen / away, a band) and the face-visible line."""
    h, top, bottom = 170.0, 12.0, 140.0
    pts = list(tl.points)
    if not pts:
        return Markup('<p class="muted">No video was analysed, so there is no attention chart.</p>')

    def y(v: float) -> float:
        return bottom - (bottom - top) * v

    seen = [p.attention for p in pts if p.attention]
    shares = ", ".join(f"{ATTENTION_NAMES[k]} {seen.count(k) / max(1, len(seen)):.0%}"  # type: ignore[arg-type]
                       for k in ATTENTION_COLOURS)  # fmt: skip
    desc = (
        f"{len(pts)} points over {fmt_time(duration)}. Face visible on average "
        f"{sum(p.face_present or 0 for p in pts) / len(pts):.0%} of each second; "
        + (f"seconds mostly {shares}." if seen else "where the eyes were was not measured.")
    )
    out = [_open("chart-attention", "Where you looked (camera, screen, away) and face visible", desc, h)]
    for v in (0, 0.5, 1):
        out.append(f'<line x1="{PAD_L}" y1="{y(v):.1f}" x2="{W - PAD_R}" y2="{y(v):.1f}" class="grid"/>')
        out.append(f'<text x="{PAD_L - 6}" y="{y(v) + 4:.1f}" class="tick" text-anchor="end">{v:.0%}</text>')
    width = _x(tl.bucket_s, duration) - _x(0, duration)
    for p in pts:
        if p.attention:
            out.append(
                f'<rect x="{_x(p.t_s, duration):.1f}" y="{y(1):.1f}" width="{width:.2f}" '
                f'height="{y(0.75) - y(1):.1f}" fill="{ATTENTION_COLOURS[p.attention]}" '
                f'data-attention="{p.attention}"/>'
            )
    face = " ".join(f"{_x(p.t_s, duration):.1f},{y(p.face_present or 0):.1f}" for p in pts)
    out.append(f'<polyline class="series-face" points="{face}" data-series="face_present"/>')
    out.append(_time_axis(duration, bottom, tl.answer_bounds, top))
    legend = [f'<rect x="{PAD_L}" y="{h - 12}" width="14" height="4" class="key-face"/>'
              f'<text x="{PAD_L + 18}" y="{h - 6}" class="tick">face visible</text>']  # fmt: skip
    for i, (k, colour) in enumerate(ATTENTION_COLOURS.items()):
        x = PAD_L + 120 + 130 * i
        legend.append(f'<rect x="{x}" y="{h - 14}" width="14" height="8" fill="{colour}"/>'
                      f'<text x="{x + 18}" y="{h - 6}" class="tick">{ATTENTION_NAMES[k]}</text>')  # fmt: skip
    out.append(f'<g class="legend">{"".join(legend)}</g></svg>')
    return Markup("".join(out))


def expression_chart(tl: Timeline, duration: float) -> Markup:
    pts = [p for p in tl.points if p.expression]
    if not pts:
        return Markup('<p class="muted">No face expression was measured.</p>')
    h, top, bottom = 96.0, 12.0, 52.0
    counts: dict[str, int] = {}
    for p in pts:
        counts[p.expression or ""] = counts.get(p.expression or "", 0) + 1
    desc = "Expression shown per second (what the face shows, not feelings): " + ", ".join(
        f"{k} {v / len(pts):.0%}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])
    )
    out = [_open("chart-expression", "Facial expression shown over time", desc, h)]
    step = tl.bucket_s
    for p in pts:
        x0, x1 = _x(p.t_s, duration), _x(min(duration, p.t_s + step), duration)
        colour = EXPRESSION_COLOURS.get(p.expression or "", "#6b7280")
        label = escape(p.expression or "")
        out.append(
            f'<rect x="{x0:.1f}" y="{top + 10}" width="{max(1.0, x1 - x0):.1f}" height="{bottom - top - 10}" '
            f'fill="{colour}" data-expression="{label}">'
            f"<title>{fmt_time(p.t_s)} {label}</title></rect>"
        )
    out.append(_time_axis(duration, bottom, tl.answer_bounds, top))
    x = PAD_L
    for label in sorted(counts, key=lambda k: -counts[k]):
        out.append(
            f'<rect x="{x}" y="{h - 18}" width="10" height="10" '
            f'fill="{EXPRESSION_COLOURS.get(label, "#6b7280")}"/>'
            f'<text x="{x + 14}" y="{h - 9}" class="tick">{escape(label)}</text>'
        )
        x += 24 + 7 * len(label)
    out.append("</svg>")
    return Markup("".join(out))


def pace_chart(answers: Sequence[AnswerReport]) -> Markup:
    spec = METRICS["pace_wpm"]
    lo, hi = spec.low or 120, spec.high or 160
    values = [a.pace.wpm for a in answers]
    top_v = max([220.0, *(v or 0 for v in values)])
    bar_h, gap, left = 26.0, 12.0, 110.0
    h = 30 + len(answers) * (bar_h + gap) + 20
    right = W - PAD_R

    def x(v: float) -> float:
        return left + (right - left) * v / top_v

    desc = f"Target band {lo:g}-{hi:g} words per minute. " + "; ".join(
        f"answer {a.index + 1}: " + (f"{a.pace.wpm:.0f} wpm" if a.pace.wpm is not None else "not measured")
        for a in answers
    )
    out = [_open("chart-pace", "Speaking pace per answer", desc, h)]
    out.append(
        f'<rect x="{x(lo):.1f}" y="20" width="{x(hi) - x(lo):.1f}" height="{h - 40}" class="band"/>'
        f'<text x="{(x(lo) + x(hi)) / 2:.1f}" y="14" class="tick" text-anchor="middle">'
        f"target {lo:g}-{hi:g}</text>"
    )
    for i, a in enumerate(answers):
        y0 = 24 + i * (bar_h + gap)
        out.append(
            f'<text x="{left - 8}" y="{y0 + bar_h / 2 + 4}" class="label" text-anchor="end">'
            f"Answer {a.index + 1}</text>"
        )
        if a.pace.wpm is None:
            out.append(f'<text x="{left + 4}" y="{y0 + bar_h / 2 + 4}" class="tick">not measured</text>')
            continue
        ok = lo <= a.pace.wpm <= hi
        out.append(
            f'<rect x="{left}" y="{y0}" width="{x(a.pace.wpm) - left:.1f}" height="{bar_h}" '
            f'class="{"bar-ok" if ok else "bar-off"}" data-wpm="{a.pace.wpm:.0f}"/>'
            f'<text x="{x(a.pace.wpm) + 4:.1f}" y="{y0 + bar_h / 2 + 4}" class="label">'
            f"{a.pace.wpm:.0f} wpm</text>"
        )
    out.append("</svg>")
    return Markup("".join(out))


def filler_chart(tl: Timeline, duration: float) -> Markup:
    h, top, bottom = 70.0, 8.0, 40.0
    desc = f"{len(tl.filler_markers)} filler words: " + (
        ", ".join(f"'{m.word}' at {fmt_time(m.t_s)}" for m in tl.filler_markers[:40]) or "none"
    )
    out = [_open("chart-fillers", "Filler words over time", desc, h)]
    for m in tl.filler_markers:
        xm = _x(m.t_s, duration)
        out.append(
            f'<line x1="{xm:.1f}" y1="{top + 8}" x2="{xm:.1f}" y2="{bottom}" class="filler-tick" '
            f'data-word="{escape(m.word)}">'
            f"<title>{escape(m.word)} at {fmt_time(m.t_s)}</title></line>"
        )
    out.append(_time_axis(duration, bottom, tl.answer_bounds, top))
    out.append("</svg>")
    return Markup("".join(out))


def transcript_html(words: Sequence[ReportWord]) -> Markup:
    parts = []
    for w in words:
        text = escape(w.text.strip())
        if w.is_filler:
            parts.append(f'<mark title="filler at {fmt_time(w.start_s)}">{text}</mark>')
        else:
            parts.append(text)
    return Markup(" ".join(parts))


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(Path(__file__).with_name("templates"))),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["mmss"] = fmt_time
    env.filters["pct"] = lambda v: "—" if v is None else f"{v:.0%}"
    env.filters["num"] = lambda v, nd=0: "—" if v is None else f"{v:.{nd}f}"
    env.filters["with_unit"] = with_unit
    return env


def render_html(report: Report) -> str:
    """The report as one HTML page with everything inline."""
    d = report.duration_s or 1.0
    words_by_answer = {
        a.index: [w for w in report.transcript.words if w.answer_index == a.index] for a in report.answers
    }
    return (
        _env()
        .get_template("report.html.j2")
        .render(
            r=report,
            band_labels=BAND_LABELS,
            components=[report.scores.delivery, report.scores.presence, report.scores.content],
            attention_chart=attention_chart(report.timeline, d),
            expression_chart=expression_chart(report.timeline, d),
            pace_chart=pace_chart(report.answers),
            filler_chart=filler_chart(report.timeline, d),
            transcripts={i: transcript_html(ws) for i, ws in words_by_answer.items()},
        )
    )


# Where the comments go: the report is rendered once at finalize, its comments change after that.
COMMENTS_MARKER = "<!--comments-->"


def with_comments(html: str, comments: Sequence[Comment]) -> str:
    """The stored report with its "Comments" section (times as m:ss, authors and texts escaped) in place
    of the marker; nothing when there are none."""
    section = _env().get_template("comments.html.j2").render(comments=comments) if comments else ""
    return html.replace(COMMENTS_MARKER, section, 1)


def render_practice_html(report: PracticeReport) -> str:
    """A typed answer's content report as one HTML page, styled like the full report."""
    return _env().get_template("practice.html.j2").render(r=report, a=report.answers[0])
