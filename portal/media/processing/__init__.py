"""Media processing for uploads: inspection, photo renditions and video transcoding.

This package is a pure library: no models, no views and no settings. Every limit is a
keyword argument whose default is one of the constants in ``limits``, so callers (and
tests) can tighten or relax it. Import from the package, not from its modules:

* ``limits``: the limits and the messages that refuse an upload;
* ``sniffing``: which format a file is, from its first bytes;
* ``inspection``: ``inspect_upload``, the check every upload passes;
* ``photos``: photo decoding and ``photo_renditions``;
* ``video``: opening videos and ``video_rendition``;
* ``metadata``: ``strip_check``, which tests use to prove renditions carry no metadata.

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
"""

# Not public API: the benchmarks read PyAV's version through the package, and they and the
# tests ask it for the H.264 encoder in use (``_h264_encoder`` below).
import av as av

from .inspection import UploadInfo, inspect_upload
from .limits import _MSG_UNSUPPORTED as MSG_UNSUPPORTED
from .limits import (
    PHOTO_MAX_BYTES,
    PHOTO_MAX_PIXELS,
    RENDITION_WIDTHS,
    VIDEO_MAX_BYTES,
    VIDEO_MAX_FPS,
    VIDEO_MAX_SECONDS,
    VIDEO_MAX_SIDE,
)
from .metadata import strip_check
from .photos import Rendition, photo_renditions, supported_photo_formats
from .sniffing import SNIFF_BYTES, kind_of_head
from .video import VideoInfo, video_rendition
from .video import _h264_encoder as _h264_encoder

__all__ = [
    "MSG_UNSUPPORTED",
    "SNIFF_BYTES",
    "PHOTO_MAX_BYTES",
    "PHOTO_MAX_PIXELS",
    "RENDITION_WIDTHS",
    "VIDEO_MAX_BYTES",
    "VIDEO_MAX_FPS",
    "VIDEO_MAX_SECONDS",
    "VIDEO_MAX_SIDE",
    "Rendition",
    "UploadInfo",
    "VideoInfo",
    "inspect_upload",
    "kind_of_head",
    "photo_renditions",
    "strip_check",
    "supported_photo_formats",
    "video_rendition",
]
