"""Redaction of photos and video frames: marking regions and pixelating them irreversibly.

Officers mark faces, licence plates and screens of bystanders on the (EXIF-oriented)
photo, helped by offline detector suggestions. Public renditions are then made from the
private original with every marked region pixelated by :func:`pixelate`.

All regions are stored in coordinates relative to the EXIF-oriented image (0..1), so they
stay valid for every rendition size. Callers must apply ``ImageOps.exif_transpose`` before
calling :func:`pixelate` or a detector.

OpenCV is imported lazily: parsing and pixelating regions does not need it.
"""

from __future__ import annotations

import json
import math
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFilter

KINDS = ("face", "plate", "text", "manual")
MAX_REGIONS = 30
# A region may overshoot the image edge by this much (relative); it is clipped. A region
# overshooting more was not drawn on this image, so it is refused rather than "repaired".
EDGE_TOLERANCE = 0.01
MAX_RAW_LENGTH = 20_000  # characters of posted JSON; 30 regions need about 2,500

# pixelate(): each region is padded by REGION_PADDING of its size on every side, split into
# at most MAX_BLOCKS blocks along its longer side (never smaller than MIN_BLOCK_PX pixels),
# blurred before averaging, and every block gets random noise of up to +-BLOCK_NOISE levels.
REGION_PADDING = 0.10
MAX_BLOCKS = 8
MIN_BLOCK_PX = 12
BLOCK_NOISE = 12

DEFAULT_DETECTOR = "portal.media.faces.CenterFaceDetector"


@dataclass(frozen=True)
class Region:
    """A rectangle relative to the (EXIF-oriented) image: floats 0..1."""

    x: float
    y: float
    w: float
    h: float
    kind: str = "manual"

    def to_pixels(self, width: int, height: int) -> tuple[int, int, int, int]:
        """(left, top, right, bottom) in pixels, rounded outwards and clamped to the image."""
        eps = 1e-6  # 0.1 * 1000 is 100.00000000000001; don't grow a region by a pixel for that
        left = min(max(math.floor(self.x * width + eps), 0), width)
        top = min(max(math.floor(self.y * height + eps), 0), height)
        right = min(max(math.ceil((self.x + self.w) * width - eps), left), width)
        bottom = min(max(math.ceil((self.y + self.h) * height - eps), top), height)
        return left, top, right, bottom

    def grown(
        self,
        left: float,
        top: float | None = None,
        right: float | None = None,
        bottom: float | None = None,
    ) -> Region:
        """This region enlarged by fractions of its own size on each side, clipped to 0..1.

        ``grown(0.1)`` adds 10 % on every side; ``grown(0.1, 0.1, 0.1, 0.2)`` more at the bottom.
        """
        top = left if top is None else top
        right = left if right is None else right
        bottom = top if bottom is None else bottom
        x0 = max(0.0, self.x - self.w * left)
        y0 = max(0.0, self.y - self.h * top)
        x1 = min(1.0, self.x + self.w * (1 + right))
        y1 = min(1.0, self.y + self.h * (1 + bottom))
        return replace(self, x=x0, y=y0, w=x1 - x0, h=y1 - y0)

    def padded(self, padding: float = REGION_PADDING) -> Region:
        """The area :func:`pixelate` actually changes for this region."""
        return self.grown(padding)


def _invalid(message, code, **params):
    return ValidationError(message, code=code, params=params or None)


