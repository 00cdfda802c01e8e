"""Scores: rubric maths, exclusion of unmeasured metrics, explanations."""

import pytest

from interview_core.feedback import build_report
from interview_core.feedback.fakes import fake_session
from interview_core.feedback.rubric import COMPONENT_WEIGHTS, METRICS, band_for, metric_score
from interview_core.feedback.scoring import score

pytestmark = pytest.mark.unit


def test_metric_score_is_100_inside_the_band_and_linear_outside():
    # Given the pace band 120-160 with zero points 60 and 220
    spec = METRICS["pace_wpm"]
    # When scoring values inside, below and above it
    # Then inside is 100, halfway to the zero point is 50, beyond it is 0
    assert metric_score(spec, 140) == 100
    assert metric_score(spec, 90) == pytest.approx(50)
    assert metric_score(spec, 190) == pytest.approx(50)
    assert metric_score(spec, 400) == 0


def test_component_is_the_weighted_mean_of_measured_metrics():
    # Given delivery measures with pace in band and fillers at 8 per 100 words (score 50)
    values = {"pace_wpm": 140.0, "fillers_per_100_words": 8.0, "long_pauses_per_min": 0.0,
              "pitch_variability_st": 3.0}  # fmt: skip
    # When scored
    s = score(values, {})
    d = s.delivery
    # Then the component equals sum(weight x score) / sum(weight) and contributions add up to it
    w = {k: METRICS[k].weight for k in values}
    expected = (w["pace_wpm"] * 100 + w["fillers_per_100_words"] * 50 + w["long_pauses_per_min"] * 100
                + w["pitch_variability_st"] * 100) / sum(w.values())  # fmt: skip
    assert d.value == pytest.approx(expected, abs=0.1)
    assert sum(m.contribution for m in d.metrics) == pytest.approx(d.value, abs=0.1)
    assert d.band == band_for(d.value)


def test_unmeasured_metrics_are_excluded_not_scored_zero():
    # Given a session without video
    report = build_report(fake_session(video=False))
    # Then presence is not measured, has no value and every metric says why
    p = report.scores.presence
    assert p.value is None and p.band == "not_measured"
    assert all(not m.measured and m.note and m.contribution == 0 for m in p.metrics)
    # And the overall score is the mean of the measured components only
    d, c = report.scores.delivery.value, report.scores.content.value
    assert d is not None and c is not None
    wd, wc = COMPONENT_WEIGHTS["delivery"], COMPONENT_WEIGHTS["content"]
    assert report.scores.overall == pytest.approx((d * wd + c * wc) / (wd + wc), abs=0.1)
    assert any("No video" in n for n in report.analysis_notes)


def test_missing_face_excludes_eye_contact_but_keeps_face_presence():
    # Given video where the face is never visible
    report = build_report(fake_session(face=0.0))
    metrics = {m.key: m for m in report.scores.presence.metrics}
    # Then face presence is measured (0%) and eye contact is excluded with a note
    assert metrics["face_present_ratio"].measured and metrics["face_present_ratio"].value == 0
    assert not metrics["eye_contact_ratio"].measured and metrics["eye_contact_ratio"].note
    # and the notes say what to check instead of posture's shoulders; a face seen at times needs no such note
    from interview_core.feedback.build import NO_FACE_NOTE

    assert NO_FACE_NOTE in report.analysis_notes
    assert not any("Shoulders" in n for n in report.analysis_notes)
    assert NO_FACE_NOTE not in build_report(fake_session(face=0.3)).analysis_notes


def test_every_score_has_an_explanation_with_its_sources():
    # Given a normal session
    report = build_report(fake_session(fillers=[("um", 3.0)]))
    # Then each component explains itself and each metric names a target and a source
    for c in (report.scores.delivery, report.scores.presence, report.scores.content):
        assert c.explanation and c.label in c.explanation
        for m in c.metrics:
            assert m.target and m.source
    assert "weighted mean" in report.scores.overall_explanation
    assert "feelings" in report.scores.delivery.explanation


