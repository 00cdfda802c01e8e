"""The CDK app's synthesized template, cached while the infrastructure source is unchanged.

Synthesis runs node (jsii) and takes ~20 s, so the template is cached under `.cache/cdk/` keyed by
a hash of the files the synthesis reads (`infra_cdk/`, the worker Dockerfiles); editing them
re-synthesizes it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "cdk"


def source_hash() -> str:
    digest = hashlib.sha256()
    # The stack adds the worker services only when their Dockerfiles exist, so those count too.
    sources = [*(ROOT / "infra_cdk").rglob("*.py"), *(ROOT / "gpu_workers").glob("*/Dockerfile")]
    for path in sorted(sources):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_template() -> dict[str, Any]:
    cached = CACHE / f"{source_hash()}.template.json"
    if cached.exists():
        template: dict[str, Any] = json.loads(cached.read_text())
        return template
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    from infra_cdk.synth import synth_template

    with tempfile.TemporaryDirectory(prefix="cdk-") as outdir:
        template = synth_template(Path(outdir))
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(".tmp")
    tmp.write_text(json.dumps(template))
    tmp.replace(cached)  # atomic: concurrent test workers never read half a file
    for stale in CACHE.glob("*.template.json"):
        if stale != cached:
            stale.unlink(missing_ok=True)
    return template