def parse_regions(raw: str | bytes | list, *, max_regions: int = MAX_REGIONS) -> list[Region]:
    """Regions from the marking widget's JSON (a list of {"x", "y", "w", "h", "kind"?}).

    Accepts the JSON text or the already decoded list; an empty string means no regions.
    Raises ValidationError (with a code) instead of silently repairing anything except an
    overshoot of the image edge by less than EDGE_TOLERANCE, which is clipped.
    """
    if isinstance(raw, bytes | bytearray):
        raw = raw.decode("utf-8", errors="replace")
    if isinstance(raw, str):
        if not raw.strip():
            return []
        if len(raw) > MAX_RAW_LENGTH:
            raise _invalid(_("The marked areas could not be read (too much data)."), "too_long")
        try:
            # parse_constant rejects NaN, Infinity and -Infinity, which json accepts by default.
            data = json.loads(raw, parse_constant=_reject_constant)
        except (ValueError, RecursionError):
            raise _invalid(
                _("The marked areas could not be read (invalid data)."), "invalid_json"
            ) from None
    else:
        data = raw
    if not isinstance(data, list | tuple):
        raise _invalid(_("The marked areas could not be read (not a list)."), "not_a_list")
    if len(data) > max_regions:
        raise _invalid(
            _("Too many marked areas: at most %(max)d are possible, %(count)d were sent."),
            "too_many",
            max=max_regions,
            count=len(data),
        )
    return [_parse_region(item, number) for number, item in enumerate(data, start=1)]


def _reject_constant(name):
    raise ValueError(f"{name} is not allowed")


def _parse_region(item, number: int) -> Region:
    if not isinstance(item, dict):
        raise _invalid(
            _("Marked area %(number)d could not be read."), "not_an_object", number=number
        )
    values = {}
    for key in ("x", "y", "w", "h"):
        value = item.get(key)
        # bool is an int subclass; true/false are not coordinates.
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise _invalid(
                _("Marked area %(number)d has an invalid position or size."),
                "not_a_number",
                number=number,
            )
        values[key] = float(value)
    kind = item.get("kind", "manual")
    if kind not in KINDS:
        raise _invalid(
            _("Marked area %(number)d has an unknown type."), "invalid_kind", number=number
        )
    x, y, w, h = values["x"], values["y"], values["w"], values["h"]
    if w <= 0 or h <= 0:
        raise _invalid(_("Marked area %(number)d has no size."), "invalid_size", number=number)
    tol = EDGE_TOLERANCE
    if x < -tol or y < -tol or x >= 1 or y >= 1 or x + w > 1 + tol or y + h > 1 + tol:
        raise _invalid(
            _("Marked area %(number)d lies outside the photo."), "outside", number=number
        )
    # Clip the tolerated overshoot (only then: keep the values exact otherwise).
    if x < 0:
        x, w = 0.0, w + x
    if y < 0:
        y, h = 0.0, h + y
    if x + w > 1:
        w = 1.0 - x
    if y + h > 1:
        h = 1.0 - y
    if w <= 0 or h <= 0:
        raise _invalid(
            _("Marked area %(number)d lies outside the photo."), "outside", number=number
        )
    return Region(x=x, y=y, w=w, h=h, kind=kind)


def regions_to_json(regions: Iterable[Region]) -> list[dict]:
    """JSON-ready dicts (4 decimals, like the widget writes them); inverse of parse_regions."""
    return [
        {
            "x": round(r.x, 4),
            "y": round(r.y, 4),
            "w": round(r.w, 4),
            "h": round(r.h, 4),
            "kind": r.kind,
        }
        for r in regions
    ]


# --- pixelation ------------------------------------------------------------------------

_DIRECT_MODES = {"L": 1, "LA": 1, "RGB": 3, "RGBA": 3}  # mode -> number of colour bands


