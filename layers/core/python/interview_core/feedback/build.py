"""`build_report(SessionData) -> Report`: the one entry point of the report logic."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from interview_core.analysis.attention import classify_track, dominant, resolve_calibration, screen_span_seen
from interview_core.contracts.job import JobTerms
from interview_core.contracts.report import (
    AnswerContent,
    AnswerReport,
    FillerMarker,
    Report,
    Timeline,
    TimelinePoint,
    Transcript,
)
from interview_core.contracts.speech import WindowTranscript
from interview_core.feedback.aggregate import Aggregate, aggregate
from interview_core.feedback.content import ContentAnalyzer, analyze_answer_content, tokens
from interview_core.feedback.job_terms import job_terms_used
from interview_core.feedback.model import AnswerInfo, ChunkData, QuestionInfo, SessionData
from interview_core.feedback.recommend import Context, fmt_time, recommend
from interview_core.feedback.scoring import (
    Measures,
    answer_content_measures,
    delivery_presence_measures,
    score,
    to_answer_scores,
)

__all__ = ["FREE_ANSWER", "NOISY_ROOM_DB", "build_report"]

FREE_ANSWER = "Free answer (no question chosen)"
LEXICAL_NOTE = (
    "Talking points were judged by word overlap only: the content model is not installed where this "
    "report was built, so points made in other words may be marked as missed."
)
# What each reading can and cannot say; the video ones only where video was analysed.
VIDEO_CAVEATS = (
    "Expression is what the face shows (a small FER2013 classifier; models of its size reach about 66% "
    "on that benchmark), not what you feel.",
    "Where you look (camera, screen, away) is estimated from head pose and iris position; without the "
    "camera-check calibration it assumes a laptop webcam above the screen, and glasses and low light "
    "reduce its accuracy.",
)
SCORES_CAVEAT = (
    "Scores compare observable behaviour with common target bands; they are practice guidance, not a "
    "hiring judgement."
)
# The worker's reading of speech over the room's background (`LoudnessSummary.snr_db`) under which the
# report warns that the speech analysis degrades. Measured on the real clips with pink room noise added
# (`python -m evaluation speech` and `speech_noise`, README "In a candidate's room"): with noise 10 dB under
# the speech's active level the blind clips' verbatim WER rose from 23.7% to 42.6% and hesitations fell to
# P 0.52 / R 0.65, and such noise reads 13.7 to 16.8 dB (10th to 90th percentile; the reading takes the
# speech band and the quietest background frames); 15 dB under (WER 35.4%, hesitations held) reads 18.5
# to 21.5. Not a limit for scoring: one real recording (a cold voice, another room) read 11 dB and every
# hesitation in it was found.
NOISY_ROOM_DB = 17.0
UNANSWERED_NOTE = "Nothing was said in this answer, so only what the camera saw is scored."
NO_TRANSCRIPT_NOTE = "No transcript was produced, so fillers, pauses and content could not be measured."
# Audio that holds no speech at all is most often a muted or wrong microphone: say so, not "no transcript".
NO_SPEECH_NOTE = (
    "No speech was heard in the recording's audio, so fillers, pauses and content could not be measured. "
    "If you spoke, check that the microphone is not muted and that the camera check shows the right one."
)
# A face never seen in a whole session is more often a camera problem than a candidate out of frame: the
# score stays what was measured (0%), and the note says what to check.
NO_FACE_NOTE = (
    "Your face was not seen at any point of the video. If you were in front of the camera, it may have "
    "been covered, too dark or pointed elsewhere: the camera check shows what it sees."
)
CALIBRATION_FALLBACK_NOTE = (
    "The calibration at the start (looking at the camera, then at the middle of the screen) could not be "
    "read: too little of your face was seen, or the two directions did not describe a screen below a "
    "camera. Where you look was read with the defaults for a laptop webcam above the screen."
)
CAMERA_DOT_ONLY_NOTE = (
    "The calibration saw too little of your face while you looked at the middle of the screen, so only the "
    "camera marker calibrated where you look: the screen was placed where a laptop's usually is below the "
    "camera, and camera versus screen may be less exact."
)


def _duration(data: SessionData) -> float:
    ends = [c.end_s for c in data.chunks] + [w.end_s for w in data.windows]
    return round(max(ends, default=0.0), 3)


def _answers(data: SessionData) -> list[AnswerInfo]:
    known = {a.index: a for a in data.answers}
    indexes = sorted(
        set(known) | {c.answer_index for c in data.chunks} | {w.answer_index for w in data.windows}
    )
    return [known.get(i) or AnswerInfo(index=i, question=QuestionInfo(text=FREE_ANSWER)) for i in indexes]


def _with_calibration(data: SessionData) -> SessionData:
    """With calibration spans: the calibration read from them (unless the pipeline stored it already, from
    the same segments) and answer 1 without the segments recorded for it."""
    spans = data.calibration_spans
    if spans is None:
        return data
    tracks = [(c.offset_s, c.vision.gaze_track) for c in data.chunks if c.vision and c.vision.gaze_track]
    calibration = data.attention_calibration or resolve_calibration(tracks, spans)
    notes = data.notes
    if calibration is None:
        notes = [*notes, CALIBRATION_FALLBACK_NOTE]
    elif not screen_span_seen(tracks, spans):
        notes = [*notes, CAMERA_DOT_ONLY_NOTE]
    return data.model_copy(
        update={
            "attention_calibration": calibration,
            "chunks": [c for c in data.chunks if not (c.answer_index == 0 and spans.holds(c.end_s))],
            "notes": notes,
        }
    )


def _span(
    a: AnswerInfo, chunks: Sequence[ChunkData], windows: Sequence[WindowTranscript], not_before: float
) -> tuple[float, float]:
    starts = [c.offset_s for c in chunks] + [w.start_s for w in windows]
    ends = [c.end_s for c in chunks] + [w.end_s for w in windows]
    start = max(not_before, a.start_s if a.start_s is not None else min(starts, default=0.0))
    end = a.end_s if a.end_s is not None else max(ends, default=start)
    return start, max(start, end)


def _answer(
    a: AnswerInfo, agg: Aggregate, content: AnswerContent, content_measures: Measures
) -> AnswerReport:
    dp_values, dp_notes = delivery_presence_measures(agg)
    c_values, c_notes = content_measures
    scores = score({**dp_values, **c_values}, {**dp_notes, **c_notes})
    notes = [f"{m.label}: {m.note}" for comp in (scores.delivery, scores.presence, scores.content)
             for m in comp.metrics if not m.measured and m.note]  # fmt: skip
    answer_scores = to_answer_scores(scores)
    if unanswered := agg.heard_nothing and not agg.text.strip():
        # A question passed in silence has no overall score (not what the camera alone saw), and one
        # note instead of every spoken metric's.
        notes = [UNANSWERED_NOTE]
        answer_scores = answer_scores.model_copy(update={"overall": None})
    return AnswerReport(
        index=a.index,
        question_id=a.question.id,
        question=a.question.text,
        kind=a.question.kind,
        start_s=round(agg.start_s, 3),
        end_s=round(agg.end_s, 3),
        duration_s=round(agg.duration_s, 3),
        target_seconds=a.question.target_seconds,
        transcript=agg.text,
        word_count=agg.pace.word_count,
        pace=agg.pace,
        fillers=agg.fillers,
        pauses=agg.pauses,
        face_present_ratio=_r(agg.face_present_ratio),
        eye_contact_ratio=_r(agg.eye_contact_ratio),
        attention=agg.attention,
        expressions=agg.expressions,
        smile=_r(agg.expressions.smile_mean),
        pitch_variability_semitones=_r(agg.pitch_variability_st, 2),
        loudness_variation_db=_r(agg.loudness_variation_db, 2),
        loudness_mean_db=_r(agg.loudness_mean_db, 1),
        speech_to_noise_db=_r(agg.snr_db, 1),
        room_echo_db=_r(agg.room_echo_db, 1),
        echoey_room=_echoey(agg.echoey_share),
        hedges=agg.hedges,
        hedge_count=sum(agg.hedges.values()),
        sentiment=agg.sentiment if agg.sentiment is not None else content.sentiment,
        star=content.star,
        talking_points=content.talking_points,
        keywords_used=content.keywords_used,
        keywords_missed=content.keywords_missed,
        relevance=content.relevance,
        repetition=content.repetition,
        scores=answer_scores,
        notes=notes,
        answered=not unanswered,
    )


def _job_terms(data: SessionData, texts: Sequence[str]) -> JobTerms | None:
    return job_terms_used(data.job_terms, texts) if data.job_terms else None


def _r(x: float | None, nd: int = 3) -> float | None:
    return None if x is None else round(x, nd)


def _chunk_points(c: ChunkData, data: SessionData) -> list[TimelinePoint]:
    """The chunk's timeline buckets, with attention read from its gaze track with the calibration."""
    if not c.vision:
        return []
    size = c.vision.timeline_bucket_s
    track = c.vision.gaze_track
    labels = classify_track(track, data.attention_calibration) if track else []
    points = []
    for b in c.vision.timeline:
        attention, eye_contact = b.attention, b.eye_contact
        if track:
            first, last = round(b.t_s / track.step_s), round((b.t_s + size) / track.step_s)
            seen = [x for x in labels[first:last] if x is not None]
            attention = dominant(seen)
            eye_contact = round(seen.count("camera") / len(seen), 3) if seen else None
        points.append(TimelinePoint(
            t_s=round(c.offset_s + b.t_s, 3), face_present=b.face_present, eye_contact=eye_contact,
            attention=attention, expression=b.expression, smile=b.smile, answer_index=c.answer_index,
        ))  # fmt: skip
    return points