@pytest.mark.parametrize(
    "session", [fake_session(face=0.0), fake_session(video=False)], ids=["no-face", "audio"]
)
def test_explanations_read_as_sentences_when_parts_are_not_measured(session):
    # Given a session where some metrics (all of a component, or some) were not measured
    report = build_report(session.model_copy(update={"windows": []}))
    for c in (report.scores.delivery, report.scores.presence, report.scores.content):
        # Then a reason inside a sentence keeps no full stop of its own, and a percentage has no space
        assert ".;" not in c.explanation and ".)" not in c.explanation and " %" not in c.explanation
        assert c.explanation.endswith("."), c.explanation


def test_fast_speech_and_fillers_lower_delivery():
    # Given two sessions, one calm and one fast with many fillers
    calm = build_report(fake_session(wpm=140))
    fillers = [("um", t + 0.3) for t in range(0, 60, 3)]
    rushed = build_report(fake_session(wpm=210, fillers=fillers))
    # Then the rushed one scores lower on delivery, with pace and fillers below 100
    assert (rushed.scores.delivery.value or 0) < (calm.scores.delivery.value or 0)
    m = {x.key: x.score or 0 for x in rushed.scores.delivery.metrics}
    assert m["pace_wpm"] < 100 and m["fillers_per_100_words"] < 100


def _in_room(snr_db: float | None, loud_answer_db: float | None = None):
    """The fake session as recorded in a room whose background reads `snr_db` under the speech (the second
    answer `loud_answer_db`, when given)."""
    data = fake_session()
    chunks = []
    for c in data.chunks:
        assert c.speech is not None and c.speech.loudness is not None
        reading = loud_answer_db if loud_answer_db is not None and c.answer_index == 1 else snr_db
        loudness = c.speech.loudness.model_copy(update={"snr_db": reading})
        chunks.append(c.model_copy(update={"speech": c.speech.model_copy(update={"loudness": loudness})}))
    return data.model_copy(update={"chunks": chunks})


@pytest.mark.parametrize(("snr_db", "warned"), [(12.0, True), (30.0, False), (None, False)])
def test_a_loud_room_is_reported_with_its_reading(snr_db, warned):
    # Given a session recorded in a loud room, a quiet one, or one with no background reading
    report = build_report(_in_room(snr_db))
    # Then each answer carries the reading, and only the loud room gets the note, with its level
    assert all(a.speech_to_noise_db == snr_db for a in report.answers)
    noise_notes = [n for n in report.analysis_notes if "background noise" in n]
    assert len(noise_notes) == warned
    assert all("only 12 dB above it" in n for n in noise_notes)
    # And fillers are still scored: a real noisy recording had every hesitation found
    delivery = {m.key: m for m in report.scores.delivery.metrics}
    assert delivery["fillers_per_100_words"].measured


def test_one_loud_answer_in_a_quiet_session_says_so_itself():
    # Given a quiet session (30 dB) whose second answer was recorded over loud noise (10 dB)
    report = build_report(_in_room(30.0, loud_answer_db=10.0))
    # Then the session's weighted reading stays over the limit, so the report has no room note
    assert not [n for n in report.analysis_notes if "background noise" in n]
    # And the loud answer carries its own note, the quiet one none
    first, second = ([n for n in a.notes if "background noise" in n] for a in report.answers)
    assert first == [] and len(second) == 1 and "during this answer" in second[0] and "10 dB" in second[0]


def _echoing(echoey_answers: set[int], echo_db: float = -20.0):
    """The fake session with the windows of `echoey_answers` read as an echoey room and dereverberated."""
    data = fake_session()
    windows = [
        w.model_copy(update={"room_echo_db": echo_db, "dereverberated": True})
        if w.answer_index in echoey_answers
        else w.model_copy(update={"room_echo_db": -34.0})
        for w in data.windows
    ]
    return data.model_copy(update={"windows": windows})


def _echo_notes(notes: list[str]) -> list[str]:
    return [n for n in notes if "room echoed" in n]