def pixelate(
    image: Image.Image,
    regions: Iterable[Region],
    *,
    padding: float = REGION_PADDING,
    rng: np.random.Generator | None = None,
) -> Image.Image:
    """A new image with every region (padded) replaced by coarse, blurred, noisy blocks.

    Irreversible: the area is low-pass filtered, averaged into at most MAX_BLOCKS blocks along
    its longer side (blocks of at least MIN_BLOCK_PX px), and each block value gets random
    noise, so neither de-pixelation nor matching candidate content block by block recovers it.
    Pixels outside the padded regions are left byte-identical. The input is not changed.
    Images in modes other than L, LA, RGB and RGBA are converted to RGB(A) first.
    """
    if image.mode in _DIRECT_MODES:
        out = image.copy()
    else:
        has_alpha = "A" in image.getbands() or "transparency" in image.info
        out = image.convert("RGBA" if has_alpha else "RGB")
    rng = rng if rng is not None else np.random.default_rng()  # seeded from OS entropy
    for region in regions:
        box = region.padded(padding).to_pixels(*out.size)
        if box[2] > box[0] and box[3] > box[1]:
            out.paste(_pixelate_patch(out.crop(box), rng), box[:2])
    return out


def pixelate_array(
    frame: np.ndarray,
    regions: Iterable[Region],
    *,
    padding: float = REGION_PADDING,
    rng: np.random.Generator | None = None,
) -> np.ndarray:
    """:func:`pixelate` for a uint8 numpy frame (H x W grey, H x W x 3 RGB, H x W x 4 RGBA).

    Returns a new array. Faster for video: only the regions pass through Pillow.
    """
    if frame.dtype != np.uint8 or not (frame.ndim == 2 or frame.shape[-1] in (2, 3, 4)):
        raise ValueError("frames must be uint8 arrays of shape (H, W) or (H, W, 2..4)")
    out = frame.copy()
    height, width = frame.shape[:2]
    rng = rng if rng is not None else np.random.default_rng()
    for region in regions:
        left, top, right, bottom = region.padded(padding).to_pixels(width, height)
        if right > left and bottom > top:
            patch = Image.fromarray(np.ascontiguousarray(out[top:bottom, left:right]))
            out[top:bottom, left:right] = np.asarray(_pixelate_patch(patch, rng))
    return out


def _pixelate_patch(patch: Image.Image, rng: np.random.Generator) -> Image.Image:
    """The whole patch (an L, LA, RGB or RGBA image) as blurred, averaged, noisy blocks."""
    w, h = patch.size
    block = max(MIN_BLOCK_PX, math.ceil(max(w, h) / MAX_BLOCKS))
    cols, rows = math.ceil(w / block), math.ceil(h / block)
    patch = patch.filter(ImageFilter.GaussianBlur(block / 2))
    small = np.array(patch.resize((cols, rows), Image.Resampling.BOX), dtype=np.int16)
    if small.ndim == 2:
        small = small[:, :, np.newaxis]
    colour_bands = _DIRECT_MODES[patch.mode]  # noise on colour only, not on transparency
    noise = rng.integers(-BLOCK_NOISE, BLOCK_NOISE + 1, size=(rows, cols, colour_bands))
    small[:, :, :colour_bands] += noise.astype(np.int16)
    small = np.clip(small, 0, 255).astype(np.uint8)
    blocks = Image.fromarray(small[:, :, 0] if small.shape[2] == 1 else small)
    blocks = blocks.resize((cols * block, rows * block), Image.Resampling.NEAREST)
    return blocks.crop((0, 0, w, h))


# --- detection --------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    region: Region
    score: float  # 0..1, for ordering; not a calibrated probability


class Detector(Protocol):
    """Anything with ``detect``; settings.REDACTION_DETECTOR names the class to use.

    A detector may also offer ``for_video() -> Detector``, a cheaper variant that
    :func:`face_blur_filter` then uses for video frames.
    """

    def detect(self, image: Image.Image) -> list[Suggestion]: ...


_CASCADE_FILES = {
    "frontal": "haarcascade_frontalface_alt2.xml",
    "profile": "haarcascade_profileface.xml",
    "plate": "haarcascade_russian_plate_number.xml",
}
# cv2.CascadeClassifier keeps per-image state while detecting, so one instance must not be
# used by two threads at once: each thread loads its own (lazily, once).
_cascades = threading.local()


