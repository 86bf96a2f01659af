"""Shared pieces of the redaction tests: a predictable detector, photos with
detail worth hiding, and items processed by the real task."""

import io
import json

import numpy as np
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from portal.media.redaction import Region, Suggestion
from posts import media as media_store
from posts.models import MediaItem, Post
from posts.tasks import process_media

# Where FixedDetector "finds" a face, relative to the photo.
FACE = Region(x=0.3, y=0.3, w=0.3, h=0.3, kind="face")
FIXED_DETECTOR = "tests.helpers.redaction.FixedDetector"


class FixedDetector:
    """Finds one face at FACE in every photo; counts how often it was asked."""

    calls = 0

    def detect(self, image):
        FixedDetector.calls += 1
        return [Suggestion(region=FACE, score=0.8)]


class NoDetector:
    def detect(self, image):
        return []


def detailed_image(size=(200, 150)):
    """A smooth gradient with a fine checkerboard: pixelation changes the checkerboard
    beyond doubt, compression keeps the gradient nearly as it was."""
    width, height = size
    yy, xx = np.mgrid[0:height, 0:width]
    square = max(4, width // 60)
    board = ((xx // square) + (yy // square)) % 2 * 128
    red = xx * 127 // max(1, width - 1) + board
    green = yy * 127 // max(1, height - 1) + board
    blue = np.full_like(board, 60) + board
    return Image.fromarray(np.dstack([red, green, blue]).astype(np.uint8))


def jpeg_of(image, quality=95):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type)


def processed_item(post, data, *, kind=MediaItem.Kind.PHOTO, alt_text="Ein Platz mit Passanten",
                   before=None):
    """An item stored like an upload and processed by the real task (with detection).
    `before(item)` runs after the item is saved and before it is processed."""
    item = MediaItem(post=post, kind=kind, alt_text=alt_text)
    name = "photo.jpg" if kind == MediaItem.Kind.PHOTO else "clip.mp4"
    media_store.store_original(item, upload(data, name))
    item.save()
    if before is not None:
        before(item)
    process_media.call(item.pk)
    item.refresh_from_db()
    assert item.status == MediaItem.Status.READY, item.failure_reason
    return item


def draft_with_photo(officer, data=None, *, state=Post.State.DRAFT, **kwargs):
    post = Post.objects.create(
        officer=officer, author=officer.user, caption="Markt am Samstag", state=state
    )
    item = processed_item(post, data if data is not None else jpeg_of(detailed_image()), **kwargs)
    return post, item


def redact_url(item):
    return reverse("posts:studio_redact", args=[item.post_id, item.pk])


def preview_url(item):
    return reverse("posts:studio_redact_preview", args=[item.post_id, item.pk])


def form_data(item, regions=(), accepted=(), dismissed=()):
    n = item.pk
    return {
        f"regions-{n}": regions if isinstance(regions, str) else json.dumps(list(regions)),
        f"accepted-{n}": ",".join(str(i) for i in accepted),
        f"dismissed-{n}": ",".join(str(i) for i in dismissed),
    }


def decode(data):
    with Image.open(io.BytesIO(data)) as image:
        return np.asarray(image.convert("RGB"), dtype=np.int16)


def box(array, region):
    """The pixels of `array` inside `region` (relative)."""
    height, width = array.shape[:2]
    left, top, right, bottom = region.to_pixels(width, height)
    return array[top:bottom, left:right]


def outside(array, region):
    """A boolean mask of `array`'s pixels outside `region`."""
    height, width = array.shape[:2]
    left, top, right, bottom = region.to_pixels(width, height)
    mask = np.ones((height, width), dtype=bool)
    mask[top:bottom, left:right] = False
    return mask