def _timeline(data: SessionData, answers: Sequence[AnswerReport], agg: Aggregate) -> Timeline:
    points: list[TimelinePoint] = []
    bucket = 1.0
    for c in sorted(data.chunks, key=lambda c: c.offset_s):
        if c.vision:
            bucket = c.vision.timeline_bucket_s
            points.extend(_chunk_points(c, data))
    return Timeline(
        bucket_s=bucket,
        points=points,
        pace_per_answer=[a.pace.wpm for a in answers],
        filler_markers=[
            FillerMarker(t_s=f.start_s, word=f.word, answer_index=f.answer_index) for f in agg.fillers.items
        ],
        answer_bounds=[(a.start_s, a.end_s) for a in answers],
    )


def _notes(data: SessionData, agg: Aggregate, semantic: bool) -> list[str]:
    notes = list(data.notes)
    if not semantic and any(a.question.talking_points for a in data.answers):
        notes.append(LEXICAL_NOTE)
    for f in data.failed:
        where = (
            f" ({fmt_time(f.start_s)}-{fmt_time(f.end_s)})"
            if f.start_s is not None and f.end_s is not None
            else ""
        )
        answer = f" of answer {f.answer_index + 1}" if f.answer_index is not None else ""
        seq = f" {f.seq}" if f.seq is not None else ""
        notes.append(f"{f.what.capitalize()}{seq}{answer}{where} could not be analysed ({f.reason}); it is "
                     "left out of the scores.")  # fmt: skip
    if not agg.has_video:
        notes.append(
            "No video was analysed, so presence (face, eye contact, expression, posture) is not scored."
        )
    if not agg.transcribed:
        notes.append(NO_SPEECH_NOTE if agg.heard_nothing else NO_TRANSCRIPT_NOTE)
    notes.extend(_room_notes(agg.snr_db, _echoey(agg.echoey_share)).values())
    if agg.has_video and agg.face_present_ratio == 0:
        notes.append(NO_FACE_NOTE)
    elif agg.has_video and not agg.posture.measured:
        notes.append("Shoulders were not in view, so posture is not reported.")
    notes.extend([*(VIDEO_CAVEATS if agg.has_video else ()), SCORES_CAVEAT])
    return notes


