"""Phones on patrol have slow connections: the home page with a full list of posts and
every officer stays small, loads below-the-fold images only when needed, and needs no
font or anything else from another host."""

import gzip
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from officers.models import Officer
from posts.models import MediaItem

from .conftest import publish

BUDGET = 100 * 1024  # bytes, compressed: HTML, CSS and JS of the home page together

RENDITIONS = [
    {"width": w, "height": w * 3 // 4, "format": f, "name": f"r/ab/{w}.{s}", "bytes": 1000}
    for w in (480, 960, 1600) for f, s in (("jpeg", "jpg"), ("webp", "webp"), ("avif", "avif"))
]
PORTRAIT = [{"width": w, "height": w, "format": f, "name": f"p/{w}.{s}", "bytes": 1000}
            for w in (160, 320) for f, s in (("jpeg", "jpg"), ("webp", "webp"))]


@pytest.fixture
def full_home(officer, station):
    """As many posts as a page holds, each with a photo and a long caption, and twenty
    officers with portraits."""
    officers = [officer] + [
        Officer.objects.create(handle=f"officer_{i:02d}", display_name=f"Kommissarin {i}",
                               rank="Polizeikommissarin", station=station,
                               portrait_renditions=PORTRAIT)
        for i in range(19)
    ]
    for i in range(settings.PAGE_SIZE):
        post = publish(officers[i % len(officers)], "Fußstreife in der Altstadt: viele "
                       f"Gespräche, Fragen zur Fahrradcodierung und ein Fundhund. #{i}" * 3,
                       minutes_ago=i + 1, place_name="Kaiserslautern, Stiftsplatz")
        MediaItem.objects.create(post=post, kind=MediaItem.Kind.PHOTO, status="ready",
                                 alt_text="Zwei Streifenbeamte vor dem Streifenwagen " * 3,
                                 width=1600, height=1200, renditions=RENDITIONS)


def compressed(data):
    return len(gzip.compress(data, compresslevel=6))


def assets(page):
    """The stylesheets and scripts the page loads, as paths under STATIC_URL."""
    urls = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    urls += re.findall(r'<script src="([^"]+)"', page)
    return [u.removeprefix(settings.STATIC_URL) for u in urls]


def test_the_home_page_weighs_less_than_100_kb_compressed(client, full_home, capsys):
    response = client.get("/")
    page = response.content.decode()
    assert page.count('class="post-card"') == settings.PAGE_SIZE
    sizes = {"HTML": compressed(response.content)}
    for path in assets(page):
        with open(finders.find(path), "rb") as asset:
            sizes[path] = compressed(asset.read())
    total = sum(sizes.values())
    with capsys.disabled():
        print(f"\nhome page, compressed: {total / 1024:.1f} KB "
              f"({', '.join(f'{k} {v / 1024:.1f} KB' for k, v in sizes.items())})")
    assert len(sizes) >= 3  # the page, its stylesheets, its scripts
    assert total < BUDGET


def test_images_below_the_fold_load_lazily(client, full_home):
    page = client.get("/").content.decode()
    images = re.findall(r"<img [^>]*>", page)
    cards, portraits = images[:settings.PAGE_SIZE], images[settings.PAGE_SIZE:]
    assert all("loading=" not in img for img in cards[:4])  # the first screen at once
    assert all('loading="lazy"' in img for img in cards[4:])
    assert len(portraits) == 19 and all('loading="lazy"' in img for img in portraits)
    assert all('width="' in img and 'height="' in img for img in images)  # nothing jumps


def test_nothing_comes_from_another_host_not_even_a_font(client, full_home):
    page = client.get("/").content.decode()
    assert not re.search(r'(src|srcset)="(https?:)?//', page)
    assert not re.search(r'<link [^>]*href="(https?:)?//', page)
    for path in assets(page):
        with open(finders.find(path), encoding="utf-8") as asset:
            text = asset.read()
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", text), path
