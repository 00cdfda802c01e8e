"""Live nudges: rules over recent segments, one per 20 s, none in the first 10 s of an answer."""

import itertools

import pytest

from interview_core.feedback.fakes import fake_speech, fake_vision, fake_window
from interview_core.feedback.nudges import LiveSegment, evaluate_nudge

pytestmark = pytest.mark.unit


def seg(
    offset: float,
    *,
    face: float = 1.0,
    eye: float = 0.8,
    away: float = 0.0,
    wpm: float = 140,
    db: float = -20.0,
) -> LiveSegment:
    return LiveSegment(offset_s=offset, duration_s=5, vision=fake_vision(5, face, eye, away=away),
                       speech=fake_speech(offset, 5, wpm, db))  # fmt: skip


def run(segments_fn, answer_start=0.0, end=120.0, window=None):
    """Feed a 5 s segment stream; return the nudges the live path would send."""
    sent, last = [], None
    t = answer_start + 5
    while t <= end:
        recent = [segments_fn(o) for o in range(int(answer_start), int(t), 5)][-3:]
        n = evaluate_nudge(recent, answer_started_at_s=answer_start, now_s=t, last_nudge_at_s=last,
                           latest_window=window)  # fmt: skip
        if n:
            sent.append(n)
            last = n.at_s
        t += 5
    return sent


def test_no_face_gives_a_face_nudge_at_most_every_20_s_and_not_in_the_first_10_s():
    # Given an answer starting at 30 s where the face is never visible
    nudges = run(lambda o: seg(o, face=0.0), answer_start=30, end=120)
    # Then the first nudge comes at 40 s or later, all are about the face, and they are 20 s apart
    assert nudges and nudges[0].at_s >= 40
    assert {n.kind for n in nudges} == {"face_not_visible"}
    assert all(b.at_s - a.at_s >= 20 for a, b in itertools.pairwise(nudges))
    assert nudges[0].to_message()["type"] == "nudge"


def test_fast_speech_gives_slow_down_and_quiet_voice_speak_up():
    # Given fast speech, then a quiet voice
    fast = run(lambda o: seg(o, wpm=230), end=40)
    quiet = run(lambda o: seg(o, db=-45), end=40)
    # Then the rules fire with gentle wording
    assert fast[0].kind == "slow_down" and "slow down" in fast[0].message
    assert quiet[0].kind == "speak_up"


def test_sustained_looking_away_gives_the_camera_nudge():
    # Given segments ending with 4 s looking away (neither screen nor camera)
    nudges = run(lambda o: seg(o, eye=0.1, away=0.8), end=30)
    assert nudges[0].kind == "look_at_camera"


def test_eyes_on_the_screen_never_give_the_camera_nudge():
    # Given a whole answer reading the screen, never the lens, and short glances away (2 s per 5 s)
    assert run(lambda o: seg(o, eye=0.0), end=120) == []
    assert run(lambda o: seg(o, eye=0.0, away=0.4), end=120) == []


def test_fillers_from_the_latest_window():
    # Given good live features but a finished window dense with fillers
    window = fake_window(0, 25, fillers=[("um", t + 0.1) for t in range(0, 25, 2)])
    nudges = run(lambda o: seg(o), end=30, window=window)
    # Then the fillers nudge fires
    assert nudges and nudges[0].kind == "fewer_fillers"


def test_good_delivery_gets_no_nudge():
    assert run(lambda o: seg(o), end=120) == []


def test_evidence_from_the_previous_answer_is_ignored():
    # Given bad segments from before the new answer started (answer 2 starts at 60 s)
    recent = [seg(45, face=0.0), seg(50, face=0.0), seg(55, face=0.0), seg(60), seg(65)]
    # When evaluating 12 s into the new answer
    n = evaluate_nudge(recent, answer_started_at_s=60, now_s=72, last_nudge_at_s=None, answer_index=1)
    # Then nothing is sent
    assert n is None
