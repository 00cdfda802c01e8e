"""Provider selection and dependency errors (no model is loaded)."""

import pytest

from gpu_workers.vision.models import VisionDependencyError, require, select_providers

pytestmark = pytest.mark.unit


def test_default_providers_end_with_cpu():
    # Given no explicit providers, Then CUDA comes first when present and CPU is always the fallback
    providers = select_providers(None)
    assert providers[-1] == "CPUExecutionProvider"
    assert set(providers) <= {"CUDAExecutionProvider", "CPUExecutionProvider"}


def test_explicit_providers_keep_the_available_ones_in_order():
    assert select_providers(("NoSuchExecutionProvider", "CPUExecutionProvider")) == ["CPUExecutionProvider"]


def test_unavailable_providers_fail_clearly():
    with pytest.raises(VisionDependencyError, match="none of the providers"):
        select_providers(("NoSuchExecutionProvider",))


def test_missing_package_names_what_to_install():
    with pytest.raises(VisionDependencyError, match="the vision worker needs"):
        require("definitely_not_installed_package")
