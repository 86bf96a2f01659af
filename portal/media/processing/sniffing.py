"""Content sniffing: which accepted format a file is, judged from its first bytes only
(file names and browser content types are ignored), and small file helpers."""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass

_HEVC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"}
_GENERIC_HEIF_BRANDS = {b"mif1", b"msf1", b"mif2"}
_AVIF_BRANDS = {b"avif", b"avis"}
# Top-level atoms a QuickTime file may start with when it has no "ftyp" box.
_QUICKTIME_ATOMS = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}
_SNIFF_BYTES = 64
SNIFF_BYTES = _SNIFF_BYTES


@dataclass(frozen=True)
class _Sniffed:
    kind: str  # "photo" or "video"
    decoder: str  # Pillow format name for photos, FFmpeg demuxer name for videos
    mime: str


def _sniff(head: bytes) -> _Sniffed | None:
    """Identify an accepted format from the first bytes of a file, or return None."""
    if head.startswith(b"\xff\xd8\xff"):
        return _Sniffed("photo", "JPEG", "image/jpeg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _Sniffed("photo", "PNG", "image/png")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _Sniffed("photo", "WEBP", "image/webp")
    if head[4:8] == b"ftyp":
        return _sniff_iso_bmff(head)
    if head[4:8] in _QUICKTIME_ATOMS:
        return _Sniffed("video", "mov", "video/quicktime")
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"\x42\x82\x84webm" in head:  # EBML, DocType
        return _Sniffed("video", "matroska", "video/webm")
    return None


def _sniff_iso_bmff(head: bytes) -> _Sniffed | None:
    box_size = int.from_bytes(head[0:4], "big")
    major = head[8:12]
    compatible = {head[i : i + 4] for i in range(16, min(box_size, len(head)) - 3, 4)}
    brands = {major} | compatible
    if major in _AVIF_BRANDS or (
        major in _GENERIC_HEIF_BRANDS and brands & _AVIF_BRANDS and not brands & _HEVC_BRANDS
    ):
        return None  # AVIF is not one of the accepted upload formats.
    if major in _HEVC_BRANDS or major in _GENERIC_HEIF_BRANDS:
        mime = "image/heic" if brands & {b"heic", b"heix", b"heim", b"heis"} else "image/heif"
        return _Sniffed("photo", "HEIF", mime)
    if major == b"qt  ":
        return _Sniffed("video", "mov", "video/quicktime")
    return _Sniffed("video", "mov", "video/mp4")


def kind_of_head(head: bytes) -> str | None:
    """"photo" or "video" when the first SNIFF_BYTES of a file are an accepted format, else
    None: lets a file arriving in pieces be refused at its first piece."""
    sniffed = _sniff(head)
    return sniffed.kind if sniffed else None


def _read_head(f) -> bytes:
    f.seek(0)
    head = f.read(_SNIFF_BYTES)
    f.seek(0)
    return head


def _file_size(f) -> int:
    size = getattr(f, "size", None)
    if size is None:
        f.seek(0, os.SEEK_END)
        size = f.tell()
        f.seek(0)
    return size


@contextmanager
def _binary_file(source):
    """Yield a readable binary file for a path or a file object; rewind it afterwards."""
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as f:
            yield f
        return
    try:
        yield source
    finally:
        source.seek(0)