def _cascade(name: str):
    import cv2  # only where a detector runs: parsing and pixelating need no OpenCV

    loaded = getattr(_cascades, "loaded", None)
    if loaded is None:
        loaded = _cascades.loaded = {}
    classifier = loaded.get(name)
    if classifier is None:
        path = os.path.join(cv2.data.haarcascades, _CASCADE_FILES[name])
        classifier = cv2.CascadeClassifier(path)
        if classifier.empty():
            raise ImproperlyConfigured(f"OpenCV cascade {path} could not be loaded.")
        loaded[name] = classifier
    return classifier


def _overlaps(a, b) -> bool:
    """Boxes (x0, y0, x1, y1) overlap enough to be the same object."""
    iw = min(a[2], b[2]) - max(a[0], b[0])
    ih = min(a[3], b[3]) - max(a[1], b[1])
    if iw <= 0 or ih <= 0:
        return False
    inter = iw * ih
    area_a = (a[2] - a[0]) * (a[3] - a[1])
    area_b = (b[2] - b[0]) * (b[3] - b[1])
    return inter / (area_a + area_b - inter) > 0.3 or inter / min(area_a, area_b) > 0.6


def merge_boxes(boxes: list[tuple[tuple[float, float, float, float], float]]):
    """Non-max suppression that keeps coverage: overlapping boxes become their union.

    ``boxes`` are ((x0, y0, x1, y1), score); returns the same, best score first. For
    redaction a union is safer than dropping the weaker box.
    """
    kept: list[list] = []
    for box, score in sorted(boxes, key=lambda item: -item[1]):
        for entry in kept:
            if _overlaps(entry[0], box):
                k = entry[0]
                entry[0] = (
                    min(k[0], box[0]),
                    min(k[1], box[1]),
                    max(k[2], box[2]),
                    max(k[3], box[3]),
                )
                break
        else:
            kept.append([box, score])
    return [(tuple(box), score) for box, score in kept]


class HaarDetector:
    """Offline face and licence-plate suggestions with the Haar cascades OpenCV ships.

    Faces: frontal cascade plus the profile cascade on the image and on its mirror image
    (the cascade only knows one profile). Plates: the "Russian plate number" cascade, the
    only one shipped; it finds EU plates tolerably. Detection runs on a grayscale copy whose
    longest side is at most ``max_side`` px, so faces smaller than about 2-3 % of the image's
    longest side are not found. Suggestions help; they never replace looking at the photo.
    """

    # Tuned on scikit-image's sample photos: the alt2 frontal cascade on a globally equalised
    # image found every test face (dark, mirrored, tilted, tiled, 12 MP) with no false
    # positives, while the "default" cascade fired on coins, retina and moon pictures.

    def __init__(
        self,
        *,
        max_side: int = 1024,
        faces: bool = True,
        plates: bool = True,
        profiles: bool = True,
        scale_factor: float = 1.1,
    ):
        self.max_side = max_side
        self.faces = faces
        self.plates = plates
        self.profiles = profiles
        self.scale_factor = scale_factor

    def for_video(self) -> HaarDetector:
        """A faster variant for video frames (smaller working size, faces only)."""
        return HaarDetector(
            max_side=min(self.max_side, 640),
            faces=True,
            plates=False,
            profiles=self.profiles,
            scale_factor=self.scale_factor,
        )

    def detect(self, image: Image.Image) -> list[Suggestion]:
        import cv2  # only where a detector runs: parsing and pixelating need no OpenCV

        gray = image.convert("L")
        width, height = gray.size
        if width < 1 or height < 1:
            return []
        scale = min(1.0, self.max_side / max(width, height))
        if scale < 1.0:
            size = (max(1, round(width * scale)), max(1, round(height * scale)))
            gray = gray.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
        pixels = cv2.equalizeHist(np.asarray(gray))
        sw, sh = gray.size

        found: dict[str, list] = {"face": [], "plate": []}
        if self.faces:
            found["face"] += self._run("frontal", pixels, 4, (20, 20))
            if self.profiles:
                found["face"] += self._run("profile", pixels, 5, (20, 20))
                mirrored = [
                    ((sw - x1, y0, sw - x0, y1), score)
                    for (x0, y0, x1, y1), score in self._run(
                        "profile", np.ascontiguousarray(pixels[:, ::-1]), 5, (20, 20)
                    )
                ]
                found["face"] += mirrored
        if self.plates:
            found["plate"] += [
                (box, score)
                for box, score in self._run("plate", pixels, 6, (36, 12))
                if 1.8 <= (box[2] - box[0]) / (box[3] - box[1]) <= 6.5
            ]

        suggestions = []
        for kind, boxes in found.items():
            for (x0, y0, x1, y1), score in merge_boxes(boxes):
                region = Region(x=x0 / sw, y=y0 / sh, w=(x1 - x0) / sw, h=(y1 - y0) / sh, kind=kind)
                # Haar boxes are tight: faces lose forehead and chin, plates their frame.
                region = region.grown(0.1, 0.1, 0.1, 0.2) if kind == "face" else region.grown(0.05)
                suggestions.append(Suggestion(region=region, score=score))
        suggestions.sort(key=lambda s: -s.score)
        return suggestions

    def _run(self, name, pixels, min_neighbors, min_size):
        rects, neighbours = _cascade(name).detectMultiScale2(
            pixels,
            scaleFactor=self.scale_factor,
            minNeighbors=min_neighbors,
            minSize=min_size,
        )
        return [
            ((int(x), int(y), int(x + w), int(y + h)), round(int(n) / (int(n) + 10), 3))
            for (x, y, w, h), n in zip(rects, neighbours, strict=True)
        ]


