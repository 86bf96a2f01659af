"""Draws the installable app's icons (police blue with the white star of the logo) into
static/img/icons/. The PNGs are committed; run this again only to change them."""

import math
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw

BLUE = (11, 61, 145)  # --blue of static/css/site.css
WHITE = (255, 255, 255)
# name: (size in px, star radius as a share of the size, rounded corners)
ICONS = {
    "icon-192.png": (192, 0.36, True),
    "icon-512.png": (512, 0.36, True),
    # Maskable: the platform cuts its own shape, so the star stays inside the safe
    # zone (a circle of 80 % of the size) and the blue fills the whole square.
    "maskable-512.png": (512, 0.28, False),
    "apple-touch-icon.png": (180, 0.34, False),
}


def star(size, radius_share):
    cx = cy = size / 2
    outer, inner = size * radius_share, size * radius_share * 0.42
    points = []
    for i in range(10):
        angle = -math.pi / 2 + i * math.pi / 5
        r = outer if i % 2 == 0 else inner
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle) + size * 0.02))
    return points


def draw(size, radius_share, rounded):
    # Drawn at four times the size and scaled down: smooth edges without antialiasing.
    big = size * 4
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0) if rounded else (*BLUE, 255))
    pen = ImageDraw.Draw(image)
    if rounded:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 6, fill=(*BLUE, 255))
    pen.polygon(star(big, radius_share), fill=(*WHITE, 255))
    return image.resize((size, size), Image.Resampling.LANCZOS)


class Command(BaseCommand):
    help = "Draws the app icons into static/img/icons/."

    def handle(self, *args, **options):
        folder = Path(settings.BASE_DIR) / "static" / "img" / "icons"
        folder.mkdir(parents=True, exist_ok=True)
        for name, (size, radius_share, rounded) in ICONS.items():
            draw(size, radius_share, rounded).save(folder / name, optimize=True)
            self.stdout.write(f"{folder / name}")
