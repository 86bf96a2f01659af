"""Media processing for uploads: inspection, photo renditions and video transcoding.

This module is a pure library: no models, no views and no settings. Every limit is a
keyword argument whose default is one of the module constants below, so callers (and
tests) can tighten or relax it.

Rules it enforces (see DESIGN.md, principles 1 and 4):

* The type of an upload is judged from its content only: its first bytes must be the
  magic of one of the accepted formats and the file must really decode with the
  decoder for that format. File names and browser content types are ignored.
* Accepted photos: JPEG, PNG, WebP, HEIC/HEIF. Accepted videos: MP4, MOV, WebM.
  Everything else (GIF, SVG, HTML, BMP, TIFF, PDF, AVIF, Matroska, ...) is refused.
* A polyglot such as a JPEG carrying "<html>" or "<script>" bytes after its image data
  is accepted as the photo it decodes to: originals are never served, and every public
  rendition is re-encoded from pixel data only, which drops any such payload.
* Pixel counts are checked from the header before anything is decoded, and Pillow's
  decompression-bomb warning is treated as an error.
* Renditions carry no metadata at all: no EXIF, GPS, XMP, comments or ICC profile
  (colours are converted to sRGB first, which is what browsers assume without one).

Video encoder: the PyAV wheels carry FFmpeg built with libx264, which is used for
H.264 (``preset=veryfast``, ``crf=23``). libopenh264 and FFmpeg's default ``h264``
encoder are fallbacks for other builds; see ``_h264_encoder``.
"""

from __future__ import annotations

import io
import os
import struct
import warnings
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

import av
import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, features

PHOTO_MAX_BYTES = 25 * 1024 * 1024
PHOTO_MAX_PIXELS = 50_000_000
VIDEO_MAX_BYTES = 200 * 1024 * 1024
VIDEO_MAX_SECONDS = 90
VIDEO_MAX_SIDE = 8192
VIDEO_MAX_FPS = 30
RENDITION_WIDTHS = (480, 960, 1600)

# Encoder settings for photo renditions, by our format name.
_PHOTO_ENCODERS = {
    # Progressive JPEG from libjpeg-turbo always has optimised Huffman tables; adding
    # optimize=True only costs a redundant pass (the output is byte-identical).
    "jpeg": ("JPEG", "image/jpeg", {"quality": 82, "progressive": True}),
    # method 2 instead of libwebp's default 4: 3.5 times faster on a 12 MP photo's
    # 1600 px rendition, for files about 7 % larger at the same PSNR/SSIM (benchmarks/media.py).
    "webp": ("WEBP", "image/webp", {"quality": 80, "method": 2}),
    # speed 9 is about four times faster than 8 for a barely visible loss.
    "avif": ("AVIF", "image/avif", {"quality": 60, "speed": 9}),
}
_POSTER_JPEG_OPTIONS = _PHOTO_ENCODERS["jpeg"][2]

_EXIF_ORIENTATION = 0x0112
_EXIF_GPS_IFD = 0x8825


@dataclass(frozen=True)
class UploadInfo:
    """What :func:`inspect_upload` found. Width and height are as displayed, i.e.
    after EXIF orientation (photos) or rotation metadata (videos) is applied."""

    kind: str  # "photo" or "video"
    mime: str
    width: int
    height: int
    duration: float | None  # seconds, videos only


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    format: str  # "jpeg", "webp" or "avif"
    content_type: str
    data: bytes


@dataclass(frozen=True)
class VideoInfo:
    width: int
    height: int
    duration: float  # seconds
    poster: bytes  # JPEG, same size as the video, no metadata


# --- Messages ------------------------------------------------------------------------

