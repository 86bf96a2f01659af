"""Photos: decoding (with the decompression-bomb guard) and the public renditions.

Renditions carry no metadata at all: no EXIF, GPS, XMP, comments or ICC profile (colours
are converted to sRGB first, which is what browsers assume without one).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ValidationError
from PIL import Image, ImageCms, features

from portal.media.redaction import pixelate

from .limits import (
    _MSG_ANIMATED,
    _MSG_NOT_A_PHOTO,
    _MSG_PHOTO_BROKEN,
    PHOTO_MAX_PIXELS,
    RENDITION_WIDTHS,
    _too_many_pixels,
)
from .sniffing import _binary_file, _read_head, _sniff, _Sniffed

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

_EXIF_ORIENTATION = 0x0112


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    format: str  # "jpeg", "webp" or "avif"
    content_type: str
    data: bytes


# --- Decoding ------------------------------------------------------------------------


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


def _orientation(img: Image.Image) -> int:
    try:
        return int(img.getexif().get(_EXIF_ORIENTATION, 1))
    except Exception:  # a broken EXIF block must not break the upload
        return 1


@cache
def _register_heif() -> None:
    import pillow_heif  # only when a HEIC file is opened: it loads libheif


    pillow_heif.register_heif_opener()


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
