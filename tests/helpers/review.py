"""Posts, media and checklist items for the review tests."""

import io

from django.core.files.base import ContentFile
from PIL import Image

from posts import media as media_files
from posts.models import ChecklistItem, MediaItem, Post

CHECKLIST = [
    "Identifiable bystanders and licence plates are pixelated or cropped.",
    "No investigation details or personal data are visible.",
    "Alt texts describe what is shown.",
    "Videos with speech have subtitles.",
]


def make_checklist():
    return [ChecklistItem.objects.create(text=t, position=i) for i, t in enumerate(CHECKLIST)]


def make_post(officer, caption="Streife am Ostertor, alles ruhig.", *, state=Post.State.DRAFT,
              media=1, media_status=MediaItem.Status.READY, **fields):
    """A post with `media` photo rows in `media_status` (no files: the workflow only
    looks at the status)."""
    post = Post.objects.create(
        officer=officer, author=officer.user, caption=caption, state=state, **fields
    )
    for position in range(media):
        MediaItem.objects.create(
            post=post, kind=MediaItem.Kind.PHOTO, position=position, status=media_status,
            alt_text=f"Streifenwagen vor der Wache, Bild {position + 1}",
        )
    return post


def jpeg_bytes(size=(64, 48), colour=(20, 60, 140)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def make_processed_post(officer, caption="Fahrradkontrolle in der Innenstadt.", **fields):
    """A post with one tiny photo processed by the posts app's own functions: a private
    original and public renditions, as an upload leaves them."""
    post = Post.objects.create(officer=officer, author=officer.user, caption=caption, **fields)
    item = MediaItem(post=post, kind=MediaItem.Kind.PHOTO,
                     alt_text="Ein Fahrrad an einem Laternenpfahl.")
    media_files.store_original(item, ContentFile(jpeg_bytes(), name="photo.jpg"))
    item.save()
    assert media_files.process(item), item.failure_reason
    return post


def approve(post, by, **kwargs):
    """Approves with every active checklist item ticked."""
    from posts import workflow

    return workflow.approve(
        post, by, checklist=ChecklistItem.objects.filter(active=True), **kwargs
    )
