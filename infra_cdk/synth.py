"""`make synth`: writes the cloud assembly to `cdk.out`; `synth_template` serves the local platform."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

import aws_cdk as cdk

from infra_cdk.app import build_app  # after the jsii banner switch
from infra_cdk.stack import STACK_NAME


def synth_app(outdir: Path, context: dict[str, Any] | None = None) -> tuple[cdk.App, dict[str, Any]]:
    """Synthesizes the app into `outdir` (cdk-nag runs; errors raise); returns the app and the template."""
    app = build_app(outdir=str(outdir), context=context)
    assembly = app.synth()
    template: dict[str, Any] = assembly.get_stack_by_name(STACK_NAME).template
    return app, template


def synth_template(outdir: Path, context: dict[str, Any] | None = None) -> dict[str, Any]:
    """The synthesized CloudFormation template of the stack (the embedded AWS is built from it)."""
    return synth_app(outdir, context)[1]


def main() -> None:
    outdir = Path("cdk.out")
    template = synth_template(outdir)
    print(f"synthesized {STACK_NAME}: {len(template.get('Resources', {}))} resources -> {outdir}/")


if __name__ == "__main__":
    main()