_MSG_EMPTY = _("The file is empty.")
_MSG_TOO_LARGE = _("This file is too large (%(size)s MB). At most %(limit)s MB are allowed.")
_MSG_UNSUPPORTED = _(
    "This file type is not supported. Please upload a photo (JPEG, PNG, WebP or HEIC) "
    "or a video (MP4, MOV or WebM)."
)
_MSG_NOT_A_PHOTO = _("Please upload a photo (JPEG, PNG, WebP or HEIC).")
_MSG_NOT_A_VIDEO = _("Please upload a video (MP4, MOV or WebM).")
_MSG_TOO_MANY_PIXELS = _(
    "This photo has too many pixels. At most %(limit)s megapixels are allowed."
)
_MSG_PHOTO_BROKEN = _("This photo could not be read. The file may be damaged or incomplete.")
_MSG_ANIMATED = _("Animated images are not supported. Please upload a still photo.")
_MSG_VIDEO_BROKEN = _("This video could not be read. The file may be damaged or incomplete.")
_MSG_NO_VIDEO = _("This file contains no video picture.")
_MSG_VIDEO_SIZE = _("This video has an unsupported picture size (%(width)s × %(height)s).")
_MSG_TOO_LONG = _(
    "This video is too long (%(seconds)s seconds). At most %(limit)s seconds are allowed."
)


def _megabytes(n: int) -> str:
    value = n / (1024 * 1024)
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def _megapixels(n: int) -> str:
    return f"{n / 1_000_000:.0f}" if n >= 10_000_000 else f"{n / 1_000_000:.1f}"


# --- Content sniffing ----------------------------------------------------------------

_HEVC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"}
_GENERIC_HEIF_BRANDS = {b"mif1", b"msf1", b"mif2"}
_AVIF_BRANDS = {b"avif", b"avis"}
# Top-level atoms a QuickTime file may start with when it has no "ftyp" box.
_QUICKTIME_ATOMS = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}
_SNIFF_BYTES = 64


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


# --- Inspection ----------------------------------------------------------------------


def inspect_upload(
    f,
    *,
    kind: str | None = None,
    photo_max_bytes: int = PHOTO_MAX_BYTES,
    photo_max_pixels: int = PHOTO_MAX_PIXELS,
    video_max_bytes: int = VIDEO_MAX_BYTES,
    video_max_seconds: float = VIDEO_MAX_SECONDS,
) -> UploadInfo:
    """Check an upload and tell what it is, or raise ValidationError.

    ``f`` is a Django ``UploadedFile`` or any seekable binary file object. ``kind``
    ("photo" or "video") restricts what is accepted. The file is rewound afterwards.
    Photos are fully decoded (JPEG at 1/8 scale, which still reads all image data);
    videos are demuxed to the end to measure their real duration and their first
    frame is decoded.
    """
    if kind not in (None, "photo", "video"):
        raise ValueError(f"kind must be None, 'photo' or 'video', not {kind!r}")
    with _binary_file(f) as fp:
        size = _file_size(fp)
        if size == 0:
            raise ValidationError(_MSG_EMPTY, code="empty")
        limits = {"photo": photo_max_bytes, "video": video_max_bytes}
        _check_bytes(size, limits[kind] if kind else max(limits.values()))
        sniffed = _sniff(_read_head(fp))
        if sniffed is None:
            raise ValidationError(_MSG_UNSUPPORTED, code="unsupported_type")
        if kind == "photo" and sniffed.kind != "photo":
            raise ValidationError(_MSG_NOT_A_PHOTO, code="wrong_kind")
        if kind == "video" and sniffed.kind != "video":
            raise ValidationError(_MSG_NOT_A_VIDEO, code="wrong_kind")
        _check_bytes(size, limits[sniffed.kind])
        if sniffed.kind == "photo":
            return _inspect_photo(fp, sniffed, max_pixels=photo_max_pixels)
        return _inspect_video(fp, sniffed, max_seconds=video_max_seconds)


def _check_bytes(size: int, limit: int) -> None:
    if size > limit:
        raise ValidationError(
            _MSG_TOO_LARGE,
            code="too_large",
            params={"size": _megabytes(size), "limit": _megabytes(limit)},
        )


