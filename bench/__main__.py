"""`make bench`: every benchmark, one after another (they share the 2 cores, so never in parallel)."""

from __future__ import annotations

import sys

from bench import content, content_image, job_terms, platform, recording, speech, vision

for name, run in (
    ("vision", vision.main),
    ("speech", speech.main),
    ("content", content.main),
    ("content_image", content_image.main),
    ("job_terms", job_terms.main),
    ("recording", recording.main),
    ("platform", platform.main),
):
    print(f"\n# {name}\n", flush=True)
    code = run([])
    if code:
        sys.exit(code)