def get_detector() -> Detector:
    """The detector named by settings.REDACTION_DETECTOR (dotted path to a class)."""
    path = DEFAULT_DETECTOR
    if settings.configured:
        path = getattr(settings, "REDACTION_DETECTOR", DEFAULT_DETECTOR)
    return import_string(path)()


# A scene cut: the mean difference of two successive frames' 32 x 18 thumbnails (0..255)
# above this. Panning and walking stay far below it (2 to 10); a cut is 30 to 100.
CUT_THRESHOLD = 28.0


def face_blur_filter(
    detector: Detector | None = None,
    *,
    every_n_frames: int = 10,
    grow: float = 0.15,
    kinds: Iterable[str] = ("face",),
    cut_threshold: float = CUT_THRESHOLD,
) -> FaceBlurFilter:
    """A frame filter for one video that pixelates every face it finds (see FaceBlurFilter).

    Without a ``detector``, :func:`get_detector`'s is used (its ``for_video()`` variant if
    it has one). Use one filter per video and per thread.
    """
    if every_n_frames < 1:
        raise ValueError("every_n_frames must be at least 1")
    if detector is None:
        detector = get_detector()
        # Detectors may offer a faster variant for video frames (optional, duck-typed).
        for_video = getattr(detector, "for_video", None)
        if callable(for_video):
            detector = for_video()
    return FaceBlurFilter(detector, every_n_frames, grow, frozenset(kinds), cut_threshold)


