"""The committed OpenAPI document and message/report schemas match the code (the web app's types
are generated from them). Regenerate with `python -m local_platform.contracts`."""

from __future__ import annotations

import pytest

from local_platform.contracts import OUT, contract_documents, render

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("name", sorted(contract_documents()))
def test_committed_contract_matches_the_code(name: str) -> None:
    committed = (OUT / name).read_text()
    assert committed == render(contract_documents()[name]), (
        f"events/schemas/{name} is stale: run `python -m local_platform.contracts`, then regenerate web types"
    )
