"""Limits on uploads, and the messages that refuse what passes them.

Every limit is the default of a keyword argument of the public functions, so callers (and
tests) can tighten or relax it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image

PHOTO_MAX_BYTES = 25 * 1024 * 1024
PHOTO_MAX_PIXELS = 50_000_000
VIDEO_MAX_BYTES = 200 * 1024 * 1024
VIDEO_MAX_SECONDS = 90
VIDEO_MAX_SIDE = 8192
VIDEO_MAX_FPS = 30
RENDITION_WIDTHS = (480, 960, 1600)
# WebP stores at most 16383 pixels a side: the largest rendition of a very tall, narrow
# photo (1 × 60000) could not be encoded, so such a photo is refused at upload.
RENDITION_MAX_SIDE = 16383


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
_MSG_PHOTO_SHAPE = _(
    "This photo is too tall for its width (%(width)s × %(height)s pixels). Please crop it "
    "and upload it again."
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


def _check_bytes(size: int, limit: int) -> None:
    if size > limit:
        raise ValidationError(
            _MSG_TOO_LARGE,
            code="too_large",
            params={"size": _megabytes(size), "limit": _megabytes(limit)},
        )


def _too_many_pixels(max_pixels: int) -> ValidationError:
    return ValidationError(
        _MSG_TOO_MANY_PIXELS,
        code="too_many_pixels",
        params={"limit": _megapixels(min(max_pixels, Image.MAX_IMAGE_PIXELS or max_pixels))},
    )


def _check_photo_shape(width: int, height: int) -> None:
    """Renditions keep the photo's proportions at up to the largest rendition width."""
    largest_width = min(width, max(RENDITION_WIDTHS))
    if round(height * largest_width / width) > RENDITION_MAX_SIDE:
        raise ValidationError(
            _MSG_PHOTO_SHAPE, code="bad_dimensions", params={"width": width, "height": height}
        )


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