@contextmanager
def _decompression_bomb_guard():
    """Turn Pillow's DecompressionBombWarning into an error within the block.

    ``warnings.catch_warnings`` changes process-wide state; that is acceptable here
    because media is processed by one task at a time per worker process.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def _open_photo(fp, sniffed: _Sniffed, *, max_pixels: int) -> Image.Image:
    """Open (but do not decode) a photo with the decoder its magic bytes name, and
    refuse it if the header declares too many pixels. Call inside the bomb guard."""
    if sniffed.decoder == "HEIF":
        _register_heif()
    try:
        img = Image.open(fp, formats=[sniffed.decoder])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(max_pixels) from exc
    except Exception as exc:  # Pillow raises many types for malformed headers.
        raise ValidationError(_MSG_PHOTO_BROKEN, code="broken") from exc
    width, height = img.size
    if width * height > max_pixels:
        _release(img)
        raise _too_many_pixels(max_pixels)
    if width < 1 or height < 1:
        _release(img)
        raise ValidationError(_MSG_PHOTO_BROKEN, code="broken")
    if sniffed.decoder in ("PNG", "WEBP") and getattr(img, "n_frames", 1) > 1:
        _release(img)
        raise ValidationError(_MSG_ANIMATED, code="animated")
    return img


def _too_many_pixels(max_pixels: int) -> ValidationError:
    return ValidationError(
        _MSG_TOO_MANY_PIXELS,
        code="too_many_pixels",
        params={"limit": _megapixels(min(max_pixels, Image.MAX_IMAGE_PIXELS or max_pixels))},
    )


def _release(img: Image.Image) -> None:
    """Let go of an opened image without closing the caller's file object, which
    ``Image.close()`` would do; its pixel memory goes with the last reference."""
    with img:
        pass


def _load_photo(img: Image.Image, *, max_pixels: int) -> None:
    try:
        img.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(max_pixels) from exc
    except Exception as exc:  # truncated data, bad CRCs, decoder errors ...
        raise ValidationError(_MSG_PHOTO_BROKEN, code="broken") from exc


def _inspect_photo(fp, sniffed: _Sniffed, *, max_pixels: int) -> UploadInfo:
    with _decompression_bomb_guard():
        img = _open_photo(fp, sniffed, max_pixels=max_pixels)
        try:
            width, height = img.size
            swapped = _orientation(img) in (5, 6, 7, 8)
            if sniffed.decoder == "JPEG":
                # Decoding at 1/8 scale still reads every scan, so truncation is caught,
                # but needs only 1/64 of the memory.
                img.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            _load_photo(img, max_pixels=max_pixels)
        finally:
            _release(img)
    if swapped:
        width, height = height, width
    return UploadInfo("photo", sniffed.mime, width, height, None)


def _orientation(img: Image.Image) -> int:
    try:
        return int(img.getexif().get(_EXIF_ORIENTATION, 1))
    except Exception:  # a broken EXIF block must not break the upload
        return 1


@cache
def _register_heif() -> None:
    import pillow_heif

    pillow_heif.register_heif_opener()


# --- Video inspection ----------------------------------------------------------------


def _av_source(fp):
    """PyAV reads a real file faster than a Python file object."""
    path = getattr(fp, "temporary_file_path", None)
    return path() if callable(path) else fp


def _open_container(source, demuxer: str):
    """Open a video with the demuxer its magic bytes name (never a probed one: FFmpeg
    demuxers such as HLS or concat could otherwise be made to read other files)."""
    try:
        return av.open(source, mode="r", format=demuxer, metadata_errors="ignore")
    except (av.FFmpegError, OSError, ValueError) as exc:
        raise ValidationError(_MSG_VIDEO_BROKEN, code="broken") from exc


def _video_stream(container):
    for stream in container.streams.video:
        if not stream.disposition & av.stream.Disposition.attached_pic:  # skip cover art
            return stream
    raise ValidationError(_MSG_NO_VIDEO, code="no_video")


def _check_duration(seconds: float, max_seconds: float) -> None:
    if round(seconds, 1) > max_seconds:
        raise ValidationError(
            _MSG_TOO_LONG,
            code="too_long",
            params={"seconds": f"{seconds:.0f}", "limit": f"{max_seconds:g}"},
        )


def _check_video_size(width: int, height: int) -> None:
    if not (2 <= width <= VIDEO_MAX_SIDE and 2 <= height <= VIDEO_MAX_SIDE):
        raise ValidationError(
            _MSG_VIDEO_SIZE, code="bad_dimensions", params={"width": width, "height": height}
        )


def _inspect_video(fp, sniffed: _Sniffed, *, max_seconds: float) -> UploadInfo:
    container = _open_container(_av_source(fp), sniffed.decoder)
    try:
        stream = _video_stream(container)
        if container.duration is not None and container.duration > 0:
            _check_duration(container.duration / av.time_base, max_seconds)
        # Headers can lie (or, for browser-made WebM, be missing): measure the real
        # duration from packet timestamps, and decode the first frame on the way.
        first_frame = None
        start = end = None
        time_base = stream.time_base
        for packet in container.demux(stream):
            if packet.pts is not None and time_base is not None:
                t0 = float(packet.pts * time_base)
                t1 = t0 + float((packet.duration or 0) * time_base)
                start = t0 if start is None else min(start, t0)
                end = t1 if end is None else max(end, t1)
                _check_duration(end - start, max_seconds)
            if first_frame is None:
                frames = packet.decode()
                if frames:
                    first_frame = frames[0]
        if first_frame is None:  # the decoder may hold frames back until flushed
            frames = stream.codec_context.decode(None)
            first_frame = frames[0] if frames else None
        if first_frame is None:
            raise ValidationError(_MSG_VIDEO_BROKEN, code="broken")
    except av.FFmpegError as exc:
        raise ValidationError(_MSG_VIDEO_BROKEN, code="broken") from exc
    finally:
        container.close()
    width, height = first_frame.width, first_frame.height
    _check_video_size(width, height)
    if _quarter_turns(first_frame.rotation) % 2:
        width, height = height, width
    duration = (end - start) if start is not None else 0.0
    return UploadInfo("video", sniffed.mime, width, height, round(duration, 3))


def _quarter_turns(rotation) -> int:
    """Counter-clockwise quarter turns (0..3) for a display rotation in degrees."""
    return round((rotation or 0) / 90) % 4


# --- Photo renditions ----------------------------------------------------------------


def supported_photo_formats() -> tuple[str, ...]:
    """Rendition formats this Pillow build can encode, in order of preference."""
    return tuple(name for name in ("jpeg", "webp", "avif") if features.check(_feature_name(name)))


def _feature_name(fmt: str) -> str:
    return {"jpeg": "jpg", "webp": "webp", "avif": "avif"}[fmt]


def photo_renditions(
    f,
    *,
    regions: Sequence = (),
    widths: Iterable[int] = RENDITION_WIDTHS,
    formats: Iterable[str] | None = None,
    max_pixels: int = PHOTO_MAX_PIXELS,
) -> list[Rendition]:
    """Decode a photo and encode its public renditions.

    ``f`` is a path or a binary file object (rewound afterwards). ``regions`` are areas
    to pixelate, with relative ``x``, ``y``, ``w``, ``h`` of the oriented photo.
    ``formats`` defaults to every supported format (see ``supported_photo_formats``).
    Widths are never upscaled: widths above the photo's width collapse into a single
    rendition at the photo's own width. The result is ordered by width, then format.
    """
    formats = tuple(formats) if formats is not None else supported_photo_formats()
    for fmt in formats:
        if fmt not in _PHOTO_ENCODERS or not features.check(_feature_name(fmt)):
            raise ValueError(f"Unsupported rendition format: {fmt!r}")
    requested = sorted({int(w) for w in widths}, reverse=True)
    if not requested or requested[-1] < 1:
        raise ValueError("widths must be positive integers")

    with _binary_file(f) as fp:
        sniffed = _sniff(_read_head(fp))
        if sniffed is None or sniffed.kind != "photo":
            raise ValidationError(_MSG_NOT_A_PHOTO, code="unsupported_type")
        with _decompression_bomb_guard():
            img = _open_photo(fp, sniffed, max_pixels=max_pixels)
            try:
                orientation = _orientation(img)
                turned = orientation in (5, 6, 7, 8)
                width, height = (img.height, img.width) if turned else img.size
                sizes = _rendition_sizes(width, height, requested)
                largest = sizes[0][::-1] if turned else sizes[0]  # as stored
                if sniffed.decoder == "JPEG":
                    # libjpeg can decode at 1/2, 1/4 or 1/8 scale; Pillow picks the
                    # smallest that is still at least as large as the largest rendition.
                    img.draft("RGB", largest)
                _load_photo(img, max_pixels=max_pixels)
                icc = img.info.get("icc_profile")
                pixels = _without_alpha(img)
            finally:
                _release(img)

    # Shrink first (while still as stored), so that turning upright, colour conversion
    # and redaction only touch as many pixels as the largest rendition has.
    if pixels.size != largest:
        pixels = pixels.resize(largest, _FIRST_RESAMPLING, reducing_gap=3.0)
    if orientation in _ORIENTATION_TRANSPOSE:
        pixels = pixels.transpose(_ORIENTATION_TRANSPOSE[orientation])
    if icc:
        pixels = _to_srgb(pixels, icc)
    current = _fresh_rgb_copy(pixels)
    del pixels

    if regions:
        from .redaction import pixelate

        current = pixelate(current, regions)

    renditions: list[Rendition] = []
    for size in sizes:  # largest first: each one is resized from the one before
        if current.size != size:
            current = current.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        for fmt in formats:
            renditions.append(_encode(current, fmt))
    return sorted(renditions, key=lambda r: (r.width, formats.index(r.format)))


# The first, largest reduction (e.g. 12 MP to 1600 wide when the JPEG cannot be decoded
# at a reduced scale) uses bicubic: about 30 % cheaper than Lanczos and, for a factor
# below 3, not visibly different. Smaller renditions are derived with Lanczos.
_FIRST_RESAMPLING = Image.Resampling.BICUBIC

# EXIF orientation -> the transposition that turns the stored pixels upright
# (the same table as PIL.ImageOps.exif_transpose).
_ORIENTATION_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _rendition_sizes(width: int, height: int, requested: list[int]) -> list[tuple[int, int]]:
    """Distinct (width, height) sizes, largest first; never wider than the photo."""
    sizes: list[tuple[int, int]] = []
    for target in requested:
        w = min(target, width)
        size = (w, max(1, round(height * w / width)))
        if size not in sizes:
            sizes.append(size)
    return sizes


def _encode(img: Image.Image, fmt: str) -> Rendition:
    pillow_format, content_type, options = _PHOTO_ENCODERS[fmt]
    buffer = io.BytesIO()
    # Only encoder options are passed: never exif=, xmp=, icc_profile= or comment=.
    img.save(buffer, pillow_format, **options)
    return Rendition(img.width, img.height, fmt, content_type, buffer.getvalue())


_ALPHA_MODES = {"RGBA", "RGBa", "LA", "La", "PA"}


def _without_alpha(img: Image.Image) -> Image.Image:
    """The pixels as RGB, L or CMYK (what colour conversion understands), with any
    transparency flattened onto white and 16-bit greyscale scaled to 8 bits."""
    if img.mode == "P" and "transparency" in img.info:
        img = img.convert("RGBA")
    if img.mode in _ALPHA_MODES:
        rgba = img.convert("RGBA")
        flat = Image.new("RGB", img.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if img.mode.startswith("I;16") or img.mode in ("I", "F"):
        return img.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if img.mode not in ("RGB", "L", "CMYK"):
        return img.convert("RGB")
    return img


def _fresh_rgb_copy(img: Image.Image) -> Image.Image:
    """Only pixel data goes into a newly created image: no EXIF, GPS, XMP, comment,
    ICC profile or anything else in ``info`` can reach an encoder from here on."""
    fresh = Image.new("RGB", img.size)
    fresh.paste(img if img.mode == "RGB" else img.convert("RGB"))
    return fresh


@cache
def _srgb_profile() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(img: Image.Image, icc: bytes) -> Image.Image:
    """Convert pixels from an embedded ICC profile to sRGB (an unusable profile is
    ignored, and the pixels are taken as sRGB)."""
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "srgb" in (ImageCms.getProfileDescription(profile) or "").lower():
            return img
        return ImageCms.profileToProfile(
            img,
            profile,
            _srgb_profile(),
            renderingIntent=ImageCms.Intent.PERCEPTUAL,
            outputMode="RGB",
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return img


# --- Metadata check (tests and diagnostics) -----------------------------------------


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


# --- Video rendition -----------------------------------------------------------------


@cache
def _h264_encoder() -> str:
    """The H.264 encoder this FFmpeg build carries. PyAV's wheels include libx264."""
    for name in ("libx264", "libopenh264", "h264"):
        try:
            av.codec.Codec(name, "w")
        except av.codec.codec.UnknownCodecError:
            continue
        return name
    raise RuntimeError("This FFmpeg build has no H.264 encoder.")


