"""Pure-python aggregation of segment and window summaries into per-answer and session measures.

Means across segments are weighted by what each segment actually measured (analysed frames for face
visibility, face frames for smiles, expression frames for the expression mix, voiced
frames for pitch, speech seconds for loudness), so a short or faceless segment does not count as much
as a full one. Attention (camera / screen / away) is read from each segment's gaze track with the
session's calibration, so its shares are over face-visible time and `eye_contact_ratio` is their camera
share. Word-based measures (pace, fillers, pauses, hedges) are sums over transcription windows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from interview_core.analysis.attention import attention_stats, classify_track
from interview_core.contracts.report import (
    ExpressionMix,
    FillerSummary,
    PaceSummaryOut,
    PauseStats,
    PostureSummary,
    ReportFiller,
    ReportWord,
)
from interview_core.contracts.speech import WindowTranscript
from interview_core.contracts.vision import AttentionCalibration, AttentionStats, VisionSummary
from interview_core.feedback.model import ChunkData

__all__ = ["Aggregate", "aggregate", "is_filler_word"]


@dataclass
class Aggregate:
    start_s: float
    end_s: float
    words: list[ReportWord] = field(default_factory=list)
    text: str = ""
    fillers: FillerSummary = field(default_factory=lambda: FillerSummary(count=0))
    pace: PaceSummaryOut = field(default_factory=PaceSummaryOut)
    pauses: PauseStats = field(default_factory=PauseStats)
    talk_time_s: float = 0.0
    has_video: bool = False
    has_audio: bool = False
    speech_s: float = 0.0
    face_present_ratio: float | None = None
    eye_contact_ratio: float | None = None
    attention: AttentionStats | None = None
    expressions: ExpressionMix = field(default_factory=ExpressionMix)
    posture: PostureSummary = field(default_factory=PostureSummary)
    pitch_variability_st: float | None = None
    loudness_variation_db: float | None = None
    loudness_mean_db: float | None = None
    snr_db: float | None = None
    room_echo_db: float | None = None
    echoey_share: float | None = None  # of the windows' time, the share the worker dereverberated
    hedges: dict[str, int] = field(default_factory=dict)
    sentiment: float | None = None
    transcribed: bool = False

    @property
    def duration_s(self) -> float:
        return max(0.0, self.end_s - self.start_s)

    @property
    def heard_nothing(self) -> bool:
        """Audio that holds no speech at all: a muted or wrong microphone, or a question passed in silence."""
        return self.has_audio and self.speech_s == 0

    @property
    def long_pauses_per_min(self) -> float | None:
        if not self.transcribed or self.pace.word_count == 0 or self.duration_s <= 0:
            return None
        return self.pauses.long_count / (self.duration_s / 60)

    @property
    def hedges_per_100_words(self) -> float | None:
        if not self.transcribed or self.pace.word_count == 0:
            return None
        return 100 * sum(self.hedges.values()) / self.pace.word_count


def _wmean(pairs: Sequence[tuple[float | None, float]]) -> float | None:
    num = den = 0.0
    for value, weight in pairs:
        if value is not None and weight > 0:
            num += value * weight
            den += weight
    return num / den if den > 0 else None


def is_filler_word(word: ReportWord | None, fillers: Sequence[ReportFiller]) -> bool:
    return word is not None and any(f.start_s - 0.05 <= word.start_s <= f.end_s + 0.05 for f in fillers)


def _words_and_fillers(
    windows: Sequence[WindowTranscript],
) -> tuple[list[ReportWord], list[ReportFiller]]:
    fillers = [
        ReportFiller(word=f.word, kind=f.kind, start_s=f.start_s, end_s=f.end_s, answer_index=w.answer_index)
        for w in windows
        for f in w.fillers
    ]
    words: list[ReportWord] = []
    for w in windows:
        for tw in w.words:
            is_f = any(f.start_s - 0.05 <= tw.start_s and tw.end_s <= f.end_s + 0.05 for f in w.fillers)
            words.append(
                ReportWord(text=tw.text, start_s=tw.start_s, end_s=tw.end_s,
                           answer_index=w.answer_index, is_filler=is_f)
            )  # fmt: skip
    return words, fillers


def _speech(agg: Aggregate, windows: Sequence[WindowTranscript], chunks: Sequence[ChunkData]) -> None:
    words, fillers = _words_and_fillers(windows)
    agg.words, agg.transcribed = words, bool(windows)
    agg.text = " ".join(w.text.strip() for w in windows if w.text.strip())
    word_count = sum(w.pace.word_count for w in windows)
    # Pace over the speaking span (first to last word of each window, pauses included): the usual
    # words-per-minute definition behind the 120-160 band; Whisper's pause-free talk time overstates it.
    talk = sum(w.words[-1].end_s - w.words[0].start_s for w in windows if w.words)
    media = sum(w.pace.duration_s for w in windows)
    agg.talk_time_s = talk
    minutes = agg.duration_s / 60 if agg.duration_s > 0 else media / 60
    counts = Counter(f.word for f in fillers)
    agg.fillers = FillerSummary(
        items=fillers,
        count=len(fillers),
        counts=dict(counts.most_common()),
        per_minute=round(len(fillers) / minutes, 2) if windows and minutes > 0 else None,
        per_100_words=round(100 * len(fillers) / word_count, 2) if word_count else None,
    )
    if word_count and talk > 0:
        agg.pace = PaceSummaryOut(
            wpm=round(60 * word_count / talk, 1),
            wpm_overall=round(60 * word_count / media, 1) if media > 0 else None,
            word_count=word_count,
            source="transcript",
        )
    else:
        est = _wmean([(c.speech.rate.estimated_wpm, c.speech.speech_s) for c in chunks
                      if c.speech and c.speech.rate and c.speech.speech_s > 0])  # fmt: skip
        agg.pace = PaceSummaryOut(
            wpm=round(est, 1) if est else None, word_count=word_count,
            source="syllable_estimate" if est else "none",
        )  # fmt: skip
    agg.room_echo_db = _wmean([(w.room_echo_db, w.end_s - w.start_s) for w in windows])
    agg.echoey_share = _wmean([(float(w.dereverberated), w.end_s - w.start_s) for w in windows])
    n_pauses = sum(w.pauses.count for w in windows)
    agg.pauses = PauseStats(
        count=n_pauses,
        long_count=sum(w.pauses.long_count for w in windows),
        mean_s=round(sum(w.pauses.mean_s * w.pauses.count for w in windows) / n_pauses, 2)
        if n_pauses
        else 0.0,
        max_s=max((w.pauses.max_s for w in windows), default=0.0),
    )
    hedges: Counter[str] = Counter()
    for w in windows:
        hedges.update(w.language_metrics.hedges)
    agg.hedges = dict(hedges.most_common())
    sentences = [s.compound for w in windows for s in w.language_metrics.sentences]
    agg.sentiment = round(sum(sentences) / len(sentences), 3) if sentences else None
    speech = [c.speech for c in chunks if c.speech and c.speech.has_audio]
    agg.has_audio = bool(speech)
    agg.speech_s = sum(s.speech_s for s in speech)
    agg.pitch_variability_st = _wmean(
        [(s.pitch.variability_semitones, s.pitch.voiced_frames) for s in speech
         if s.pitch and s.pitch.median_hz is not None]
    )  # fmt: skip
    agg.loudness_variation_db = _wmean([(s.loudness.variation_db, s.speech_s) for s in speech if s.loudness])
    agg.loudness_mean_db = _wmean([(s.loudness.mean_db, s.speech_s) for s in speech if s.loudness])
    agg.snr_db = _wmean([(s.loudness.snr_db, s.speech_s) for s in speech if s.loudness])


def _attention(
    vis: Sequence[VisionSummary], calibration: AttentionCalibration | None
) -> AttentionStats | None:
    tracks = [v.gaze_track for v in vis if v.gaze_track]
    labels = [label for t in tracks for label in classify_track(t, calibration)]
    return attention_stats(labels, tracks[0].step_s, calibration is not None) if tracks else None


def _vision(agg: Aggregate, chunks: Sequence[ChunkData], calibration: AttentionCalibration | None) -> None:
    vis = [c.vision for c in chunks if c.vision and c.vision.has_video and c.vision.frames_analysed > 0]
    agg.has_video = bool(vis)
    if not vis:
        return
    agg.face_present_ratio = _wmean(
        [(v.face.present_ratio if v.face else 0.0, v.frames_analysed) for v in vis]
    )
    face_frames = [(v, v.frames_analysed * (v.face.present_ratio if v.face else 0.0)) for v in vis]
    agg.attention = _attention(vis, calibration)
    agg.eye_contact_ratio = agg.attention.camera if agg.attention else None
    expr = [(v.expression, v.expression.frames) for v in vis if v.expression and v.expression.frames > 0]
    total = sum(n for _, n in expr)
    if total:
        dist: dict[str, float] = {}
        for e, n in expr:
            for label, p in e.distribution.items():
                dist[label] = dist.get(label, 0.0) + p * n / total
        agg.expressions = ExpressionMix(
            distribution={k: round(v, 3) for k, v in sorted(dist.items(), key=lambda kv: -kv[1])},
            dominant=max(dist, key=lambda k: dist[k]),
            smile_mean=_wmean([(e.smile_mean, n) for e, n in expr]),
            smiling_ratio=_wmean(
                [(v.expression.smiling_ratio if v.expression else None, n) for v, n in face_frames]
            ),
        )
    posture = [(v.posture, v.posture.frames) for v in vis if v.posture and v.posture.frames > 0]
    head = [(v.head_pose.head_motion_deg_per_s, n) for v, n in face_frames if v.head_pose]
    if posture:
        agg.posture = PostureSummary(
            measured=True,
            shoulder_tilt_deg=_r(_wmean([(p.shoulder_tilt_deg, n) for p, n in posture]), 1),
            head_height=_r(_wmean([(p.head_height, n) for p, n in posture]), 2),
            movement_energy=_r(_wmean([(p.movement_energy, n) for p, n in posture]), 3),
            head_motion_deg_per_s=_r(_wmean(head), 1),
        )
    else:
        agg.posture = PostureSummary(
            measured=False, head_motion_deg_per_s=_r(_wmean(head), 1),
            note="Shoulders were not visible, so posture could not be measured.",
        )  # fmt: skip


def _r(x: float | None, nd: int) -> float | None:
    return None if x is None else round(x, nd)


def aggregate(
    chunks: Sequence[ChunkData],
    windows: Sequence[WindowTranscript],
    start_s: float,
    end_s: float,
    calibration: AttentionCalibration | None = None,
) -> Aggregate:
    agg = Aggregate(start_s=start_s, end_s=end_s)
    ordered = sorted(windows, key=lambda w: (w.start_s, w.window_index))
    chunks = sorted(chunks, key=lambda c: c.offset_s)
    _speech(agg, ordered, chunks)
    _vision(agg, chunks, calibration)
    return agg
