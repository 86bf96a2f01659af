"""Plates and legible text read by Tesseract, on small images drawn here."""

import math
import os

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from portal.media import text
from portal.media.text import find_text, is_plate

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf"


@pytest.mark.parametrize(
    "plate", ["KL-AB 123", "KL AB 123E", "M-X 4711H", "GÖ-ST 88", "B RV 2026", "HH-PD 110"]
)
def test_it_knows_german_number_plates(plate):
    assert is_plate(plate)


@pytest.mark.parametrize(
    "words", ["KL-AB 0123", "KLAB-CD 12", "KL-AB 12345", "Hallo Welt", "Polizei 110", "12 AB"]
)
def test_it_tells_other_text_from_plates(words):
    assert not is_plate(words)


def draw(size, lines, at, height):
    image = Image.new("RGB", size, (90, 20, 25))  # a red car
    canvas = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, height)
    for number, line in enumerate(lines):
        x, y = at[0], at[1] + number * round(height * 1.4)
        box = canvas.textbbox((x, y), line, font=font)
        canvas.rectangle((box[0] - 12, box[1] - 10, box[2] + 12, box[3] + 10), fill="white")
        canvas.text((x, y), line, font=font, fill="black")
    return image


def relative_box(region, size):
    return (region.x * size[0], region.y * size[1], (region.x + region.w) * size[0],
            (region.y + region.h) * size[1])


def test_it_suggests_a_plate_where_it_reads_one():
    photo = draw((900, 500), ["KL-AB 123"], (300, 300), 40)
    found = find_text(photo)
    assert [s.region.kind for s in found] == ["plate"]
    x0, y0, x1, y1 = relative_box(found[0].region, photo.size)
    assert x0 < 300 and y0 < 300 and x1 > 500 and y1 > 340  # the whole plate, padded


def test_it_suggests_legible_text_on_a_screen_or_document():
    photo = draw((900, 500), ["Vorgang 2026/4711 Meier", "Hauptstraße 12, Kaiserslautern"],
                 (60, 80), 30)
    found = find_text(photo)
    assert found and {s.region.kind for s in found} == {"text"}
    x0, y0, x1, y1 = relative_box(found[0].region, photo.size)
    assert x0 < 80 and y0 < 90 and x1 > 400


def test_it_suggests_nothing_where_there_is_no_text():
    assert find_text(Image.new("RGB", (400, 300), (90, 20, 25))) == []


def test_without_tesseract_there_are_no_text_suggestions(monkeypatch, caplog):
    monkeypatch.setattr(text.shutil, "which", lambda name: None)
    assert find_text(draw((900, 500), ["KL-AB 123"], (300, 300), 40)) == []
    assert "tesseract is not installed" in caplog.text


def seen_from_the_side(text_on_plate, angle, width):
    """A plate `width` px wide on a dark car, turned `angle` degrees away (its far edge
    shorter, as in benchmarks/redaction_set.py); and the plate's corners in the photo."""
    height = round(width * 110 / 520)
    plate = Image.new("L", (width, height), 245)
    canvas = ImageDraw.Draw(plate)
    canvas.rectangle((0, 0, width - 1, height - 1), outline=20, width=2)
    canvas.text((width / 2, height / 2), text_on_plate, anchor="mm", fill=15,
                font=ImageFont.truetype(FONT, round(height * 0.72)))
    far = 1 - 0.25 * math.sin(math.radians(angle))
    near_w = width * math.cos(math.radians(angle))
    corners = [(300, 250), (300 + near_w, 250 + height * (1 - far) / 2),
               (300 + near_w, 250 + height * (1 + far) / 2), (300, 250 + height)]
    matrix = cv2.getPerspectiveTransform(
        np.float32([(0, 0), (width, 0), (width, height), (0, height)]), np.float32(corners))
    photo = np.full((500, 900), 60, np.uint8)
    warped = cv2.warpPerspective(np.asarray(plate), matrix, (900, 500))
    inside = cv2.warpPerspective(np.full((height, width), 255, np.uint8), matrix, (900, 500))
    photo[inside > 128] = warped[inside > 128]
    return Image.fromarray(photo).convert("RGB"), corners


