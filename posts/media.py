"""Storing uploads and turning them into public renditions.

Originals go to private storage under random names and are never served (DESIGN
principle 1). Renditions, posters, videos and subtitles go to public storage under
random names nobody can guess, so a draft's files cannot be found before it is
published. `posts.processing` does the image and video work; this module only decides
where bytes go and makes sure none are left behind when something fails (principle 4).
"""

import logging
import os
import secrets
import shutil
import tempfile
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal import pagecache
from posts import processing
from posts.models import MediaItem
from posts.storage import private_media_storage

logger = logging.getLogger(__name__)

SUBTITLES_MAX_BYTES = 256 * 1024
EXTENSIONS = {"jpeg": "jpg", "webp": "webp", "avif": "avif"}
PORTRAIT_WIDTHS = (160, 320, 640)

MSG_PROCESSING_FAILED = _(
    "Processing failed for a technical reason. Please delete it and upload the file again."
)


def public_storage():
    return storages["default"]


def private_storage():
    return private_media_storage


def random_name(folder, extension):
    token = secrets.token_hex(16)
    return f"{folder}/{token[:2]}/{token}.{extension}"


def delete_files(storage, names):
    """Delete files, ignoring ones already gone: cleanup must never fail the caller."""
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except Exception:  # a file we cannot delete must not hide the real error
            logger.warning("could not delete %s", name, exc_info=True)


def delete_after_commit(public=(), private=()):
    """Delete files once the rows pointing at them are gone for good."""
    public, private = list(public), list(private)

    def delete():
        delete_files(public_storage(), public)
        delete_files(private_storage(), private)

    transaction.on_commit(delete)


class PublicFiles:
    """Collects the public files written during one job, so that they can all be
    removed again if the job fails."""

    def __init__(self):
        self.names = []

    def save(self, folder, extension, content):
        if isinstance(content, bytes):
            content = ContentFile(content)
        name = public_storage().save(random_name(folder, extension), content)
        self.names.append(name)
        return name

    def discard(self):
        delete_files(public_storage(), self.names)
        self.names = []


def save_photo_renditions(files, renditions):
    """Store photo renditions; returns the JSON entries for `renditions` fields."""
    return [
        {
            "width": r.width,
            "height": r.height,
            "format": r.format,
            "bytes": len(r.data),
            "name": files.save("r", EXTENSIONS[r.format], r.data),
        }
        for r in renditions
    ]


# --- Uploads -----------------------------------------------------------------------


def store_original(media, upload):
    """Save an inspected upload as the item's private original (the item is not saved)."""
    media.original.save("upload", upload, save=False)


def clean_subtitles(upload):
    """Check a WebVTT upload and return it as clean UTF-8 text, or raise ValidationError.

    Only text is accepted: the file must be UTF-8, start with "WEBVTT" and contain no
    control characters. It is served as text/vtt with nosniff, so the browser only ever
    reads it as a subtitle track."""
    if upload.size > SUBTITLES_MAX_BYTES:
        raise ValidationError(
            _("The subtitle file is too large. At most %(limit)s KB are allowed."),
            code="too_large", params={"limit": SUBTITLES_MAX_BYTES // 1024},
        )
    raw = upload.read(SUBTITLES_MAX_BYTES + 1)
    upload.seek(0)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The subtitle file must be text in UTF-8."), code="not_text"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first_line = text.split("\n", 1)[0]
    if not (first_line == "WEBVTT" or first_line.startswith(("WEBVTT ", "WEBVTT\t"))):
        raise ValidationError(
            _('The subtitle file must be WebVTT: its first line must be "WEBVTT".'),
            code="not_webvtt",
        )
    if any(ord(c) < 32 and c not in "\n\t" for c in text):
        raise ValidationError(_("The subtitle file must contain only text."), code="not_text")
    return text


def subtitles_file(text):
    return ContentFile(text.encode("utf-8"), name="subtitles.vtt")


# --- Processing --------------------------------------------------------------------


@contextmanager
def local_copy(field_file):
    """A path to the file on local disk (private storage may be an object store)."""
    try:
        path = field_file.path
    except NotImplementedError:
        path = None
    if path:
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="revier-") as folder:
        path = os.path.join(folder, "original")
        with field_file.open("rb") as src, open(path, "wb") as dst:
            shutil.copyfileobj(src, dst)
        yield path


