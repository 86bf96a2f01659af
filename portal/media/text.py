"""Licence plates and legible text, found by reading them: Tesseract OCR (Debian's
``tesseract-ocr`` with the German data ``tesseract-ocr-deu``) through pytesseract.

A line of text that reads like a German number plate (``KL-AB 123``, ``KL AB 123E``,
``M-X 4711H``: a district of 1-3 letters, 1-2 letters, 1-4 digits without a leading zero,
an optional E or H) becomes a "plate" suggestion; other text that Tesseract reads with
confidence (a line of two or more words) becomes a "text" suggestion, for screens, files
and addresses. What Tesseract cannot read is not suggested: see the README for what it
misses (small or steeply angled plates above all).
"""

from __future__ import annotations

import logging
import os
import re
import shutil

import cv2
import numpy as np
import pytesseract
from PIL import Image, ImageOps

from portal.media.redaction import Region, Suggestion, merge_boxes

logger = logging.getLogger(__name__)

# Debian's Tesseract is built with OpenMP: its threads wait for work by spinning, which
# cost 0.8 instead of 1.4 s CPU per page pass on this machine with one thread, at about
# the same wall time. Tesseract runs as a child process, which inherits this.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

# Tesseract reads letters from about 10 px high; a plate 100 px wide in a 4032 px photo has
# letters 14 px high. So sign-like areas are looked for in the photo at full size (each is
# then read scaled to 64 px high), and the page pass reads it at PAGE_SIDE.
OCR_SIDE = 4032
MIN_CONFIDENCE = 40  # per word, 0..100 as Tesseract reports it
TEXT_CONFIDENCE = 70  # mean over a line, for "legible text"
TIMEOUT = 60  # seconds for one photo; a photo that takes longer gets no text suggestions

PLATE = re.compile(
    r"(?<![A-ZÄÖÜ0-9])"
    r"([A-ZÄÖÜ]{1,3})[\s\-–·.:,°*]{0,3}([A-Z]{1,2})\s?([1-9][0-9]{0,3})\s?([EH]?)"
    r"(?![A-ZÄÖÜ0-9])"
)
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß0-9]{3,}")


def available() -> bool:
    return shutil.which("tesseract") is not None


def is_plate(text: str) -> bool:
    """Whether the text reads as a German number plate (and nothing else)."""
    match = PLATE.fullmatch(_normalise(text).strip())
    return match is not None and len(match.group(1) + match.group(2)) <= 5


def _normalise(text: str) -> str:
    # Tesseract reads the round seals between district and letters as o, O, 0 or °.
    return re.sub(r"(?<=[A-ZÄÖÜ])\s*[°oO0*]\s*(?=[A-Z]{1,2}\s?[1-9])", " ", text)


def find_text(image: Image.Image, *, max_side: int = OCR_SIDE) -> list[Suggestion]:
    """Plate and text suggestions on an upright photo (none when Tesseract is missing).

    Two passes: bright, sign-like areas with letter-sized marks in them (plates, screens,
    labels), each straightened (a plate seen from the side is a trapezoid) and read on
    its own; and the whole photo at up to PAGE_SIDE px for text on paper and screens.
    Tesseract's page layout alone misses a plate on a dark car: it takes the car for a
    picture.
    """
    if not available():
        logger.warning("tesseract is not installed: no plate or text suggestions")
        return []
    gray = image.convert("L")
    width, height = gray.size
    scale = min(1.0, max_side / max(width, height, 1))
    if scale < 1.0:
        gray = gray.resize((round(width * scale), round(height * scale)),
                           Image.Resampling.BILINEAR, reducing_gap=2.0)
    sw, sh = gray.size
    plates, texts = [], []
    for words in _read_candidates(gray, _sign_candidates(gray)):
        found = _plates_in(words)
        plates += found
        if not found:
            texts += _legible(words)
    page_scale = min(1.0, PAGE_SIDE / max(sw, sh))
    page = gray if page_scale == 1.0 else gray.resize(
        (round(sw * page_scale), round(sh * page_scale)), Image.Resampling.BILINEAR)
    for words in _lines(_data(ImageOps.autocontrast(page, cutoff=1), psm=11)):
        words = [(w, c, tuple(v / page_scale for v in b)) for w, c, b in words]
        plates += _plates_in(words)
        texts += _legible(words)

    suggestions = []
    for kind, boxes, grow in (("plate", plates, (0.25, 0.5, 0.1, 0.5)),
                              ("text", texts, (0.05, 0.3, 0.05, 0.3))):
        for (x0, y0, x1, y1), score in merge_boxes(boxes):
            if kind == "text" and any(_overlap((x0, y0, x1, y1), p) for p, _s in plates):
                continue  # a plate's own text
            region = Region(x=x0 / sw, y=y0 / sh, w=(x1 - x0) / sw, h=(y1 - y0) / sh,
                            kind=kind).grown(*grow)
            suggestions.append(Suggestion(region=region, score=score))
    return suggestions