def test_an_echoey_room_is_reported_once_for_the_session():
    # Given a session whose every answer the worker dereverberated
    data = _echoing({0, 1})
    report = build_report(data)
    # Then each answer carries the reading and is marked, and the session says it once
    assert all(a.room_echo_db == -20.0 and a.echoey_room for a in report.answers)
    assert len(_echo_notes(report.analysis_notes)) == 1
    assert not any(_echo_notes(a.notes) for a in report.answers)


def test_one_echoey_answer_says_so_itself_and_a_dry_room_says_nothing():
    # Given the second answer recorded somewhere echoey, the first in a dry room
    report = build_report(_echoing({1}))
    # Then the session has no echo note (half its speech is not echoey) but the second answer has one
    first, second = report.answers
    assert not _echo_notes(report.analysis_notes)
    assert not first.echoey_room and not _echo_notes(first.notes) and first.room_echo_db == -34.0
    assert second.echoey_room and len(_echo_notes(second.notes)) == 1
    assert "during this answer" in _echo_notes(second.notes)[0]
    # And a dry session, or one without readings, has none at all
    for data in (_echoing(set()), fake_session()):
        dry = build_report(data)
        assert not _echo_notes(dry.analysis_notes) and not any(a.echoey_room for a in dry.answers)


def test_audio_without_speech_says_the_microphone_may_be_muted_not_that_transcription_failed():
    from interview_core.feedback.build import NO_SPEECH_NOTE, NO_TRANSCRIPT_NOTE

    # Given a session whose audio holds no speech at all (a muted microphone), so no window was planned
    heard = fake_session(answers=1)
    unheard = [
        c.model_copy(update={"speech": c.speech.model_copy(update={"speech_s": 0.0, "speech_ratio": 0.0})})
        for c in heard.chunks
        if c.speech
    ]
    silent = heard.model_copy(update={"windows": [], "chunks": unheard})
    # Then the report says no speech was heard and what to check
    notes = build_report(silent).analysis_notes
    assert NO_SPEECH_NOTE in notes and NO_TRANSCRIPT_NOTE not in notes
    # while speech that was heard but not transcribed is still told as no transcript
    notes = build_report(heard.model_copy(update={"windows": []})).analysis_notes
    assert NO_TRANSCRIPT_NOTE in notes and NO_SPEECH_NOTE not in notes


def test_the_video_caveats_come_only_with_video():
    from interview_core.feedback.build import SCORES_CAVEAT, VIDEO_CAVEATS

    with_video = build_report(fake_session(answers=1)).analysis_notes
    audio_only = build_report(fake_session(answers=1, video=False)).analysis_notes
    assert all(c in with_video for c in VIDEO_CAVEATS) and SCORES_CAVEAT in with_video
    assert not any(c in audio_only for c in VIDEO_CAVEATS) and SCORES_CAVEAT in audio_only


def test_a_question_passed_in_silence_is_not_answered_and_not_the_right_length():
    from interview_core.feedback.build import UNANSWERED_NOTE

    # Given two answers of 30 s (the question's target is 20-40 s), the second passed in silence
    session = fake_session(answers=2)
    silent = {"speech_s": 0.0, "speech_ratio": 0.0, "pitch": None, "rate": None}
    chunks = [
        c.model_copy(update={"speech": c.speech.model_copy(update=silent)})
        if c.answer_index == 1 and c.speech
        else c
        for c in session.chunks
    ]
    windows = [w for w in session.windows if w.answer_index == 0]
    report = build_report(session.model_copy(update={"chunks": chunks, "windows": windows}))
    said, unsaid = report.answers
    # Then the silent one is marked, with one note and no overall, delivery or content score: its 30 s are
    # not an answer of the right length (before: content 100 and overall 100 for saying nothing)
    assert not unsaid.answered and unsaid.notes == [UNANSWERED_NOTE]
    assert unsaid.scores.overall is None and unsaid.scores.content is None and unsaid.scores.delivery is None
    assert said.answered and said.scores.overall is not None and said.scores.content is not None
    # while an answer whose speech was heard but not transcribed is still an answer, its length unjudged
    heard = build_report(session.model_copy(update={"windows": windows})).answers[1]
    assert heard.answered and UNANSWERED_NOTE not in heard.notes
    assert any("length could not be judged" in n for n in heard.notes)
