"""The evaluation set of benchmarks/redaction.py: 12 MP phone frames with known faces and plates.

Everything is made here from what installed packages ship, offline and reproducibly (one
seed):

- Faces: the two portraits among scikit-image's sample photos (``astronaut``: Eileen
  Collins, NASA, public domain; ``camera``: the "cameraman", by the MIT, released by
  scikit-image under its BSD licence), and the 100 faces of ``lfw_subset`` (25 x 25 px
  grey crops of "Labeled Faces in the Wild", shipped by scikit-image for its examples).
  Each face box (the forehead to the chin, cheek to cheek) was set by hand on the source.
  The LFW faces appear only up to 50 px wide (twice their size); larger faces are the two
  portraits, each time turned, mirrored or darkened differently.
- Backgrounds: scikit-image photos without people (coffee, chelsea the cat, rocket,
  horse, motorcycle, brick, grass, gravel, coins, hubble, retina, text page), filling
  the 4032 x 3024 frame.
- Each frame gets faces of one size class (20-40, 40-80, 80-160, >160 px wide in the
  4032 px frame), each one turned by up to +-20 degrees, half of them mirrored, a third
  darkened (to 35 % brightness with a grey haze, like a dim evening).
- Frames without any face (the backgrounds alone) count false suggestions only.
- Plates: German number plates drawn in the condensed sans fonts Debian ships
  (DejaVu Sans Condensed Bold, Liberation Sans Narrow Bold: the nearest to the
  FE-Schrift), with the blue EU strip, on a car-coloured body with a bumper, tilted and
  seen at an angle (perspective), at several widths.
"""

from __future__ import annotations

import functools
import math
import random
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps
from skimage import data

FRAME = (4032, 3024)
SIZE_BINS = [(20, 40), (40, 80), (80, 160), (160, 400)]
FONT_FILES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Bold.ttf",
]


@dataclass
class Frame:
    image: Image.Image
    faces: list[tuple[float, float, float, float]] = field(default_factory=list)
    face_notes: list[str] = field(default_factory=list)
    plates: list[tuple[tuple[float, float, float, float], str]] = field(default_factory=list)
    label: str = ""


def _rgb(array):
    if array.ndim == 2:
        array = np.stack([array] * 3, axis=-1)
    if array.dtype != np.uint8:
        array = (np.clip(array, 0, 1) * 255).astype(np.uint8)
    return Image.fromarray(array[:, :, :3])


@functools.cache
def portraits():
    """(image, face box) sources: the person with some surroundings, box in its pixels."""
    sources = [
        # astronaut 512x512: the head and shoulders; face box drawn by hand
        (_rgb(data.astronaut()).crop((110, 0, 350, 300)), (181 - 110, 58, 270 - 110, 180)),
        (_rgb(data.camera()).crop((130, 40, 340, 290)), (200 - 130, 112 - 40, 258 - 130, 198 - 40)),
    ]
    faces = data.lfw_subset()[:100]
    for face in faces:
        # A crop is the face alone (brow to chin): pad it with a blurred copy of itself so
        # it does not sit on a hard square edge, as a head does not.
        tile = _rgb(face)
        canvas = tile.resize((45, 45), Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(4))
        canvas.paste(tile, (10, 10))
        # the face proper (brow to chin, cheek to cheek) inside the 25 px crop
        sources.append((canvas, (13, 12, 32, 35)))
    return sources


@functools.cache
def backgrounds():
    names = ["coffee", "chelsea", "rocket", "horse", "brick", "grass",
             "gravel", "coins", "hubble_deep_field", "retina", "page", "immunohistochemistry"]
    return [(name, _rgb(getattr(data, name)())) for name in names]


def _fill(image, size):
    return ImageOps.fit(image, size, Image.Resampling.BICUBIC)


