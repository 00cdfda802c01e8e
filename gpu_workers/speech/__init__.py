"""Speech analysis worker: live voice features per segment, verbatim transcripts per answer window.

Importing this package is cheap: faster-whisper, librosa and onnxruntime load inside
`SpeechAnalyzer.create`, once per process.
"""

from gpu_workers.speech.analyzer import SegmentResult, SpeechAnalyzer, WindowResult
from gpu_workers.speech.options import AsrOptions, PaceOptions, ProsodyOptions, SpeechOptions, VadSettings

__all__ = [
    "AsrOptions",
    "PaceOptions",
    "ProsodyOptions",
    "SegmentResult",
    "SpeechAnalyzer",
    "SpeechOptions",
    "VadSettings",
    "WindowResult",
]