def _loud(snr_db: float | None) -> float | None:
    """The reading when it is under the note's limit, else None."""
    return snr_db if snr_db is not None and snr_db < NOISY_ROOM_DB else None


def _noise_note(snr_db: float, during: str = "") -> str:
    return (
        f"Your microphone picked up loud background noise{during} (your speech stood only {snr_db:.0f} dB "
        "above it). In noise like this the transcript misses words and filler counts are less exact. "
        "A quieter room, a closed window or a headset microphone helps."
    )


def _echoey(share: float | None) -> bool:
    """Most of the speech was in windows the worker dereverberated (`WindowTranscript.dereverberated`)."""
    return share is not None and share > 0.5


def _echo_note(during: str = "") -> str:
    return (
        f"Your room echoed{during}. The analysis took the echo out before transcribing, but echo still blurs "
        "words, so the transcript may miss some and filler counts are less exact. A headset microphone, "
        "sitting closer to the microphone or a room with soft furnishings (curtains, a rug) helps."
    )


def _room_notes(
    snr_db: float | None, echoey: bool, *, skip: Collection[str] = (), during: str = ""
) -> dict[str, str]:
    """The notes on the room's sound, by kind ("noise", "echo"), those in `skip` left out."""
    notes = {}
    if "noise" not in skip and (loud := _loud(snr_db)) is not None:
        notes["noise"] = _noise_note(loud, during)
    if "echo" not in skip and echoey:
        notes["echo"] = _echo_note(during)
    return notes


