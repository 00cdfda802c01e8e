# ruff: noqa: E501  (fixture tables read better on one line each)
"""Synthetic but contract-valid analysis results, for unit tests and demos without media or models."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from interview_core.analysis.attention import attention_stats, classify_track, dominant
from interview_core.contracts.speech import (
    FillerStats,
    LanguageMetrics,
    LoudnessSummary,
    PaceSummary,
    PauseSummary,
    PitchSummary,
    RateEstimate,
    SpeechSegmentSummary,
    SpokenFiller,
    TimedWord,
    WindowTranscript,
)
from interview_core.contracts.vision import (
    ExpressionStats,
    EyeContactStats,
    FaceStats,
    GazeTrack,
    HeadPoseStats,
    PostureStats,
    TimelineBucket,
    VisionSummary,
)
from interview_core.feedback.model import AnswerInfo, ChunkData, QuestionInfo, SessionData

__all__ = ["ATTENTION_GAZE", "fake_gaze_track", "fake_session", "fake_speech", "fake_vision", "fake_window"]

FILLERS = {"um": "hesitation", "uh": "hesitation", "like": "discourse"}


# Gaze (yaw, pitch, head yaw) that the default geometry reads as camera, screen and away.
ATTENTION_GAZE = {"camera": (0.0, 0.0, 0.0), "screen": (0.0, -20.0, 0.0), "away": (35.0, 0.0, 30.0)}


def fake_gaze_track(duration: float, camera: float, away: float) -> GazeTrack:
    """0.25 s samples: at the camera first, then the screen, then away for the last `away` share."""
    n = round(duration / 0.25)
    n_cam, n_away = round(n * camera), round(n * away)
    labels = ["camera"] * n_cam + ["screen"] * (n - n_cam - n_away) + ["away"] * n_away
    yaw, pitch, head = zip(*(ATTENTION_GAZE[x] for x in labels), strict=True) if labels else ((), (), ())
    return GazeTrack(step_s=0.25, yaw_deg=list(yaw), pitch_deg=list(pitch), head_yaw_deg=list(head))


def fake_vision(
    duration: float = 5.0, face: float = 1.0, eye: float = 0.8, smile: float = 0.2, away: float = 0.0
) -> VisionSummary:
    """`eye`: share of face time at the camera, `away`: looking away, the rest on the screen."""
    frames = int(duration * 10)
    track = fake_gaze_track(duration, eye, away) if face > 0 else None
    labels = classify_track(track, None) if track else []
    return VisionSummary(
        has_video=True, duration_s=duration, frames_analysed=frames, sample_fps=10, width=640, height=360,
        face=FaceStats(present_ratio=face, multiple_faces_ratio=0, max_faces=1, too_far_ratio=0,
                       off_centre_ratio=0, cut_off_ratio=0),
        head_pose=HeadPoseStats(yaw_mean_deg=0, pitch_mean_deg=0, roll_mean_deg=0, yaw_sd_deg=2, pitch_sd_deg=2,
                                head_motion_deg_per_s=5),
        eye_contact=EyeContactStats(ratio=eye, longest_look_away_s=1, blinks=1, blink_rate_per_min=12,
                                    threshold_deg=12) if face > 0 else None,
        attention=attention_stats(labels, 0.25, calibrated=False), gaze_track=track,
        expression=ExpressionStats(frames=frames // 2, distribution={"neutral": 0.7, "happy": 0.3},
                                   dominant="neutral", smile_mean=smile, smiling_ratio=smile) if face > 0 else None,
        posture=PostureStats(frames=frames // 5, shoulder_tilt_deg=1, head_height=0.8, movement_energy=0.2),
        timeline=[TimelineBucket(t_s=float(t), face_present=face, eye_contact=eye if face > 0 else None,
                                 attention=dominant(labels[4 * t:4 * t + 4]), expression="neutral" if face > 0 else None, smile=smile if face > 0 else None)
                  for t in range(int(duration))],
    )  # fmt: skip


def fake_speech(
    offset: float, duration: float = 5.0, wpm: float = 140, db: float = -20
) -> SpeechSegmentSummary:
    return SpeechSegmentSummary(
        offset_s=offset, duration_s=duration, has_audio=True, speech_s=duration * 0.8, speech_ratio=0.8,
        leading_silence_s=0.1, trailing_silence_s=0.4,
        pitch=PitchSummary(median_hz=120, range_semitones=8, variability_semitones=3, voiced_frames=150),
        loudness=LoudnessSummary(mean_db=db, variation_db=5, peak_db=-3),
        rate=RateEstimate(syllables=int(wpm * 1.4 * duration / 60), syllables_per_s=4, estimated_wpm=wpm),
    )  # fmt: skip


def fake_window(
    start: float,
    end: float,
    *,
    wpm: float = 140,
    fillers: Sequence[tuple[str, float]] = (),
    answer: int = 0,
    text_words: Sequence[str] = (
        "so",
        "in",
        "my",
        "last",
        "job",
        "i",
        "led",
        "a",
        "team",
        "and",
        "we",
        "shipped",
    ),
    index: int = 0,
) -> WindowTranscript:
    """Words at an even `wpm` from `start` to `end`; `fillers` (word, time) are inserted as words."""
    step = 60 / wpm
    words: list[TimedWord] = []
    t, k = start, 0
    while t + step <= end:
        words.append(
            TimedWord(
                text=text_words[k % len(text_words)], start_s=round(t, 3), end_s=round(t + step * 0.8, 3)
            )
        )
        t += step
        k += 1
    for w, at in fillers:
        words.append(TimedWord(text=w + ",", start_s=at, end_s=at + 0.2))
    words.sort(key=lambda w: w.start_s)
    fl = [
        SpokenFiller(word=w, kind=FILLERS.get(w, "discourse"), start_s=at, end_s=at + 0.2)  # type: ignore[arg-type]
        for w, at in fillers
    ]
    n = len(words)
    talk = words[-1].end_s - words[0].start_s if words else 0
    by: dict[str, int] = {}
    for f in fl:
        by[f.word] = by.get(f.word, 0) + 1
    return WindowTranscript(
        window_index=index, answer_index=answer, start_s=start, end_s=end, model="fake",
        text=" ".join(w.text for w in words), words=words, fillers=fl,
        filler_stats=FillerStats(count=len(fl), hesitation_count=sum(f.kind == "hesitation" for f in fl),
                                 discourse_count=sum(f.kind == "discourse" for f in fl),
                                 per_minute=len(fl) / ((end - start) / 60), per_100_words=100 * len(fl) / max(1, n),
                                 by_word=by),
        pace=PaceSummary(word_count=n, duration_s=end - start, talk_time_s=talk, wpm_overall=60 * n / (end - start),
                         wpm_speaking=60 * n / talk if talk else 0),
        pauses=PauseSummary(count=1, long_count=0, long_threshold_s=2, mean_s=0.5, max_s=0.5, total_s=0.5),
        language_metrics=LanguageMetrics(mean_sentiment=0.2, hedges={}, hedge_count=0),
    )  # fmt: skip


def fake_session(
    *,
    answers: int = 2,
    answer_s: float = 30.0,
    wpm: float = 140,
    fillers: Sequence[tuple[str, float]] = (),
    video: bool = True,
    face: float = 1.0,
    eye: float = 0.8,
    away: float = 0.0,
    question: QuestionInfo | None = None,
) -> SessionData:
    """`answers` consecutive answers of `answer_s` seconds in 5 s chunks, one window per answer."""
    chunks: list[ChunkData] = []
    windows: list[WindowTranscript] = []
    infos: list[AnswerInfo] = []
    seq = 0
    for a in range(answers):
        start = a * answer_s
        for k in range(int(answer_s // 5)):
            off = start + 5 * k
            chunks.append(ChunkData(seq=seq, answer_index=a, offset_s=off, duration_s=5,
                                    vision=fake_vision(5, face, eye, away=away) if video else None,
                                    speech=fake_speech(off, 5, wpm)))  # fmt: skip
            seq += 1
        fl = [(w, t) for w, t in fillers if start <= t < start + answer_s]
        windows.append(fake_window(start, start + answer_s, wpm=wpm, fillers=fl, answer=a, index=a))
        q = question or QuestionInfo(
            id="gen-conflict", text="Describe a time you disagreed with a colleague.", kind="behavioural",
            talking_points=("the situation and stakes", "the action you took", "the outcome and lesson"),
            keywords=("team", "shipped", "outcome"), target_seconds=(20, 40),
        )  # fmt: skip
        infos.append(AnswerInfo(index=a, question=q))
    return SessionData(
        session_id="s-test", role="general", created_at=datetime(2025, 1, 1, tzinfo=UTC),
        answers=infos, chunks=chunks, windows=windows,
    )  # fmt: skip
