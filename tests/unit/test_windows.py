"""Window planning (pure): ~25-30 s windows cut at silences, flushed at the end of an answer."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from interview_core.analysis.windows import WindowSettings, plan_windows
from interview_core.contracts.speech import SpeechSegmentSummary

pytestmark = pytest.mark.unit


@dataclass(frozen=True)
class Seg:
    seq: int
    offset_s: float
    duration_s: float
    speech_s: float
    trailing_silence_s: float


def _segments(silences: list[float], duration: float = 5.0, speech: float = 4.0) -> list[Seg]:
    return [Seg(i, i * duration, duration, speech, s) for i, s in enumerate(silences)]


def test_open_window_waits_for_more_media():
    plan = plan_windows(_segments([0.5, 0.5, 0.5]))
    assert plan.windows == () and plan.pending == (0, 1, 2)


def test_window_closes_at_first_silence_after_target():
    # Given 5 s segments; the 5th ends at 25 s in speech, the 6th at 30 s in silence
    plan = plan_windows(_segments([0.5, 0.5, 0.5, 0.5, 0.0, 0.6, 0.5]))
    # Then one window of 6 segments closes at the silence, the 7th waits
    (w,) = plan.windows
    assert w.seqs == (0, 1, 2, 3, 4, 5) and w.reason == "silence" and (w.start_s, w.end_s) == (0.0, 30.0)
    assert plan.pending == (6,)


def test_no_silence_cuts_back_to_best_earlier_silence_before_max():
    # Given no silence at 25 or 30 s, but one at 20 s
    plan = plan_windows(_segments([0.0, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0]))
    # Then the window ends at the 20 s silence rather than passing 30 s
    assert plan.windows[0].seqs == (0, 1, 2, 3) and plan.windows[0].reason == "silence"
    assert plan.pending == (4, 5, 6)


def test_forced_cut_at_max_when_never_silent():
    plan = plan_windows(_segments([0.0] * 7))
    assert plan.windows[0].seqs == (0, 1, 2, 3, 4, 5) and plan.windows[0].reason == "max_length"
    assert plan.pending == (6,)


def test_answer_end_flushes_partial_window():
    plan = plan_windows(_segments([0.0, 0.0]), answer_ended=True)
    (w,) = plan.windows
    assert w.seqs == (0, 1) and w.reason == "answer_ended" and plan.pending == ()


def test_session_end_reason_wins():
    plan = plan_windows(_segments([0.0]), answer_ended=True, session_ended=True)
    assert plan.windows[0].reason == "session_ended"


def test_silent_window_is_marked_so_asr_can_be_skipped():
    segs = [Seg(0, 0.0, 5.0, 0.0, 5.0)]
    assert plan_windows(segs, answer_ended=True).windows[0].has_speech is False


def test_long_single_segment_is_its_own_window():
    plan = plan_windows([Seg(0, 0.0, 45.0, 40.0, 0.0)])
    assert plan.windows[0].seqs == (0,) and plan.windows[0].reason == "max_length"


def test_segments_are_planned_in_seq_order_and_plan_is_idempotent():
    segs = list(reversed(_segments([0.5] * 6)))
    assert plan_windows(segs) == plan_windows(segs)
    assert plan_windows(segs).windows[0].seqs == (0, 1, 2, 3, 4)


def test_settings_are_respected():
    plan = plan_windows(_segments([0.5, 0.5]), settings=WindowSettings(target_s=10.0, max_s=12.0))
    assert plan.windows[0].seqs == (0, 1)


def test_accepts_speech_segment_summaries():
    summaries = [
        SpeechSegmentSummary(
            seq=i,
            offset_s=10.0 * i,
            duration_s=10.0,
            has_audio=True,
            speech_s=8.0,
            speech_ratio=0.8,
            leading_silence_s=0.0,
            trailing_silence_s=1.0,
        )
        for i in range(3)
    ]
    plan = plan_windows(summaries)
    assert plan.windows[0].seqs == (0, 1, 2) and plan.windows[0].end_s == 30.0


@dataclass(frozen=True)
class SpanSeg:
    seq: int
    offset_s: float
    duration_s: float
    speech_s: float
    trailing_silence_s: float
    speech_spans: tuple[tuple[float, float], ...]


INSIDE = WindowSettings(cut_inside_segments=True)


def _continuous(pauses_at: list[float], total: float = 40.0, seg: float = 4.0) -> list[SpanSeg]:
    """Timer-cut 4 s segments of continuous speech with 0.5 s pauses starting at `pauses_at`."""
    edges = [0.0]
    for p in pauses_at:
        edges += [p, p + 0.5]
    edges.append(total)
    speech = list(zip(edges[::2], edges[1::2], strict=True))
    out = []
    for i in range(int(total / seg)):
        a, b = i * seg, (i + 1) * seg
        spans = tuple((max(a, s), min(b, e)) for s, e in speech if min(b, e) > max(a, s))
        trailing = b - spans[-1][1] if spans else seg
        out.append(SpanSeg(i, a, seg, sum(e - s for s, e in spans), trailing, spans))
    return out


def test_inside_mode_cuts_in_the_middle_of_a_pause_inside_a_segment():
    # Given continuous speech in 4 s segments, a pause at 26.2-26.7 s (inside segment 6: 24-28 s)
    segs = _continuous([10.1, 26.2])
    # When planned with cuts inside segments
    plan = plan_windows(segs, settings=INSIDE)
    # Then the window ends mid-pause, and segment 6 is shared with the next window
    (w,) = plan.windows
    assert (w.start_s, w.end_s, w.reason) == (0.0, 26.45, "silence")
    assert w.seqs == (0, 1, 2, 3, 4, 5, 6)
    assert plan.next_start_s == 26.45 and plan.pending == (6, 7, 8, 9)


def test_inside_mode_continues_from_next_start():
    segs = _continuous([10.1, 26.2])
    first = plan_windows(segs, settings=INSIDE)
    rest = [s for s in segs if s.seq in first.pending]
    plan = plan_windows(rest, settings=INSIDE, start_s=first.next_start_s, answer_ended=True)
    (w,) = plan.windows
    assert (w.start_s, w.end_s, w.reason, w.seqs) == (26.45, 40.0, "answer_ended", (6, 7, 8, 9))


def test_inside_mode_without_any_pause_cuts_at_max():
    plan = plan_windows(_continuous([]), settings=INSIDE)
    assert plan.windows[0].end_s == 30.0 and plan.windows[0].reason == "max_length"


def test_boundary_mode_with_the_same_input_forces_a_cut_mid_speech():
    # The default mode only sees trailing silences, so the pause inside segment 6 is invisible
    plan = plan_windows(_continuous([10.1, 26.2]))
    assert plan.windows[0].reason == "max_length" and plan.windows[0].end_s == 28.0