def _with_answer_room_notes(answers: Sequence[AnswerReport], session: Aggregate) -> list[AnswerReport]:
    """A noisy or echoey answer in a session that is not so overall says so itself (the session says it
    once, for all answers, when it is)."""
    said = _room_notes(session.snr_db, _echoey(session.echoey_share)).keys()
    during = " during this answer"
    return [
        a.model_copy(update={"notes": [*a.notes, *extra.values()]})
        if (extra := _room_notes(a.speech_to_noise_db, a.echoey_room, skip=said, during=during))
        else a
        for a in answers
    ]


def build_report(
    data: SessionData, *, created_at: datetime | None = None, analyzer: ContentAnalyzer | None = None
) -> Report:
    """Aggregate, score, recommend. Pure: the same data (and analyzer) always gives the same report."""
    data = _with_calibration(data)
    calibration_end = data.calibration_spans.end_s if data.calibration_spans else 0.0
    duration = _duration(data)
    answers: list[AnswerReport] = []
    content_values: dict[str, list[float]] = {}
    content_notes: dict[str, str] = {}
    for a in _answers(data):
        chunks = [c for c in data.chunks if c.answer_index == a.index]
        windows = [w for w in data.windows if w.answer_index == a.index]
        start, end = _span(a, chunks, windows, calibration_end if a.index == 0 else 0.0)
        agg_a = aggregate(
            chunks, windows, start, min(end, duration) if duration else end, data.attention_calibration
        )
        q = a.question if a.question.id else None
        content = analyze_answer_content(q, agg_a.text, agg_a.words, analyzer)
        values, notes = answer_content_measures(agg_a, q, content)
        answer = _answer(a, agg_a, content, (values, notes))
        answers.append(answer.model_copy(update={"job_terms": _job_terms(data, [agg_a.text])}))
        for k, v in values.items():
            if v is not None:
                content_values.setdefault(k, []).append(v)
            elif k in notes:
                content_notes.setdefault(k, notes[k])
    first = min((a.start_s for a in answers), default=0.0)
    total = aggregate(data.chunks, data.windows, first, duration, data.attention_calibration)
    answers = _with_answer_room_notes(answers, total)
    values, notes = delivery_presence_measures(total)
    keys = (
        "answer_length_fit",
        "star_coverage",
        "talking_points_ratio",
        "keywords_ratio",
        "answer_relevance",
        "hedges_per_100_words",
    )
    for k in keys:
        vals = content_values.get(k)
        values[k] = sum(vals) / len(vals) if vals else None
        if not vals:
            notes[k] = content_notes.get(k, "Not measured.")
    values["hedges_per_100_words"] = total.hedges_per_100_words
    scores = score(values, notes)
    ctx = Context(
        answers=answers, words=total.words, fillers=total.fillers.items,
        points=_timeline(data, answers, total).points, chunks=data.chunks, duration_s=duration,
        hedge_words=frozenset(" ".join(tokens(k)) for k in total.hedges),
    )  # fmt: skip
    return Report(
        session_id=data.session_id,
        role=data.role,
        role_title=data.role_title,
        created_at=created_at or data.created_at,
        duration_s=duration,
        transcript=Transcript(
            text=" ".join(a.transcript for a in answers if a.transcript), words=total.words
        ),
        fillers=total.fillers,
        pace_wpm=total.pace.wpm,
        pace=total.pace,
        pauses=total.pauses,
        face_present_ratio=_r(total.face_present_ratio),
        eye_contact_ratio=_r(total.eye_contact_ratio),
        attention=total.attention,
        expressions=total.expressions,
        posture=total.posture,
        pitch_variability_semitones=_r(total.pitch_variability_st, 2),
        loudness_variation_db=_r(total.loudness_variation_db, 2),
        hedge_count=sum(total.hedges.values()),
        sentiment=total.sentiment,
        scores=scores,
        recommendations=recommend(scores, ctx),
        answers=answers,
        timeline=_timeline(data, answers, total),
        analysis_notes=_notes(data, total, semantic=analyzer is not None),
        job_terms=_job_terms(data, [a.transcript for a in answers]),
    )
