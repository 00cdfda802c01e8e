"""Vision analysis worker: visible behaviour in a media segment (face, gaze, expression, posture).

Importing this package is cheap: mediapipe, onnxruntime and OpenCV load when models are created.

    from gpu_workers.vision import VisionAnalyzer, VisionOptions
    analyzer = VisionAnalyzer.create(VisionOptions())   # loads models once per process
    result = analyzer.analyze(path)                     # summary (pydantic) + timeline (JSON)
"""

from __future__ import annotations

from gpu_workers.vision.analyzer import AnalysisResult, VisionAnalyzer
from gpu_workers.vision.models import VisionDependencyError, VisionModels, load_models
from gpu_workers.vision.options import VisionOptions

__all__ = [
    "AnalysisResult",
    "VisionAnalyzer",
    "VisionDependencyError",
    "VisionModels",
    "VisionOptions",
    "load_models",
]