def _paste_face(frame, source, width, angle, mirror, dark, at):
    """Pastes the source scaled so its face is `width` px wide; returns the face box."""
    image, (x0, y0, x1, y1) = source
    scale = width / (x1 - x0)
    image = image.resize(
        (max(1, round(image.width * scale)), max(1, round(image.height * scale))),
        Image.Resampling.LANCZOS,
    )
    fx0, fy0, fx1, fy1 = x0 * scale, y0 * scale, x1 * scale, y1 * scale
    if mirror:
        image = ImageOps.mirror(image)
        fx0, fx1 = image.width - fx1, image.width - fx0
    if dark:
        image = Image.blend(image, Image.new("RGB", image.size, (30, 30, 40)), 0.65)
    mask = Image.new("L", image.size, 255)
    if angle:
        cx, cy = image.width / 2, image.height / 2
        image = image.rotate(angle, Image.Resampling.BICUBIC, expand=True)
        mask = mask.rotate(angle, Image.Resampling.BICUBIC, expand=True)
        ncx, ncy = image.width / 2, image.height / 2
        # The face box's corners, turned with the image: their bounding box is the face.
        a = math.radians(-angle)
        corners = []
        for px, py in ((fx0, fy0), (fx1, fy0), (fx0, fy1), (fx1, fy1)):
            dx, dy = px - cx, py - cy
            corners.append((ncx + dx * math.cos(a) - dy * math.sin(a),
                            ncy + dx * math.sin(a) + dy * math.cos(a)))
        fx0, fy0 = min(c[0] for c in corners), min(c[1] for c in corners)
        fx1, fy1 = max(c[0] for c in corners), max(c[1] for c in corners)
    left, top = at[0] - round((fx0 + fx1) / 2), at[1] - round((fy0 + fy1) / 2)
    frame.paste(image, (left, top), mask)
    return (left + fx0, top + fy0, left + fx1, top + fy1)