def test_it_reads_a_plate_seen_from_the_side():
    """Straightened first: read as it is, Tesseract finds nothing on this plate."""
    photo, corners = seen_from_the_side("KL-AB 123", 45, 160)
    found = find_text(photo)
    assert [s.region.kind for s in found] == ["plate"]
    x0, y0, x1, y1 = relative_box(found[0].region, photo.size)
    px0, py0 = min(c[0] for c in corners), min(c[1] for c in corners)
    px1, py1 = max(c[0] for c in corners), max(c[1] for c in corners)
    covered = (min(x1, px1) - max(x0, px0)) * (min(y1, py1) - max(y0, py0))
    assert covered / ((px1 - px0) * (py1 - py0)) > 0.9


def test_a_candidate_is_straightened_to_an_upright_line():
    photo, corners = seen_from_the_side("KL-AB 123", 35, 260)
    (quad,) = text._sign_candidates(photo.convert("L"))
    # Its four corners, top left first and clockwise, near the plate's (its white inside).
    assert np.abs(quad - np.float32(corners)).max() < 6
    piece, back = text._straightened(np.asarray(photo.convert("L")), quad, 64)
    assert piece.shape[0] == 96  # 64 px and a quarter of that above and below
    assert 3.5 < piece.shape[1] / 96 < 5.0  # about a plate's 520 x 110 mm again
    # The piece maps back onto the plate and its margin.
    height, width = piece.shape
    x0, y0, x1, y1 = text._in_photo((0, 0, width, height), back)
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    assert x0 < min(xs) and y0 < min(ys) and x1 > max(xs) and y1 > max(ys)
    assert (x1 - x0) < 1.6 * (max(xs) - min(xs)) and (y1 - y0) < 1.8 * (max(ys) - min(ys))


def test_bright_areas_without_letters_are_not_read(monkeypatch):
    """A lit window or a white car door: no letter-sized marks, so no Tesseract run."""
    photo = Image.new("RGB", (900, 500), (90, 20, 25))
    canvas = ImageDraw.Draw(photo)
    canvas.rectangle((100, 100, 400, 180), fill="white")
    canvas.rectangle((500, 300, 800, 360), fill="white")
    canvas.ellipse((560, 315, 600, 345), fill=(60, 60, 60))  # one dark mark, not three
    read = []
    original = text._data
    monkeypatch.setattr(text, "_data", lambda image, psm: read.append(image.size) or original(
        image, psm))
    assert find_text(photo) == []
    assert len(text._sign_candidates(photo.convert("L"))) == 2
    assert len(read) == 1  # the page pass only


def test_tesseract_runs_with_one_thread():
    """Its OpenMP threads spin while they wait: one thread costs far less CPU."""
    assert os.environ["OMP_THREAD_LIMIT"] == "1"


def test_a_sheet_with_several_lines_is_read_once_more_with_its_letters_enlarged(monkeypatch):
    """Squeezed to a plate's height its letters would be 5 px: read as a block at 32 px."""
    photo = draw((1200, 700), ["Vorgang 2026/4711 Meier", "Hauptstraße 12, Kaiserslautern",
                               "Az. 3 Js 1234/26", "Zeuge: Jonas Becker"], (100, 100), 18)
    gray = photo.convert("L")
    (quad,) = text._sign_candidates(gray)
    letters = text._letter_height(np.asarray(gray), quad)
    assert 9 <= letters <= 16 and letters < 0.4 * text._quad_height(quad)
    read = []
    original = text._data
    monkeypatch.setattr(text, "_data", lambda image, psm: read.append((image.size, psm)) or
                        original(image, psm))
    lines = text._read_candidates(gray, [quad])
    (size, psm) = read[-1]
    assert psm == 6 and size[1] == pytest.approx(
        text._quad_height(quad) * 32 / letters * 1.5, rel=0.05)
    words = {word for line in lines for word, _conf, _box in line}
    assert {"Vorgang", "Hauptstraße", "Becker"} <= words
