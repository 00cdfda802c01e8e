"""Live per-segment features and edge cases on real media."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gpu_workers.media import MediaDecodeError

pytestmark = pytest.mark.models

SPEECH_MEDIA = Path(__file__).resolve().parents[1] / "media" / "speech"


def test_live_features_of_a_spoken_answer(speech_segments):
    # Given a spoken answer, When analysed live
    s = speech_segments["fillers/answer_strength.wav"].summary
    # Then there is speech, a plausible male pitch, a normal level and a rate estimate
    assert s.has_audio and s.speech_ratio > 0.8 and s.speech_spans
    assert s.pitch is not None and 70 < (s.pitch.median_hz or 0) < 200
    assert s.pitch.variability_semitones > 0 and s.pitch.monotone is not None
    assert s.loudness is not None and not s.loudness.too_quiet
    assert s.rate is not None and 60 < s.rate.estimated_wpm < 250
    assert {"decode", "vad", "pitch", "loudness", "rate"} <= s.latency_ms.keys()


def test_detail_is_json_serialisable_and_offset(speech_analyzer):
    seg = speech_analyzer.analyze_segment(SPEECH_MEDIA / "librivox_0880.wav", offset_s=30.0, seq=4)
    assert seg.summary.seq == 4 and seg.summary.speech_spans[0].start_s >= 30.0
    text = json.dumps(seg.detail)
    assert len(seg.detail["pitch"]["f0_hz"]) == len(seg.detail["pitch"]["times_s"]) > 0
    assert "NaN" not in text


def test_silence_only_gives_no_words_and_no_crash(speech_analyzer):
    # Given 4 s of digital silence
    path = SPEECH_MEDIA / "silence_4s.wav"
    # When analysed live and transcribed
    seg = speech_analyzer.analyze_segment(path)
    win = speech_analyzer.transcribe_window([(path, 0.0)])
    # Then no speech, the whole segment is trailing silence, and no words
    assert seg.summary.has_audio and seg.summary.speech_s == 0 and seg.summary.trailing_silence_s == 4.0
    assert seg.summary.pitch is not None and seg.summary.pitch.median_hz is None
    assert win.summary.words == [] and win.summary.fillers == [] and win.summary.pace.wpm_overall == 0


def test_segment_without_audio_track_gives_a_clear_result(speech_analyzer):
    seg = speech_analyzer.analyze_segment(SPEECH_MEDIA / "video_only.webm", offset_s=12.0)
    assert seg.summary.has_audio is False and seg.summary.offset_s == 12.0
    assert seg.summary.pitch is None and seg.summary.speech_spans == []


def test_window_with_only_video_segments_gives_no_words(speech_analyzer):
    win = speech_analyzer.transcribe_window([(SPEECH_MEDIA / "video_only.webm", 0.0)])
    assert win.summary.words == []


def test_corrupt_segment_raises_media_decode_error(speech_analyzer):
    with pytest.raises(MediaDecodeError):
        speech_analyzer.analyze_segment(SPEECH_MEDIA / "corrupt.wav")


REAL_SPEECH = Path(__file__).resolve().parents[3] / "shared" / "media" / "real" / "speech"


def test_room_noise_reading_on_a_real_voice(speech_analyzer):
    # Given a real clip whose held "looong" the voice detector leaves out, as recorded and in two rooms
    from evaluation.speech_renderings import SAMPLE_RATE, add_noise
    from gpu_workers.media import AudioTrack, decode_audio
    from interview_core.feedback.build import NOISY_ROOM_DB

    track = decode_audio(REAL_SPEECH / "mfa_long.flac", sample_rate=SAMPLE_RATE)
    assert track is not None
    clean = track.samples.astype("float64")

    def reading(samples) -> float | None:
        summary = speech_analyzer.analyze_segment(AudioTrack(samples.astype("float32"), SAMPLE_RATE)).summary
        return summary.loudness.snr_db if summary.loudness else None

    recorded, quiet_room, loud_room = (
        reading(clean),
        reading(add_noise(clean, "t", 20)),
        reading(add_noise(clean, "t", 5)),
    )
    # Then the studio reads as quiet (the unvoiced "looong" is not taken for the room's noise), a quiet
    # home office stays over the report's noise limit and a loud room falls under it
    assert recorded is not None and recorded > 40
    assert quiet_room is not None and quiet_room > NOISY_ROOM_DB
    assert loud_room is not None and loud_room < NOISY_ROOM_DB
