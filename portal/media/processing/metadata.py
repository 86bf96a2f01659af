"""The metadata check used by tests and diagnostics: what an encoded image still carries."""

from __future__ import annotations

import io
import struct

from PIL import Image

from .photos import _register_heif

_EXIF_GPS_IFD = 0x8825


def strip_check(data: bytes) -> dict[str, object]:
    """Return the metadata found in an encoded image (empty dict: none).

    Keys: "exif", "gps", "xmp", "icc", "comment", "iptc". Looks both at what Pillow
    parses and at the raw JPEG segments / WebP chunks, so it also notices blocks
    Pillow would ignore.
    """
    found: dict[str, object] = {}
    _register_heif()
    with Image.open(io.BytesIO(data)) as img:
        info = img.info
        exif = img.getexif()
        if len(exif):
            found["exif"] = dict(exif)
        gps = exif.get_ifd(_EXIF_GPS_IFD)
        if gps:
            found["gps"] = dict(gps)
        if info.get("exif"):
            found.setdefault("exif", True)
        for key in ("xmp", "XML:com.adobe.xmp"):
            if info.get(key):
                found["xmp"] = info[key]
        if info.get("icc_profile"):
            found["icc"] = len(info["icc_profile"])
        if info.get("comment"):
            found["comment"] = info["comment"]

    raw: dict[str, object] = {}
    if data.startswith(b"\xff\xd8"):
        raw = _jpeg_segment_metadata(data)
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        raw = _webp_chunk_metadata(data)
    elif b"Exif\x00\x00" in data:
        raw = {"exif": True}
    for key, value in raw.items():
        found.setdefault(key, value)
    if b"http://ns.adobe.com/xap/1.0/" in data or b"<x:xmpmeta" in data:
        found.setdefault("xmp", True)
    return found


def _jpeg_segment_metadata(data: bytes) -> dict[str, object]:
    found: dict[str, object] = {}
    pos = 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker == 0xDA:  # start of scan: no more header segments
            break
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        payload = data[pos + 4 : pos + 2 + length]
        if marker == 0xE1 and payload.startswith(b"Exif\x00"):
            found.setdefault("exif", True)
        elif marker == 0xE1:
            found.setdefault("xmp", True)
        elif marker == 0xE2 and payload.startswith(b"ICC_PROFILE"):
            found.setdefault("icc", True)
        elif marker == 0xED:
            found.setdefault("iptc", True)
        elif marker == 0xFE:
            found.setdefault("comment", payload)
        pos += 2 + length
    return found


def _webp_chunk_metadata(data: bytes) -> dict[str, object]:
    found: dict[str, object] = {}
    names = {b"EXIF": "exif", b"XMP ": "xmp", b"ICCP": "icc"}
    pos = 12
    while pos + 8 <= len(data):
        chunk = data[pos : pos + 4]
        (length,) = struct.unpack("<I", data[pos + 4 : pos + 8])
        if chunk in names:
            found.setdefault(names[chunk], True)
        pos += 8 + length + (length & 1)
    return found
