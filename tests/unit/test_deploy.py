"""`make deploy`: prerequisites fail early with what to do; the CDK command lines carry the options."""

from __future__ import annotations

from typing import Any

import pytest

from infra_cdk import deploy

pytestmark = pytest.mark.unit


class FakeSession:
    """What check_prerequisites reads from a boto3 session: region, account, the GPU quota."""

    def __init__(self, region: str | None, gpu_vcpus: float) -> None:
        self.region_name = region
        self._gpu_vcpus = gpu_vcpus

    def client(self, service: str) -> Any:
        session = self

        class Client:
            def get_caller_identity(self) -> dict[str, str]:
                return {"Account": "123456789012"}

            def get_service_quota(self, ServiceCode: str, QuotaCode: str) -> dict[str, Any]:
                assert (ServiceCode, QuotaCode) == ("ec2", deploy.GPU_QUOTA_CODE)
                return {"Quota": {"Value": session._gpu_vcpus}}

        return Client()


@pytest.fixture
def tools_present(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.setattr(deploy.shutil, "which", lambda tool: f"/usr/bin/{tool}")
    (tmp_path / "index.html").write_text("<html></html>")
    monkeypatch.setattr(deploy, "SITE_DIR", tmp_path)


def test_environment_of_a_ready_account(tools_present: None) -> None:
    assert deploy.check_prerequisites(FakeSession("eu-west-1", 8)) == "aws://123456789012/eu-west-1"


@pytest.mark.parametrize(
    ("session", "message"),
    [
        (FakeSession(None, 8), "no region"),
        (FakeSession("us-east-1", 0), "request at least 4"),
    ],
)
def test_missing_prerequisites_say_what_to_do(
    tools_present: None, session: FakeSession, message: str
) -> None:
    with pytest.raises(deploy.PrerequisiteError, match=message):
        deploy.check_prerequisites(session)


def test_commands_bootstrap_then_deploy_with_bundled_layer_and_alarm_email() -> None:
    bootstrap, deploy_cmd = deploy.cdk_commands(
        "aws://1/us-east-1", alarm_email="ops@example.com", domain="a.example.com", certificate_arn="arn:c"
    )
    assert bootstrap[3:5] == ["bootstrap", "aws://1/us-east-1"]
    assert "bundle_dependencies=true" in deploy_cmd
    assert "AlarmEmail=ops@example.com" in deploy_cmd
    assert "web_domain_name=a.example.com" in deploy_cmd and "web_certificate_arn=arn:c" in deploy_cmd
    assert deploy_cmd[deploy_cmd.index("--outputs-file") + 1].endswith("cdk.out/outputs.json")
