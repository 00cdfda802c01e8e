"""`interview analyze FILE`: the whole feedback pipeline on one local recording, no AWS.

It mirrors the live pipeline so the report is the same whatever produced it: the file is decoded once,
cut into ~5 s segments (the browser's chunk length), each segment gets the vision summary and the
speech live features, segments are grouped into transcription windows with the same planner
(`plan_windows`), and `SessionData` goes through the same `build_report`.

Answers: with no questions the recording is one answer. With N questions the recording is split into
N answers at the N-1 segment boundaries with the longest silence (trailing silence of one segment plus
leading silence of the next), keeping order: a recording of consecutive answers has its longest
silences between them.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interview_core.analysis.attention import calibration_from_spans
from interview_core.analysis.windows import plan_windows
from interview_core.content import default_analyzer
from interview_core.contracts.report import Report
from interview_core.contracts.speech import SpeechSegmentSummary, WindowTranscript
from interview_core.contracts.vision import VisionSummary
from interview_core.feedback import AnswerInfo, ChunkData, FailedPart, QuestionInfo, SessionData, build_report
from interview_core.feedback.html import render_html
from interview_core.questions.bank import QuestionSpec, load_bank

if TYPE_CHECKING:
    from gpu_workers.media import AudioTrack, VideoFrame
    from gpu_workers.speech import SpeechAnalyzer
    from gpu_workers.vision import VisionAnalyzer

__all__ = ["SEGMENT_S", "ProgressCallback", "analyze_file", "resolve_questions"]

SEGMENT_S = 5.0
MIN_AUDIO_S = 0.5  # less than this decodes from a truncated file: nothing to analyse
ProgressCallback = Callable[[str, int, int], None]
"""progress(stage, completed, total): stage is a short description of the step being done."""


def resolve_questions(role: str | None, question_ids: Sequence[str] | None) -> list[QuestionSpec]:
    """Explicit ids (looked up in the role, or anywhere in the bank without a role); else the role's
    first question; else none (one free answer)."""
    bank = load_bank()
    if question_ids:
        if role:
            return list(bank.select(role, list(question_ids)))
        specs = [bank.question(q) for q in question_ids]
        missing = [q for q, s in zip(question_ids, specs, strict=True) if s is None]
        if missing:
            raise ValueError(f"unknown question ids: {missing}")
        return [s for s in specs if s is not None]
    if role:
        return [bank.role(role).questions[0]]
    return []


def _slice_audio(track: AudioTrack, seg_s: float) -> list[AudioTrack]:
    from gpu_workers.media import AudioTrack

    step = int(seg_s * track.sample_rate)
    n = max(1, -(-len(track.samples) // step))
    parts = [AudioTrack(track.samples[i * step : (i + 1) * step], track.sample_rate) for i in range(n)]
    # fold a tiny tail (< 1 s) into the previous segment, like a browser's last short chunk would be
    if len(parts) > 1 and parts[-1].duration_s < 1.0:
        joined = track.samples[(n - 2) * step :]
        parts = [*parts[:-2], AudioTrack(joined, track.sample_rate)]
    return parts


def _frame_groups(
    frames: Iterator[VideoFrame], seg_s: float, last: int | None
) -> Iterator[tuple[int, list[VideoFrame]]]:
    """Frames grouped by segment (times rebased to the segment); frames past `last` join it."""
    from gpu_workers.media import VideoFrame

    def seq(f: VideoFrame) -> int:
        k = int(f.t // seg_s)
        return min(k, last) if last is not None else k

    for k, group in itertools.groupby(frames, key=seq):
        yield k, [VideoFrame(t=f.t - k * seg_s, rgb=f.rgb) for f in group]


def _answer_bounds(speech: Sequence[SpeechSegmentSummary], n_answers: int) -> list[int]:
    """Answer index per segment: cut at the n-1 silentest boundaries."""
    if n_answers <= 1 or len(speech) < 2:
        return [0] * len(speech)
    gaps = [
        (speech[i].trailing_silence_s + speech[i + 1].leading_silence_s, i) for i in range(len(speech) - 1)
    ]
    cuts = sorted(i for _, i in sorted(gaps, reverse=True)[: n_answers - 1])
    out, answer = [], 0
    for i in range(len(speech)):
        out.append(answer)
        if answer < len(cuts) and i == cuts[answer]:
            answer += 1
    return out


class _Steps:
    def __init__(self, progress: ProgressCallback | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def step(self, stage: str, n: int = 1) -> None:
        self.done += n
        if self.progress:
            self.progress(stage, self.done, self.total)


def _vision(
    path: Path, n_segments: int, steps: _Steps, analyzer: VisionAnalyzer | None
) -> tuple[dict[int, VisionSummary], list[FailedPart]]:
    from gpu_workers.media import iter_video_frames
    from gpu_workers.vision import VisionAnalyzer, VisionOptions

    vision = analyzer or VisionAnalyzer.create(VisionOptions())
    out: dict[int, VisionSummary] = {}
    failed: list[FailedPart] = []
    frames = iter_video_frames(path, vision.options.sample_fps)
    for seq, group in _frame_groups(frames, SEGMENT_S, n_segments - 1 if n_segments else None):
        try:
            out[seq] = vision.analyze_frames(iter(group)).summary
        except Exception as e:  # one bad segment must not sink the report
            failed.append(FailedPart(what="segment", seq=seq, start_s=seq * SEGMENT_S, reason=f"vision: {e}"))
        steps.step(f"vision {seq + 1}/{n_segments}")
    return out, failed


def analyze_file(
    path: str | Path,
    role: str | None = None,
    question_ids: Sequence[str] | None = None,
    progress: ProgressCallback | None = None,
    *,
    speech_analyzer: SpeechAnalyzer | None = None,
    vision_analyzer: VisionAnalyzer | None = None,
    calibration_s: tuple[tuple[float, float], tuple[float, float]] | None = None,
) -> tuple[Report, str]:
    """Analyse a webm/mp4/mov/wav recording; returns the report and its self-contained HTML.

    `calibration_s`: (camera, screen) spans of the recording, in seconds, spent looking at the camera and
    at the middle of the screen; attention is then read with this person's calibration. Raises
    ValueError when the spans do not hold a face or do not describe a screen below the camera.
    """
    from gpu_workers.media import declared_duration_s, decode_audio, probe
    from gpu_workers.speech import SpeechAnalyzer, SpeechOptions

    path = Path(path)
    t0 = time.perf_counter()
    questions = resolve_questions(role, question_ids)
    info = probe(path)
    speech = speech_analyzer or SpeechAnalyzer.create(SpeechOptions())
    track = decode_audio(path, sample_rate=speech.options.sample_rate)
    slices = _slice_audio(track, SEGMENT_S) if track is not None and track.duration_s >= MIN_AUDIO_S else []
    n = len(slices)
    steps = _Steps(progress, total=(2 * n if info.has_video else n) + n // 4 + 2)
    seg: list[SpeechSegmentSummary] = []
    offsets = [i * SEGMENT_S for i in range(n)]
    for i, part in enumerate(slices):
        seg.append(speech.analyze_segment(part, offsets[i], seq=i).summary)
        steps.step(f"speech features {i + 1}/{n}")
    vision: dict[int, VisionSummary] = {}
    failed: list[FailedPart] = []
    notes: list[str] = []
    if info.has_video:
        vision, failed = _vision(path, n, steps, vision_analyzer)
    if not slices and not vision:
        if track is not None and declared_duration_s(path) < MIN_AUDIO_S:  # whole, and short
            raise ValueError(
                f"{path.name}: {track.duration_s:.1f} s is too short to analyse (at least {MIN_AUDIO_S} s)"
            )
        raise ValueError(f"{path.name}: no audio or video could be decoded (truncated or not a recording?)")
    if info.has_video and not vision:  # no video track at all: the report's own note says so
        notes.append("No video frame could be decoded (truncated?), so presence metrics are not scored.")
    if track is None:
        notes.append("The file has no audio track, so delivery and content are not scored.")
    elif not slices:
        notes.append("No audio could be decoded (truncated?), so delivery and content are not scored.")
    answer_of = _answer_bounds(seg, max(1, len(questions)))
    windows = _transcribe(speech, slices, seg, answer_of, steps)
    chunks = [
        ChunkData(seq=i, answer_index=answer_of[i], offset_s=offsets[i],
                  duration_s=round(slices[i].duration_s, 3), vision=vision.get(i), speech=seg[i])
        for i in range(n)
    ]  # fmt: skip
    if not slices and info.has_video:  # video without audio: chunks come from vision alone
        chunks = [
            ChunkData(seq=k, offset_s=k * SEGMENT_S, duration_s=v.duration_s, vision=v)
            for k, v in vision.items()
        ]
    answers = [AnswerInfo(index=i, question=QuestionInfo.from_spec(q)) for i, q in enumerate(questions)]
    role_title = load_bank().role(role).title if role else None
    tracks = [(c.offset_s, c.vision.gaze_track) for c in chunks if c.vision and c.vision.gaze_track]
    calibration = calibration_from_spans(tracks, *calibration_s) if calibration_s else None
    data = SessionData(
        session_id=f"local-{path.stem}", role=role or "general", role_title=role_title,
        created_at=datetime.now(UTC), answers=answers, chunks=chunks, windows=windows, failed=failed,
        notes=[*notes, f"Analysed locally in {time.perf_counter() - t0:.0f} s ({path.name})."],
        attention_calibration=calibration,
    )  # fmt: skip
    report = build_report(data, analyzer=default_analyzer())
    html = render_html(report)
    steps.step("report")
    return report, html


def _transcribe(
    speech: SpeechAnalyzer,
    slices: Sequence[Any],
    seg: Sequence[SpeechSegmentSummary],
    answer_of: Sequence[int],
    steps: _Steps,
) -> list[WindowTranscript]:
    windows: list[WindowTranscript] = []
    for answer in sorted(set(answer_of)):
        members = [s for s, a in zip(seg, answer_of, strict=True) if a == answer]
        plan = plan_windows(members, answer_ended=True, session_ended=True)
        for w in plan.windows:
            if not w.has_speech:
                continue
            parts = [(slices[s], seg[s].offset_s) for s in w.seqs]
            result = speech.transcribe_window(parts, window_index=len(windows), answer_index=answer)
            windows.append(result.summary)
            steps.step(f"transcribing window {len(windows)}")
    return windows
