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

from PIL import Image, ImageOps

from posts.redaction import Region, Suggestion, merge_boxes

logger = logging.getLogger(__name__)

# Tesseract reads letters from about 10 px high; a plate 100 px wide in a 4032 px photo has
# letters 14 px high. So it reads the photo at up to OCR_SIDE px (2 px per 3 of a 12 MP
# photo: its letters are then 9-10 px) and no smaller.
OCR_SIDE = 4032
MIN_CONFIDENCE = 40  # per word, 0..100 as Tesseract reports it
TEXT_CONFIDENCE = 70  # mean over a line, for "legible text"
TIMEOUT = 60  # seconds for one photo; a photo that takes longer gets no text suggestions

PLATE = re.compile(
    r"(?<![A-ZÄÖÜ0-9])"
    r"([A-ZÄÖÜ]{1,3})[\s\-–·.:,]{0,3}([A-Z]{1,2})\s?([1-9][0-9]{0,3})\s?([EH]?)"
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
    """Plate and text suggestions on an upright photo (none when Tesseract is missing)."""
    import pytesseract

    if not available():
        logger.warning("tesseract is not installed: no plate or text suggestions")
        return []
    gray = image.convert("L")
    width, height = gray.size
    scale = min(1.0, max_side / max(width, height, 1))
    if scale < 1.0:
        gray = gray.resize((round(width * scale), round(height * scale)),
                           Image.Resampling.BILINEAR, reducing_gap=2.0)
    gray = ImageOps.autocontrast(gray, cutoff=1)
    sw, sh = gray.size
    try:
        data = pytesseract.image_to_data(
            gray, lang="deu", config="--oem 1 --psm 11", timeout=TIMEOUT,
            output_type=pytesseract.Output.DICT,
        )
    except RuntimeError:  # pytesseract's time-out
        logger.warning("tesseract took more than %s s: no plate or text suggestions", TIMEOUT)
        return []
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

    plates, texts = [], []
    for words in lines.values():
        plates += _plates_in(words)
        legible = [w for w in words if _WORD.search(w[0])]
        if len(legible) >= 2 and sum(w[1] for w in legible) / len(legible) >= TEXT_CONFIDENCE:
            texts.append((_union([w[2] for w in legible]),
                          round(sum(w[1] for w in legible) / len(legible) / 100, 3)))

    suggestions = []
    for kind, boxes, grow in (("plate", plates, (0.25, 0.5, 0.1, 0.5)),
                              ("text", texts, (0.05, 0.3, 0.05, 0.3))):
        for (x0, y0, x1, y1), score in merge_boxes(boxes):
            if kind == "text" and any(_inside((x0, y0, x1, y1), p) for p, _s in plates):
                continue  # a plate's own text
            region = Region(x=x0 / sw, y=y0 / sh, w=(x1 - x0) / sw, h=(y1 - y0) / sh,
                            kind=kind).grown(*grow)
            suggestions.append(Suggestion(region=region, score=score))
    return suggestions


def _plates_in(words):
    """((box), score) of every plate in one line of (word, confidence, box)."""
    text, spans = "", []
    for word, conf, box in words:
        if text:
            text += " "
        spans.append((len(text), len(text) + len(word), conf, box))
        text += word
    found = []
    normalised = _normalise(text)
    if len(normalised) != len(text):  # seals removed: map spans by words instead
        normalised = text
    for match in PLATE.finditer(normalised):
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


def _inside(a, b):
    return a[0] >= b[0] - 2 and a[1] >= b[1] - 2 and a[2] <= b[2] + 2 and a[3] <= b[3] + 2
