"""The web app's TypeScript types match the exported contracts (events/schemas): regenerate and compare."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
GENERATED = WEB / "src" / "generated"


@pytest.fixture(scope="module")
def web_node_modules() -> Path:
    """web/node_modules, installed from the committed lockfile when missing (the generators live there)."""
    modules = WEB / "node_modules"
    if not (modules / "openapi-typescript").is_dir() or not (modules / "json-schema-to-typescript").is_dir():
        if not shutil.which("npm"):
            pytest.fail("npm is required to check the generated web types (Node 20)")
        env = {**os.environ, "NEXT_TELEMETRY_DISABLED": "1"}
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund"], cwd=WEB, env=env, check=True, timeout=600
        )
    return modules


def test_generated_types_match_the_schemas(web_node_modules: Path, tmp_path: Path) -> None:
    # Given the types regenerated from events/schemas into a temporary directory
    subprocess.run(["node", "scripts/gen-types.mjs", str(tmp_path)], cwd=WEB, check=True, timeout=120)
    # Then they are identical to the committed ones in web/src/generated
    fresh = sorted(p.name for p in tmp_path.iterdir())
    committed = sorted(p.name for p in GENERATED.iterdir())
    assert fresh == committed, f"generated files differ: {fresh} vs {committed}"
    _, mismatch, errors = filecmp.cmpfiles(tmp_path, GENERATED, fresh, shallow=False)
    assert not mismatch and not errors, (
        f"web/src/generated is stale ({mismatch or errors}): run `cd web && npm run gen:types` and commit"
    )