_H264_OPTIONS = {
    "libx264": {"preset": "veryfast", "crf": "23"},
    "libopenh264": {"allow_skip_frames": "0"},
}


def video_rendition(
    src_path,
    dst_path,
    *,
    max_height: int = 720,
    frame_filter: Callable[[np.ndarray], np.ndarray] | None = None,
    max_seconds: float = VIDEO_MAX_SECONDS,
    max_fps: int = VIDEO_MAX_FPS,
) -> VideoInfo:
    """Transcode a video into a public H.264/AAC MP4 and make a JPEG poster.

    "At most 720p" means the short side is at most ``max_height`` and the long side at
    most 16/9 of it (1280 × 720 landscape, 720 × 1280 portrait); the video is never
    upscaled and both sides are even. Rotation metadata is applied to the pixels.
    Nothing from the source's metadata is copied: container and stream tags
    (location, creation time, make, model, ...) are all dropped, and the muxer runs
    in bit-exact mode so it does not even add its own "encoder" tag. Only one video
    and one audio track are kept: timed-metadata tracks (such as the location track
    phones may add), subtitles and chapters are left out. Frames above
    ``max_fps`` are dropped. Without an audio track in the source there is none in
    the output.

    ``frame_filter`` is called with each frame as an RGB ``uint8`` array (height,
    width, 3), already upright and scaled, and must return an array of the same shape.
    The poster (the frame at about 1 s, or the first one) is taken after the filter.

    Raises ValidationError if the source cannot be decoded. If anything fails,
    ``dst_path`` is removed.
    """
    dst_path = os.fspath(dst_path)
    try:
        return _transcode(
            os.fspath(src_path),
            dst_path,
            max_height=max_height,
            frame_filter=frame_filter,
            max_seconds=max_seconds,
            max_fps=max_fps,
        )
    except BaseException:
        try:
            os.remove(dst_path)
        except FileNotFoundError:
            pass
        raise


