"""Plates and legible text read by Tesseract, on small images drawn here."""

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
