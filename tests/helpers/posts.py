"""Tiny media files made on the fly, and shortcuts for posts in a given state."""

import io
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from posts import media as media_store
from posts.models import MediaItem, Post

GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def english(settings):
    """Assertions read English messages, whatever German translations exist by now.
    Import it into a test module to use it there."""
    settings.LANGUAGE_CODE = "en"


def jpeg_bytes(size=(64, 48), color=(30, 90, 160), *, gps=False):
    img = Image.new("RGB", size, color)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if gps:
        exif[GPS_IFD] = {
            1: "N", 2: (49.0, 26.0, 40.0), 3: "E", 4: (7.0, 46.0, 10.0),
        }
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", exif=exif, quality=80)
    return buffer.getvalue()


def png_bytes(size=(64, 48), color=(200, 40, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def mp4_bytes(seconds=1, size=(64, 48), fps=10, *, location=None):
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as container:
        if location:
            container.metadata["location"] = location
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
        for i in range(seconds * fps):
            pixels = np.full((size[1], size[0], 3), (i * 20) % 255, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, fps)
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return buffer.getvalue()


def photo(name="photo.jpg", data=None, **kwargs):
    return SimpleUploadedFile(name, data if data is not None else jpeg_bytes(**kwargs),
                              "image/jpeg")


def video(name="clip.mp4", data=None, **kwargs):
    return SimpleUploadedFile(name, data if data is not None else mp4_bytes(**kwargs),
                              "video/mp4")


def files_under(root):
    root = Path(root)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def stored_files():
    """Every file in public and private storage (both are per-test temporary folders)."""
    return files_under(settings.MEDIA_ROOT) + files_under(settings.PRIVATE_MEDIA_ROOT)


def add_media(post, upload, *, kind=MediaItem.Kind.PHOTO, alt_text="Ein Streifenwagen",
              process=True, position=0):
    item = MediaItem(post=post, kind=kind, alt_text=alt_text, position=position)
    media_store.store_original(item, upload)
    item.save()
    if process:
        item = MediaItem.objects.claim(item.pk)
        media_store.process(item)
        item.refresh_from_db()
    return item


def make_post(officer, *, caption="Streife in der Altstadt #Streife", published=True,
              photos=1, state=None, **fields):
    post = Post.objects.create(
        officer=officer, author=officer.user, caption=caption,
        state=state or (Post.State.PUBLISHED if published else Post.State.DRAFT),
        published_at=timezone.now() if published else None, **fields,
    )
    for position in range(photos):
        add_media(post, photo(), position=position)
    return post


def publish(post):
    post.state = Post.State.PUBLISHED
    post.published_at = timezone.now()
    post.save()
    # What the commit would run (tests run inside a transaction): the files go public.
    media_store.place_post_media(post.pk)
    return post


def queries_for(client, url):
    """How many queries a page runs when rendered (after one request to warm the caches
    up); tests/performance pins the queries of pages served from the cache."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal import pagecache

    client.get(url)
    pagecache.site_changed()  # count a fresh render, not a page or fragment from the cache
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def served(client, url):
    """The bytes the public gets for a media URL."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["X-Content-Type-Options"] == "nosniff"
    return b"".join(response.streaming_content)