def _output_size(width: int, height: int, max_height: int) -> tuple[int, int]:
    """Fit (width, height) into the "720p" box for its orientation, keeping the aspect
    ratio, never upscaling, with even sides."""
    short_limit = max_height
    long_limit = round(max_height * 16 / 9)
    scale = min(1.0, short_limit / min(width, height), long_limit / max(width, height))
    return (
        max(2, int(width * scale) // 2 * 2),
        max(2, int(height * scale) // 2 * 2),
    )


def _transcode(src_path, dst_path, *, max_height, frame_filter, max_seconds, max_fps):
    with open(src_path, "rb") as f:
        sniffed = _sniff(f.read(_SNIFF_BYTES))
    if sniffed is None or sniffed.kind != "video":
        raise ValidationError(_MSG_NOT_A_VIDEO, code="unsupported_type")

    try:
        first = _first_frame(src_path, sniffed.decoder)
        with _open_container(src_path, sniffed.decoder) as source:
            vin = _video_stream(source)
            vin.thread_type = "AUTO"
            ain = _audio_stream(source)
            quarter_turns = _quarter_turns(first.rotation)
            upright = (first.height, first.width) if quarter_turns % 2 else first.size
            out_w, out_h = _output_size(*upright, max_height)
            # Decoded frames are scaled to this size, then turned upright.
            scaled = (out_h, out_w) if quarter_turns % 2 else (out_w, out_h)
            rate = min(Fraction(max_fps), vin.average_rate or Fraction(max_fps))

            with av.open(
                dst_path,
                mode="w",
                format="mp4",
                container_options={"movflags": "+faststart", "fflags": "+bitexact"},
            ) as target:
                encoder = _h264_encoder()
                vout = target.add_stream(encoder, rate=rate, options=_H264_OPTIONS.get(encoder))
                vout.width, vout.height, vout.pix_fmt = out_w, out_h, "yuv420p"
                vout.codec_context.time_base = vin.time_base or Fraction(1, 90000)
                vout.codec_context.gop_size = max(1, round(float(rate) * 2))
                # Colour signalling (not metadata): pixels keep the source's matrix,
                # primaries and transfer, in limited range as H.264 players expect.
                vout.codec_context.colorspace = first.colorspace
                vout.codec_context.color_primaries = first.color_primaries
                vout.codec_context.color_trc = first.color_trc
                vout.codec_context.color_range = _LIMITED_RANGE
                aout = resampler = None
                if ain is not None:
                    aout, resampler = _add_audio_output(target, ain)

                # One time origin for both tracks keeps them in sync.
                origin = source.start_time / av.time_base if source.start_time else 0.0
                video = _VideoPipeline(
                    target, vout, origin, scaled, quarter_turns, frame_filter, max_fps, max_seconds
                )
                audio = _AudioPipeline(target, aout, origin, resampler) if aout else None
                for packet in source.demux([vin] + ([ain] if ain is not None else [])):
                    for frame in packet.decode():
                        if packet.stream is vin:
                            video.add(frame)
                        elif audio is not None:
                            audio.add(frame)
                video.finish()
                if audio is not None:
                    audio.finish()
                if video.poster is None:
                    raise ValidationError(_MSG_VIDEO_BROKEN, code="broken")
                poster = video.poster
    except av.FFmpegError as exc:
        raise ValidationError(_MSG_VIDEO_BROKEN, code="broken") from exc

    with av.open(dst_path, metadata_errors="ignore") as result:
        duration = (result.duration or 0) / av.time_base
    buffer = io.BytesIO()
    poster.save(buffer, "JPEG", **_POSTER_JPEG_OPTIONS)
    return VideoInfo(out_w, out_h, round(duration, 3), buffer.getvalue())


_LIMITED_RANGE = 1  # AVCOL_RANGE_MPEG
_FULL_RANGE = 2  # AVCOL_RANGE_JPEG


@dataclass(frozen=True)
class _FirstFrame:
    width: int
    height: int
    rotation: int  # degrees counter-clockwise
    colorspace: int
    color_primaries: int
    color_trc: int

    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height


def _first_frame(path: str, demuxer: str) -> _FirstFrame:
    """Geometry and colour of the first frame. Its rotation comes from the container's
    display matrix, which FFmpeg attaches to decoded frames."""
    with _open_container(path, demuxer) as container:
        stream = _video_stream(container)
        for frame in container.decode(stream):
            _check_video_size(frame.width, frame.height)
            return _FirstFrame(
                frame.width,
                frame.height,
                frame.rotation or 0,
                frame.colorspace,
                frame.color_primaries,
                frame.color_trc,
            )
    raise ValidationError(_MSG_VIDEO_BROKEN, code="broken")


def _audio_stream(container):
    """The first audio stream FFmpeg can decode, if any (phones may add tracks in
    formats without a decoder; those are left out)."""
    for stream in container.streams.audio:
        try:
            av.codec.Codec(stream.codec_context.name, "r")
        except (av.codec.codec.UnknownCodecError, ValueError):
            continue
        if stream.codec_context.sample_rate:
            return stream
    return None


def _add_audio_output(target, ain):
    rate = min(ain.codec_context.sample_rate, 48000)
    layout = "stereo" if ain.codec_context.channels >= 2 else "mono"
    aout = target.add_stream("aac", rate=rate)
    aout.layout = layout
    aout.bit_rate = 128_000 if layout == "stereo" else 64_000
    resampler = av.AudioResampler(
        format="fltp", layout=layout, rate=rate, frame_size=aout.codec_context.frame_size or 1024
    )
    return aout, resampler


class _VideoPipeline:
    """Scales, turns upright, filters, encodes and muxes decoded video frames, and keeps
    the poster: the first frame at or after 1 s, or else the first frame.

    Without a frame filter, frames stay in YUV: a frame that already has the output
    size and format is encoded as decoded, and rotation turns the three YUV planes.
    A frame filter needs RGB, so only then are frames converted to RGB and back.
    """

    POSTER_TIME = 1.0

    def __init__(
        self, target, vout, origin, scaled, quarter_turns, frame_filter, max_fps, max_seconds
    ):
        self.target = target
        self.vout = vout
        self.origin = origin
        self.scaled = scaled
        self.quarter_turns = quarter_turns
        self.frame_filter = frame_filter
        self.min_interval = 0.99 / max_fps  # tolerate timestamp jitter
        self.max_seconds = max_seconds
        self.time_base = vout.codec_context.time_base
        self.colorspace = vout.codec_context.colorspace
        self.last_time: float | None = None
        self.last_pts = -1
        self.poster: Image.Image | None = None
        self.poster_is_final = False

    def add(self, frame) -> None:
        if frame.time is not None:
            t = frame.time - self.origin
        else:  # no timestamp: assume the nominal frame rate
            t = (self.last_time or 0.0) + 1 / float(self.vout.codec_context.framerate or 30)
        if t < 0 or (self.last_time is not None and t - self.last_time < self.min_interval):
            return  # before the start, a duplicate timestamp, or above max_fps
        pts = round(t / self.time_base)
        if pts <= self.last_pts:
            return
        _check_duration(t, self.max_seconds)
        self.last_time, self.last_pts = t, pts

        out = self._convert(frame)
        out.pts = pts
        out.time_base = self.time_base
        if self.poster is None or (not self.poster_is_final and t >= self.POSTER_TIME):
            self.poster = out.to_image()
            self.poster_is_final = t >= self.POSTER_TIME
        self.target.mux(self.vout.encode(out))

    def _convert(self, frame):
        width, height = self.scaled
        if (frame.width, frame.height) != (width, height) or frame.format.name != "yuv420p":
            frame = frame.reformat(
                width=width,
                height=height,
                format="yuv420p",
                src_color_range=frame.color_range or _LIMITED_RANGE,
                dst_color_range=_LIMITED_RANGE,
                interpolation="AREA",
            )
        if self.frame_filter is None:
            return _rotate_yuv420p(frame, self.quarter_turns) if self.quarter_turns else frame

        rgb = frame.to_ndarray(
            format="rgb24", src_color_range=_LIMITED_RANGE, dst_color_range=_FULL_RANGE
        )
        if self.quarter_turns:
            rgb = np.rot90(rgb, self.quarter_turns)
        filtered = self.frame_filter(np.ascontiguousarray(rgb))
        if filtered.shape != rgb.shape or filtered.dtype != np.uint8:
            raise ValueError("frame_filter must return a uint8 array of the same shape")
        out = av.VideoFrame.from_ndarray(np.ascontiguousarray(filtered), format="rgb24")
        return out.reformat(
            format="yuv420p",
            src_color_range=_FULL_RANGE,
            dst_color_range=_LIMITED_RANGE,
            # RGB -> YUV with the same matrix the frame was decoded with.
            dst_colorspace=frame.colorspace if frame.colorspace in _MATRICES else None,
        )

    def finish(self) -> None:
        self.target.mux(self.vout.encode(None))


# Matrices swscale knows (AVCOL_SPC_*): BT.709, FCC, BT.470BG, SMPTE 170M, 240M, BT.2020.
_MATRICES = {1, 4, 5, 6, 7, 9}


def _rotate_yuv420p(frame, quarter_turns: int):
    """Turn a yuv420p frame by quarter turns counter-clockwise, plane by plane."""
    w, h = frame.width, frame.height
    planes = frame.to_ndarray()  # Y, then U, then V, as (h * 3 / 2, w) rows
    y = planes[:h]
    u = planes[h : h + h // 4].reshape(h // 2, w // 2)
    v = planes[h + h // 4 :].reshape(h // 2, w // 2)
    turned = [np.rot90(plane, quarter_turns).ravel() for plane in (y, u, v)]
    new_w, new_h = (h, w) if quarter_turns % 2 else (w, h)
    out = av.VideoFrame.from_ndarray(
        np.concatenate(turned).reshape(new_h * 3 // 2, new_w), format="yuv420p"
    )
    out.colorspace, out.color_range = frame.colorspace, frame.color_range
    return out


class _AudioPipeline:
    """Resamples decoded audio to AAC's sample format and frame size, encodes and
    muxes it; timestamps count samples from the shared time origin."""

    def __init__(self, target, aout, origin, resampler):
        self.target = target
        self.aout = aout
        self.origin = origin
        self.resampler = resampler
        self.rate = aout.codec_context.sample_rate
        self.next_pts: int | None = None

    def add(self, frame) -> None:
        if self.next_pts is None:
            start = (frame.time - self.origin) if frame.time is not None else 0.0
            self.next_pts = max(0, round(start * self.rate))
        for resampled in self.resampler.resample(frame):
            self._encode(resampled)

    def _encode(self, frame) -> None:
        frame.pts = self.next_pts
        frame.time_base = Fraction(1, self.rate)
        self.next_pts += frame.samples
        self.target.mux(self.aout.encode(frame))

    def finish(self) -> None:
        if self.next_pts is not None:
            for resampled in self.resampler.resample(None):
                self._encode(resampled)
        self.target.mux(self.aout.encode(None))