def _redaction_regions(media):
    if not media.regions:
        return ()
    from posts.redaction import parse_regions

    return parse_regions(media.regions)


def make_renditions(media, files):
    """Make the public files of a photo or video; returns the fields to set."""
    if media.kind == MediaItem.Kind.PHOTO:
        with media.original.open("rb") as f:
            renditions = processing.photo_renditions(f, regions=_redaction_regions(media))
        entries = save_photo_renditions(files, renditions)
        largest = entries[-1]
        return {"renditions": entries, "width": largest["width"], "height": largest["height"]}

    with local_copy(media.original) as src, tempfile.TemporaryDirectory(
        prefix="revier-"
    ) as folder:
        dst = os.path.join(folder, "video.mp4")
        # Redaction (issue 8): "blur all detected faces" filters every frame.
        from posts.redaction_tasks import video_frame_filter

        info = processing.video_rendition(src, dst, frame_filter=video_frame_filter(media))
        with open(dst, "rb") as f:
            video = files.save("v", "mp4", File(f))
            video_bytes = os.path.getsize(dst)
    poster = files.save("v", "jpg", info.poster)
    return {
        "video": video, "video_bytes": video_bytes, "poster": poster, "width": info.width,
        "height": info.height, "duration": info.duration, "renditions": [],
    }


def process(media):
    """Turn a claimed item's original into public files and mark it ready, or failed
    with a reason the officer can read. A failure leaves no file behind: neither a
    rendition nor the original (the row stays, so that the officer sees why)."""
    files = PublicFiles()
    old_public = [n for n in [r["name"] for r in media.renditions] + [media.video, media.poster]
                  if n]
    try:
        fields = make_renditions(media, files)
    except ValidationError as exc:
        return _fail(media, files, old_public, " ".join(exc.messages))
    except Exception:
        logger.exception("processing media item %s failed", media.pk)
        return _fail(media, files, old_public, str(MSG_PROCESSING_FAILED))

    updated = MediaItem.objects.filter(pk=media.pk).update(
        status=MediaItem.Status.READY, failure_reason="", claimed_at=None, **fields
    )
    if not updated:  # deleted while we worked: its files would be orphans
        files.discard()
        return False
    files_changed(media)
    # Reprocessing (say, after regions were marked) replaces the earlier files.
    delete_files(public_storage(), old_public)
    for name, value in fields.items():
        setattr(media, name, value)
    media.status = MediaItem.Status.READY
    return True


def files_changed(media):
    """update() sends no signal (posts/signals.py): the pages that show the item, if its
    post is published, show its new files (or none) at once."""
    pagecache.post_and_lists_changed(media.post_id)


def _fail(media, files, old_public, reason):
    # Earlier renditions go too: after a change of regions they may show what was
    # meant to be blurred.
    files.discard()
    original = media.original.name
    MediaItem.objects.filter(pk=media.pk).update(
        status=MediaItem.Status.FAILED, failure_reason=reason[:300], claimed_at=None,
        original="", renditions=[], video="", poster="",
    )
    files_changed(media)
    delete_files(private_storage(), [original])
    delete_files(public_storage(), old_public)
    media.status, media.failure_reason, media.original = MediaItem.Status.FAILED, reason, None
    media.renditions, media.video, media.poster = [], "", ""
    return False


def enqueue_processing(media_ids):
    """Process the items once the transaction that stored them has committed."""
    from posts.tasks import process_media

    ids = list(media_ids)
    transaction.on_commit(lambda: [process_media.enqueue(pk) for pk in ids])


# --- Portraits (officers reach these through their model) --------------------------


def portrait_renditions(original):
    """Public renditions of an officer's portrait; returns the JSON entries."""
    files = PublicFiles()
    try:
        with original.open("rb") as f:
            renditions = processing.photo_renditions(f, widths=PORTRAIT_WIDTHS)
        return save_photo_renditions(files, renditions)
    except BaseException:
        files.discard()
        raise
