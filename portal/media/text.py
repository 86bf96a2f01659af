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
import re
import shutil

import cv2
import numpy as np
import pytesseract
from PIL import Image, ImageOps

from portal.media.redaction import Region, Suggestion, merge_boxes

logger = logging.getLogger(__name__)

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

    Two passes: bright, sign-like rectangles (plates, screens, labels), each read on its
    own as a line or a block; and the whole photo at up to PAGE_SIDE px for text on paper
    and screens. Tesseract's page layout alone misses a plate on a dark car: it takes the
    car for a picture.
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
    for box in _sign_candidates(gray):
        crop, factor = _crop(gray, box)
        words = _read(crop, psm=6)  # a block: one line (a plate) or a few (a label)
        words = [(w, c, _back(b, box, factor)) for w, c, b in words]
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


def _sign_candidates(gray: Image.Image):
    """Boxes (x0, y0, x1, y1) of bright, filled, wider-than-high areas: plates and signs."""
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
        found.append((w * h, (x, y, x + w, y + h)))
    found.sort(reverse=True)
    return [box for _area, box in found[:MAX_CANDIDATES]]


def _crop(gray, box):
    """The box with a margin, scaled so its height is about 64 px (Tesseract's best)."""
    x0, y0, x1, y1 = box
    margin = max(4, (y1 - y0) // 4)
    crop = gray.crop((x0 - margin, y0 - margin, x1 + margin, y1 + margin))
    factor = 64 / max(1, crop.height)
    factor = min(4.0, max(0.5, factor))
    crop = crop.resize((max(1, round(crop.width * factor)), max(1, round(crop.height * factor))),
                       Image.Resampling.BICUBIC)
    return ImageOps.autocontrast(crop, cutoff=1), (factor, x0 - margin, y0 - margin)


def _back(b, box, factor):
    f, left, top = factor
    return (left + b[0] / f, top + b[1] / f, left + b[2] / f, top + b[3] / f)


def _data(image, psm):
    try:
        return pytesseract.image_to_data(
            image, lang="deu", config=f"--oem 1 --psm {psm}", timeout=TIMEOUT,
            output_type=pytesseract.Output.DICT,
        )
    except RuntimeError:  # pytesseract's time-out
        logger.warning("tesseract took more than %s s: text not read", TIMEOUT)
        return {"text": []}


def _read(image, psm):
    return [word for line in _lines(_data(image, psm)) for word in line]


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