def face_frames(seed=18, per_bin=6, faces_per_frame=8):
    """Frames with faces of one size class each, and frames without any face."""
    rng = random.Random(seed)
    sources = portraits()
    grounds = backgrounds()
    frames = []
    for low, high in SIZE_BINS:
        for number in range(per_bin):
            name, ground = grounds[(number + low) % len(grounds)]
            frame = Frame(_fill(ground, FRAME), label=f"{low}-{high} px on {name}")
            count = faces_per_frame if high <= 160 else 3
            cols = 4 if count > 3 else 3
            rows = math.ceil(count / cols)
            cell_w, cell_h = FRAME[0] // cols, FRAME[1] // rows
            for index in range(count):
                width = rng.uniform(low, high)
                # The two portraits in every frame; LFW faces (25 px crops) only where they
                # need no more than doubling, beyond that they are a blur, not a face.
                if index < 2 or width > 50:
                    source = sources[index % 2]
                else:
                    source = sources[2 + rng.randrange(100)]
                col, row = index % cols, index // cols
                at = (col * cell_w + cell_w // 2 + rng.randint(-cell_w // 6, cell_w // 6),
                      row * cell_h + cell_h // 2 + rng.randint(-cell_h // 6, cell_h // 6))
                angle, mirror, dark = rng.uniform(-20, 20), rng.random() < 0.5, rng.random() < 0.33
                frame.faces.append(
                    _paste_face(frame.image, source, width, angle, mirror, dark, at)
                )
                frame.face_notes.append(
                    f"{('astronaut', 'camera')[index % 2] if source in sources[:2] else 'lfw'}"
                    f" {width:.0f} px,"
                    f" {angle:+.0f} deg{', mirrored' if mirror else ''}{', dark' if dark else ''}"
                )
            frames.append(frame)
    for name, ground in grounds:
        frames.append(Frame(_fill(ground, FRAME), label=f"no face: {name}"))
    return frames


# --- plates -------------------------------------------------------------------------

PLATE_TEXTS = ["KL-AB 123", "KL AB 123E", "M-XY 4711", "HH-PD 110", "B-RV 2026", "S-KA 99H",
               "F-MK 731", "KA-Z 12", "DU-LI 4589", "GÖ-ST 88", "MZ-OP 517E", "D-RE 1"]


def _plate(text, height, font_file):
    """A plate 520 x 110 mm at `height` px: white, black frame, blue EU strip with D."""
    width = round(height * 520 / 110)
    plate = Image.new("RGB", (width, height), (244, 244, 240))
    draw = ImageDraw.Draw(plate)
    border = max(1, height // 28)
    draw.rectangle((0, 0, width - 1, height - 1), outline=(20, 20, 20), width=border)
    strip = round(height * 0.36)
    draw.rectangle((border, border, strip, height - border), fill=(0, 51, 153))
    small = ImageFont.truetype(font_file, max(6, round(height * 0.28)))
    draw.text((strip / 2 + border / 2, height * 0.74), "D", font=small, fill=(255, 255, 255),
              anchor="mm")
    font = ImageFont.truetype(font_file, round(height * 0.72))
    draw.text(((width + strip) / 2, height / 2), text, font=font, fill=(15, 15, 15), anchor="mm")
    return plate


def plate_frames(seed=18, widths=(100, 160, 250, 400), angles=(0, 20, 35)):
    """Frames each with one car tail and its plate, per plate width and viewing angle."""
    rng = random.Random(seed)
    grounds = backgrounds()
    frames = []
    index = 0
    for width in widths:
        for angle in angles:
            for font_file in FONT_FILES:
                text = PLATE_TEXTS[index % len(PLATE_TEXTS)]
                index += 1
                name, ground = grounds[index % len(grounds)]
                frame = Frame(_fill(ground, FRAME),
                              label=f"plate {width} px, {angle} deg, {font_file.split('/')[-1]}")
                box = _paste_car(frame.image, text, width, angle, font_file, rng)
                frame.plates.append((box, text))
                frames.append(frame)
    return frames


def _paste_car(frame, text, width, angle, font_file, rng):
    height = round(width * 110 / 520)
    plate = _plate(text, height, font_file)
    # The car's tail: a painted body about 3.5 plate widths wide, a darker bumper.
    body_w, body_h = round(width * 3.6), round(width * 1.6)
    colour = rng.choice([(180, 20, 30), (40, 40, 45), (200, 200, 205), (20, 60, 140),
                         (90, 95, 100)])
    car = Image.new("RGB", (body_w, body_h), colour)
    draw = ImageDraw.Draw(car)
    draw.rectangle((0, body_h * 0.55, body_w, body_h * 0.8),
                   fill=tuple(max(0, c - 60) for c in colour))
    for lamp_x in (0.04, 0.8):
        draw.rectangle((body_w * lamp_x, body_h * 0.15, body_w * (lamp_x + 0.16), body_h * 0.35),
                       fill=(200, 30, 20))
    px, py = (body_w - plate.width) // 2, round(body_h * 0.6)
    car.paste(plate, (px, py))
    car = car.filter(ImageFilter.GaussianBlur(0.6))
    plate_quad = [(px, py), (px + plate.width, py), (px + plate.width, py + plate.height),
                  (px, py + plate.height)]
    # Seen from the side: the far edge shrinks (a perspective warp), plus a small tilt.
    if angle:
        shrink = math.cos(math.radians(angle))
        far = 1 - 0.25 * math.sin(math.radians(angle))
        new_w = body_w * shrink
        quad_out = [(0, 0), (new_w, body_h * (1 - far) / 2), (new_w, body_h * (1 + far) / 2),
                    (0, body_h)]
        coeffs = _perspective(quad_out, [(0, 0), (body_w, 0), (body_w, body_h), (0, body_h)])
        car = car.transform((math.ceil(new_w), body_h), Image.Transform.PERSPECTIVE, coeffs,
                            Image.Resampling.BICUBIC, fillcolor=None)

        def to_out(point):
            u, v = point[0] / body_w, point[1] / body_h
            top = (u * new_w, u * body_h * (1 - far) / 2)
            bottom = (u * new_w, body_h + u * (body_h * (1 + far) / 2 - body_h))
            return (top[0], top[1] + v * (bottom[1] - top[1]))

        plate_quad = [to_out(p) for p in plate_quad]
    left = rng.randint(200, FRAME[0] - car.width - 200)
    top = rng.randint(200, FRAME[1] - car.height - 200)
    mask = Image.new("L", car.size, 255)
    if angle:
        mask = Image.new("L", (body_w, body_h), 255).transform(
            car.size, Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC)
    frame.paste(car, (left, top), mask)
    xs = [left + p[0] for p in plate_quad]
    ys = [top + p[1] for p in plate_quad]
    return (min(xs), min(ys), max(xs), max(ys))


def _perspective(out_quad, in_quad):
    """PIL's PERSPECTIVE coefficients mapping output points to input points."""
    matrix, vector = [], []
    for (x, y), (u, v) in zip(out_quad, in_quad, strict=True):
        matrix.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        matrix.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        vector += [u, v]
    return np.linalg.solve(np.array(matrix, float), np.array(vector, float)).tolist()


# --- legible text ---------------------------------------------------------------------

TEXT_FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
]
TEXT_LINES = [
    ["Vorgang 2026/4711 Meier", "Hauptstraße 12, 67655 Kaiserslautern", "Az. 3 Js 1234/26"],
    ["Einsatzprotokoll Streife 14", "Zeuge: Jonas Becker, geb. 03.05.1987", "Tel. 0631 369 2150"],
]


def text_frames(seed=18, heights=(12, 18, 28, 44), angles=(0, 8)):
    """Frames with three lines of German text: dark on a sheet of paper, or light on a
    dark screen, in a font ``height`` px large (capitals about 0.7 of it), turned by
    ``angle`` degrees."""
    rng = random.Random(seed)
    grounds = backgrounds()
    frames = []
    index = 0
    for height in heights:
        for angle in angles:
            for kind in ("paper", "screen"):
                font_file = TEXT_FONTS[index % len(TEXT_FONTS)]
                lines = TEXT_LINES[index % len(TEXT_LINES)]
                name, ground = grounds[(index + 3) % len(grounds)]
                index += 1
                frame = Frame(_fill(ground, FRAME),
                              label=f"font {height} px, {angle} deg, {kind}")
                frame.plates = _paste_text(frame.image, lines, height, angle, kind, font_file,
                                           rng)
                frames.append(frame)
    return frames


def _paste_text(frame, lines, height, angle, kind, font_file, rng):
    """Pastes a sheet or screen with the lines; returns [(box, line)] of each line."""
    font = ImageFont.truetype(font_file, height)
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    boxes = [probe.textbbox((0, 0), line, font=font) for line in lines]
    pad, step = height * 2, round(height * 1.8)
    width = max(b[2] for b in boxes) + 2 * pad
    sheet_h = step * len(lines) + 2 * pad
    paper, ink = ((236, 234, 226), (25, 25, 30)) if kind == "paper" else \
        ((20, 30, 60), (225, 230, 240))
    sheet = Image.new("RGB", (width, sheet_h), paper)
    draw = ImageDraw.Draw(sheet)
    local = []
    for number, line in enumerate(lines):
        x, y = pad, pad + number * step
        draw.text((x, y), line, font=font, fill=ink)
        b = draw.textbbox((x, y), line, font=font)
        local.append(((b[0], b[1]), (b[2], b[1]), (b[2], b[3]), (b[0], b[3])))
    sheet = sheet.filter(ImageFilter.GaussianBlur(0.5))
    mask = Image.new("L", sheet.size, 255)
    cx, cy = sheet.width / 2, sheet.height / 2
    if angle:
        sheet = sheet.rotate(angle, Image.Resampling.BICUBIC, expand=True)
        mask = mask.rotate(angle, Image.Resampling.BICUBIC, expand=True)
    ncx, ncy = sheet.width / 2, sheet.height / 2
    left = rng.randint(100, max(101, FRAME[0] - sheet.width - 100))
    top = rng.randint(100, max(101, FRAME[1] - sheet.height - 100))
    frame.paste(sheet, (left, top), mask)
    a = math.radians(-angle)
    found = []
    for corners, line in zip(local, lines, strict=True):
        turned = [(ncx + (px - cx) * math.cos(a) - (py - cy) * math.sin(a),
                   ncy + (px - cx) * math.sin(a) + (py - cy) * math.cos(a))
                  for px, py in corners]
        found.append(((left + min(p[0] for p in turned), top + min(p[1] for p in turned),
                       left + max(p[0] for p in turned), top + max(p[1] for p in turned)),
                      line))
    return found


# --- scoring ---------------------------------------------------------------------------


def coverage(box, region):
    """The share of `box` that `region` covers (both (x0, y0, x1, y1))."""
    iw = min(box[2], region[2]) - max(box[0], region[0])
    ih = min(box[3], region[3]) - max(box[1], region[1])
    if iw <= 0 or ih <= 0:
        return 0.0
    return iw * ih / ((box[2] - box[0]) * (box[3] - box[1]))


def score(truth, found, *, covered=0.7):
    """(hits, misses, false suggestions): a true box counts as found when one suggestion
    covers at least `covered` of it; a suggestion is false when it covers no true box by
    at least 20 % and no true box covers 20 % of it (boxes (x0, y0, x1, y1) in pixels)."""
    hits = [any(coverage(t, f) >= covered for f in found) for t in truth]
    false = [f for f in found
             if not any(coverage(t, f) >= 0.2 or coverage(f, t) >= 0.2 for t in truth)]
    return hits, false