PAGE_SIDE = 2048
MAX_CANDIDATES = 12
# Each candidate is read twice, its own height scaled to these px (a plate's letters then
# about 30 and 45 px high): Tesseract misreads a plate at one size that it reads at the
# other (16 of 24 plates with one read at 64 px, 19 with both). A plate is one line:
# read as a block (--psm 6) Tesseract found nothing on some that it reads as a line (7).
READS = ((44, 6), (64, 7))  # (px high, Tesseract page segmentation mode)
MAX_LINE_WIDTH = 1600
LETTERS = 32  # px high: the letters of a candidate with several lines are scaled to this
MAX_PIECE_SIDE = 2400


def _sign_candidates(gray: Image.Image):
    """Quadrilaterals (4 x (x, y): top left, top right, bottom right, bottom left) of
    bright, filled, wider-than-high areas, plates and signs, the largest first."""
    pixels = np.asarray(gray)
    _t, bright = cv2.threshold(pixels, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    contours, _h = cv2.findContours(bright, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    found = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if w < 40 or h < 10 or not 1.5 <= w / h <= 12 or w * h > pixels.size / 4:
            continue
        if cv2.contourArea(contour) < 0.6 * w * h:
            continue
        found.append((w * h, _quad(contour, (x, y, w, h))))
    found.sort(key=lambda item: -item[0])
    return [quad for _area, quad in found[:MAX_CANDIDATES]]


def _quad(contour, rect):
    """The area's four corners: its outline simplified to four points where it has them
    (a plate seen at an angle is a trapezoid), else its bounding box."""
    x, y, w, h = rect
    outline = cv2.approxPolyDP(contour, 0.04 * cv2.arcLength(contour, True), True)
    if len(outline) == 4 and cv2.isContourConvex(outline):
        points = outline.reshape(4, 2).astype(np.float32)
        by_sum, by_diff = points.sum(axis=1), np.diff(points, axis=1).ravel()
        ordered = np.array([points[by_sum.argmin()], points[by_diff.argmin()],
                            points[by_sum.argmax()], points[by_diff.argmax()]])
        if len({tuple(p) for p in ordered.tolist()}) == 4:
            return ordered
    return np.array([(x, y), (x + w, y), (x + w, y + h), (x, y + h)], dtype=np.float32)


def _straightened(pixels, quad, line_height, max_width=MAX_LINE_WIDTH):
    """The quadrilateral, with a margin of a quarter of its height, warped into an
    upright rectangle ``line_height`` px high (plus the margin); and the homography from
    that rectangle back to the photo."""
    centre = quad.mean(axis=0)
    top, bottom = np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[2] - quad[3])
    left, right = np.linalg.norm(quad[3] - quad[0]), np.linalg.norm(quad[2] - quad[1])
    source_h = max(left, right, 1.0)
    grow = 1 + 2 * max(4, source_h / 4) / source_h
    grown = (centre + (quad - centre) * grow).astype(np.float32)
    out_h = line_height * grow
    out_w = min(max_width, max(top, bottom) / source_h * out_h)
    target = np.array([(0, 0), (out_w, 0), (out_w, out_h), (0, out_h)], dtype=np.float32)
    forward = cv2.getPerspectiveTransform(grown, target)
    size = (max(1, round(out_w)), max(1, round(out_h)))
    warped = cv2.warpPerspective(pixels, forward, size, flags=cv2.INTER_CUBIC,
                                 borderMode=cv2.BORDER_REPLICATE)
    return warped, np.linalg.inv(forward)


def _read_candidates(gray, quads):
    """Lists of (word, confidence, box in the photo) per line read in the candidates.

    Each candidate is straightened and read on its own as a block (one line for a plate,
    a few for a label), once for each of READS; candidates without letter-sized marks
    are not read at all (most bright patches of a street photo: each Tesseract run costs
    about 0.15 s CPU). A candidate whose letters are small for its height (a sheet of
    paper, a screen: several lines) is read once more, scaled so that its letters are
    LETTERS px high. All candidates on one sheet in a single run read fewer plates (11 of
    24): Tesseract's line finding mixes lines of different sizes.
    """
    pixels = np.asarray(gray)
    pieces = []
    for quad in quads:
        for line_height, psm in READS:
            warped, back = _straightened(pixels, quad, line_height)
            contrast = np.asarray(ImageOps.autocontrast(Image.fromarray(warped), cutoff=1))
            if not _has_characters(contrast):
                break  # the same at the other height
            pieces.append((contrast, back, psm))
        height = _quad_height(quad)
        letters = _letter_height(pixels, quad)
        if letters is not None and letters < 0.4 * height:
            scaled = min(LETTERS / letters * height, MAX_PIECE_SIDE / 1.5)
            warped, back = _straightened(pixels, quad, scaled, max_width=MAX_PIECE_SIDE)
            pieces.append((np.asarray(ImageOps.autocontrast(Image.fromarray(warped), cutoff=1)),
                           back, 6))
    lines = []
    for piece, back, psm in pieces:
        for line in _lines(_data(Image.fromarray(piece), psm=psm)):
            lines.append([(word, conf, _in_photo(box, back)) for word, conf, box in line])
    return lines


def _quad_height(quad):
    return max(np.linalg.norm(quad[3] - quad[0]), np.linalg.norm(quad[2] - quad[1]), 1.0)


def _letter_height(pixels, quad):
    """The median height (px in the photo) of the dark marks in the candidate at its own
    size that could be letters (at least 6 px), or None with fewer than three."""
    native, _back = _straightened(pixels, quad, _quad_height(quad), max_width=MAX_PIECE_SIDE)
    piece = np.asarray(ImageOps.autocontrast(Image.fromarray(native), cutoff=1))
    _t, dark = cv2.threshold(piece, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    _count, _labels, stats, _centres = cv2.connectedComponentsWithStats(dark, connectivity=8)
    height, width = piece.shape
    marks = [h for x, y, w, h, area in stats[1:]
             if x > 0 and y > 0 and x + w < width and y + h < height
             and 6 <= h <= 0.9 * height and w <= 1.5 * h and area >= 12]
    return float(np.median(marks)) if len(marks) >= 3 else None


def _has_characters(piece) -> bool:
    """Whether a straightened candidate holds at least three dark, letter-sized marks.

    Bright patches of a background (sky, a lit wall, a blurred lamp) hold none and are
    not given to Tesseract: on the plate frames 6.9 candidates a photo became 1.2.
    """
    _t, dark = cv2.threshold(piece, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    _count, _labels, stats, _centres = cv2.connectedComponentsWithStats(dark, connectivity=8)
    height = piece.shape[0]
    marks = 0
    for x, y, w, h, area in stats[1:]:
        touches = x == 0 or y == 0 or x + w >= piece.shape[1] or y + h >= height
        if not touches and 0.12 * height <= h <= 0.9 * height and w <= 1.5 * h and area >= 12:
            marks += 1
    return marks >= 3


def _in_photo(box, back):
    """A box in a straightened piece as a box in the photo (``back``: its homography)."""
    x0, y0, x1, y1 = box
    corners = np.array([[(x0, y0), (x1, y0), (x1, y1), (x0, y1)]], dtype=np.float32)
    photo = cv2.perspectiveTransform(corners, back)[0]
    return (float(photo[:, 0].min()), float(photo[:, 1].min()),
            float(photo[:, 0].max()), float(photo[:, 1].max()))


def _data(image, psm):
    try:
        return pytesseract.image_to_data(
            image, lang="deu", config=f"--oem 1 --psm {psm}", timeout=TIMEOUT,
            output_type=pytesseract.Output.DICT,
        )
    except RuntimeError:  # pytesseract's time-out
        logger.warning("tesseract took more than %s s: text not read", TIMEOUT)
        return {"text": []}


def _lines(data):
    """Lists of (word, confidence, box) per line that Tesseract read."""
    lines: dict[tuple, list] = {}
    for i, word in enumerate(data["text"]):
        word = (word or "").strip()
        conf = float(data["conf"][i])
        if not word or conf < MIN_CONFIDENCE:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        box = (data["left"][i], data["top"][i], data["left"][i] + data["width"][i],
               data["top"][i] + data["height"][i])
        lines.setdefault(key, []).append((word, conf, box))
    return list(lines.values())


def _legible(words):
    legible = [w for w in words if _WORD.search(w[0])]
    if len(legible) < 2:
        return []
    confidence = sum(w[1] for w in legible) / len(legible)
    if confidence < TEXT_CONFIDENCE:
        return []
    return [(_union([w[2] for w in legible]), round(confidence / 100, 3))]


def _plates_in(words):
    """((box), score) of every plate in one line of (word, confidence, box)."""
    text, spans = "", []
    for word, conf, box in words:
        if text:
            text += " "
        spans.append((len(text), len(text) + len(word), conf, box))
        text += word
    found = []
    for match in PLATE.finditer(text):
        if len(match.group(1) + match.group(2)) > 5:
            continue
        inside = [s for s in spans if s[0] < match.end() and s[1] > match.start()]
        if inside:
            found.append((_union([s[3] for s in inside]),
                          round(min(s[2] for s in inside) / 100, 3)))
    return found


def _union(boxes):
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
