"""Helper construct that builds every Lambda the same way.

All functions share one code asset (`functions/`), one layer (`layers/core`, already in Lambda's
`python/` layout) and ONE environment: the names the application's settings read
(`interview_core.settings.CoreSettings`). Giving every function the same environment keeps the
settings model single and lets the embedded AWS resolve it once from the template.

Third-party packages are installed into the layer only with context `bundle_dependencies=true`
(deploys), by a local pip bundler, so tests and `make synth` stay offline and Docker-free.

The functions that run the content model (MiniLM, too big for the layer) are container-image functions
from one image, `layers/content/Dockerfile`, with each function's handler as the image's CMD. Synthesis
only hashes the build context; the image is built on deploy.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import jsii
from aws_cdk import BundlingOptions, DockerImage, Duration, IgnoreMode, ILocalBundling
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra_cdk.nag import acknowledge

REPO_ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS_DIR = REPO_ROOT / "functions"
LAYER_DIR = REPO_ROOT / "layers" / "core"
CONSTRAINTS = REPO_ROOT / "constraints.txt"
CONTENT_DOCKERFILE = REPO_ROOT / "layers" / "content" / "Dockerfile"
ASSET_EXCLUDES = ["__pycache__", "*.pyc", ".mypy_cache", ".pytest_cache"]
RUNTIME = lambda_.Runtime.PYTHON_3_11
# API Gateway integrations give up at 29-30 s; pipeline steps pass their own timeout.
DEFAULT_TIMEOUT = Duration.seconds(29)
# Only what the content image copies goes into its Docker build context (the repo also holds .venv, web).
CONTENT_BUILD_CONTEXT = [
    "*",
    "!functions",
    "!layers/core",
    "!layers/content",
    "!constraints.txt",
    "**/__pycache__",
    "**/*.pyc",
]
# Content-model functions: one BLAS thread (measured 5-10x faster than two on shared cores) and the
# memory that buys one full vCPU (README "Where content analysis runs").
CONTENT_ENV = {"OPENBLAS_NUM_THREADS": "1"}
CONTENT_MEMORY_MB = 1769
POWERTOOLS_ENV = {
    "POWERTOOLS_SERVICE_NAME": "interview",
    "POWERTOOLS_METRICS_NAMESPACE": "InterviewPlatform",
    "LOG_LEVEL": "INFO",
}


@jsii.implements(ILocalBundling)
class PipLayerBundling:
    """Installs `requirements.txt` as manylinux wheels next to the layer's own code, no Docker."""

    def __init__(self, source: Path) -> None:
        self._source = source

    def try_bundle(self, output_dir: str, *_args: object, **_kwargs: object) -> bool:
        target = Path(output_dir) / "python"
        shutil.copytree(
            self._source / "python",
            target,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(*ASSET_EXCLUDES),
        )
        subprocess.run(  # fixed argv, no shell
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--platform",
                "manylinux2014_x86_64",
                "--implementation",
                "cp",
                "--python-version",
                "3.11",
                "--only-binary=:all:",
                "--target",
                str(target),
                "-r",
                str(self._source / "requirements.txt"),
                # transitive pins of a green run, so the layer matches what the tests ran
                *(["-c", str(CONSTRAINTS)] if CONSTRAINTS.is_file() else []),
            ],
            check=True,
        )
        return True


class LambdaFunctions(Construct):
    """Factory for the platform's Python 3.11 functions (X-Ray on, Powertools env, shared env)."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        environment: Mapping[str, str],
        bundle_dependencies: bool = False,
    ) -> None:
        super().__init__(scope, construct_id)
        self._environment: dict[str, str] = {**POWERTOOLS_ENV, **environment}
        self.functions: dict[str, lambda_.Function] = {}
        if bundle_dependencies:
            layer_code = lambda_.Code.from_asset(
                str(LAYER_DIR),
                exclude=ASSET_EXCLUDES,
                bundling=BundlingOptions(
                    image=DockerImage.from_registry("public.ecr.aws/sam/build-python3.11"),
                    local=PipLayerBundling(LAYER_DIR),
                    command=[
                        "bash",
                        "-c",
                        "cp -r python /asset-output/ && "
                        "pip install -r requirements.txt -t /asset-output/python",
                    ],
                ),
            )
        else:
            layer_code = lambda_.Code.from_asset(
                str(LAYER_DIR), exclude=[*ASSET_EXCLUDES, "requirements.txt"]
            )
        self.layer = lambda_.LayerVersion(
            self,
            "CoreLayer",
            code=layer_code,
            compatible_runtimes=[RUNTIME],
            description="interview_core domain code (+ pinned third-party packages when bundled)",
        )
        self._code = lambda_.Code.from_asset(str(FUNCTIONS_DIR), exclude=ASSET_EXCLUDES)

    def create(
        self,
        construct_id: str,
        *,
        handler: str,
        description: str,
        timeout: Duration | None = None,
        memory_size: int = 256,
    ) -> lambda_.Function:
        fn = lambda_.Function(
            self,
            construct_id,
            runtime=RUNTIME,
            code=self._code,
            handler=handler,
            layers=[self.layer],
            description=description,
            timeout=timeout or DEFAULT_TIMEOUT,
            memory_size=memory_size,
            tracing=lambda_.Tracing.ACTIVE,
            environment=dict(self._environment),
        )
        acknowledge(
            fn,
            "AwsSolutions-L1",
            "Pinned to Python 3.11: the layer, the workers and the test matrix are built for 3.11.",
        )
        self.functions[construct_id] = fn
        return fn

    def create_content(
        self,
        construct_id: str,
        *,
        handler: str,
        description: str,
        timeout: Duration | None = None,
    ) -> lambda_.Function:
        """A function from the content image: the same code, environment and tracing, plus the model."""
        fn = lambda_.DockerImageFunction(
            self,
            construct_id,
            code=lambda_.DockerImageCode.from_image_asset(
                str(REPO_ROOT),
                file=str(CONTENT_DOCKERFILE.relative_to(REPO_ROOT)),
                cmd=[handler],
                exclude=CONTENT_BUILD_CONTEXT,
                ignore_mode=IgnoreMode.DOCKER,
            ),
            description=description,
            timeout=timeout or DEFAULT_TIMEOUT,
            memory_size=CONTENT_MEMORY_MB,
            tracing=lambda_.Tracing.ACTIVE,
            environment={**self._environment, **CONTENT_ENV},
        )
        self.functions[construct_id] = fn
        return fn

    def add_environment(self, name: str, value: str) -> None:
        """Adds a variable to every function, now and later (values that would otherwise form a cycle)."""
        self._environment[name] = value
        for fn in self.functions.values():
            fn.add_environment(name, value)