class FaceBlurFilter:
    """Detects on key frames and covers every frame between them, looking ahead.

    Key frames: every ``every_n_frames``-th frame, the first frame of every scene and the
    last frame before a scene cut, and the last frame of the video. The frames between
    two key frames are held back until the second one is detected, then each gets:
    - for a face found on both key frames, its box moved in proportion from the first
      position to the second (linear interpolation);
    - a face found only on the first key frame, its box from there (it left, or the
      detector missed it once: the second key frame keeps it too, so one miss is covered);
    - a face found only on the second, its box from there (it came in, or was missed).
    Boxes are enlarged by ``grow`` of their size on every side, and pixelate() pads them
    by REGION_PADDING on top. A face shown for fewer than ``every_n_frames`` frames in a
    scene of its own is found on that scene's first and last frames.

    ``push(frame)`` takes an RGB uint8 frame and returns the frames now done (none, or all
    held ones up to a key frame), in order; ``flush()`` returns the rest at the end.
    Frames without any box come back unchanged (the same object). Calling the filter
    with one frame pushes it and flushes (for a single picture).
    """

    def __init__(
        self, detector: Detector, every_n_frames: int, grow: float, kinds: frozenset[str],
        cut_threshold: float = CUT_THRESHOLD,
    ):
        self.detector = detector
        self.every_n_frames = every_n_frames
        self.grow = grow
        self.kinds = kinds
        self.cut_threshold = cut_threshold
        self.key: list[Region] | None = None  # boxes of the last key frame of this scene
        self.held: list[np.ndarray] = []
        self.thumb: np.ndarray | None = None
        self.detections = 0

    def __call__(self, frame: np.ndarray) -> np.ndarray:
        (out,) = self.push(frame) + self.flush()
        return out

    def push(self, frame: np.ndarray) -> list[np.ndarray]:
        out = []
        if self._is_cut(frame):
            if self.held:
                out += self._key_frame()  # the last frame of the old scene
            self.key = None
        self.held.append(frame)
        if self.key is None or len(self.held) >= self.every_n_frames:
            out += self._key_frame()
        return out

    def flush(self) -> list[np.ndarray]:
        return self._key_frame() if self.held else []

    def _is_cut(self, frame: np.ndarray) -> bool:
        import cv2  # only where a detector runs: parsing and pixelating need no OpenCV

        thumb = cv2.resize(frame, (32, 18), interpolation=cv2.INTER_AREA).astype(np.float32)
        previous, self.thumb = self.thumb, thumb
        return previous is not None and float(np.mean(np.abs(thumb - previous))) > (
            self.cut_threshold
        )

    def _detect(self, frame: np.ndarray) -> list[Region]:
        self.detections += 1
        return [
            s.region.grown(self.grow)
            for s in self.detector.detect(Image.fromarray(frame))
            if s.region.kind in self.kinds
        ]

    def _key_frame(self) -> list[np.ndarray]:
        frames, self.held = self.held, []
        found = self._detect(frames[-1])
        before = self.key or []
        pairs, gone, new = _match(before, found)
        out = []
        steps = len(frames)
        for number, frame in enumerate(frames[:-1], start=1):
            share = number / steps
            boxes = [_between(a, b, share) for a, b in pairs] + gone + new
            out.append(pixelate_array(frame, boxes) if boxes else frame)
        boxes = found + gone
        out.append(pixelate_array(frames[-1], boxes) if boxes else frames[-1])
        self.key = found
        return out


def _match(before: list[Region], after: list[Region]):
    """(pairs of the same face, faces only before, faces only after): each face before
    takes the nearest one after whose centre is at most three face sizes away (a face
    that crosses a 720p frame in a second moves about that far in ten frames)."""
    pairs, taken = [], set()
    gone = []
    for a in before:
        best, best_distance = None, None
        for index, b in enumerate(after):
            if index in taken:
                continue
            distance = math.hypot(a.x + a.w / 2 - b.x - b.w / 2, a.y + a.h / 2 - b.y - b.h / 2)
            if distance <= 3 * max(a.w, a.h, b.w, b.h) and (
                best_distance is None or distance < best_distance
            ):
                best, best_distance = index, distance
        if best is None:
            gone.append(a)
        else:
            taken.add(best)
            pairs.append((a, after[best]))
    new = [b for index, b in enumerate(after) if index not in taken]
    return pairs, gone, new


def _between(a: Region, b: Region, share: float) -> Region:
    def mix(p, q):
        return p + (q - p) * share

    return replace(a, x=mix(a.x, b.x), y=mix(a.y, b.y), w=mix(a.w, b.w), h=mix(a.h, b.h))
