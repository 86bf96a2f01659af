"""A post's media files: storing uploads and turning them into public renditions.

Originals go to private storage under random names and are never served (DESIGN
principle 1). Renditions, posters, videos and subtitles go to public storage under
random names nobody can guess, so a draft's files cannot be found before it is
published. `portal.media` does the image and video work and knows the stores; this
module decides which files a media item has and makes sure none are left behind when
something fails (principle 4).
"""

import io
import logging
import os
import shutil
import tempfile
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image

from portal import pagecache
from portal.media import processing
from portal.media.redaction import MAX_REGIONS, face_blur_filter, get_detector, parse_regions
from portal.media.renditions import save_photo_renditions
from portal.media.storage import PublicFiles, delete_files, private_storage
from posts.models import MediaItem, MediaRedaction, RedactionSuggestion

logger = logging.getLogger(__name__)

SUBTITLES_MAX_BYTES = 256 * 1024
DETECT_WIDTH = 1024  # for a detector that names no max_side of its own

MSG_PROCESSING_FAILED = _(
    "Processing failed for a technical reason. Please delete it and upload the file again."
)


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


# --- Redaction while processing: suggestions and the video filter ----------------

def oriented_copy(item, width, regions=()):
    """The upright photo, at most `width` wide, without metadata, as a JPEG rendition."""
    with item.original.open("rb") as f:
        (rendition,) = processing.photo_renditions(
            f, regions=regions, widths=[width], formats=["jpeg"]
        )
    return rendition


def suggest_regions(item):
    """Runs the detector on a photo the first time it is processed and stores what it
    proposes. Returns the new suggestions (none on later processing). A detector that
    fails only costs the suggestions: processing goes on (and says why a broken file
    cannot be used)."""
    if item.kind != MediaItem.Kind.PHOTO or not item.original:
        return []
    redaction, _created = MediaRedaction.objects.get_or_create(media=item)
    if redaction.detected_at is not None:
        return []
    detector = get_detector()
    width = getattr(detector, "max_side", DETECT_WIDTH)
    try:
        rendition = oriented_copy(item, width)
        with Image.open(io.BytesIO(rendition.data)) as image:
            found = detector.detect(image.convert("RGB"))
    except ValidationError:
        return []  # not a usable photo: processing reports it
    except Exception:
        logger.exception("redaction detector failed on media item %s", item.pk)
        return []
    kinds = set(RedactionSuggestion.Kind.values)
    rows = [
        RedactionSuggestion(
            media=item, kind=s.region.kind, x=s.region.x, y=s.region.y, w=s.region.w,
            h=s.region.h, score=float(s.score),
        )
        for s in found
        if s.region.kind in kinds
    ][:MAX_REGIONS]
    with transaction.atomic():
        created = RedactionSuggestion.objects.bulk_create(rows)
        MediaRedaction.objects.filter(pk=redaction.pk).update(
            detected_at=timezone.now(),
            detector=f"{type(detector).__module__}.{type(detector).__qualname__}"[:200],
        )
    return created


def blurs_faces(item):
    return MediaRedaction.objects.filter(media=item, blur_faces=True).exists()


def video_frame_filter(item):
    """The frame filter for transcoding a video: every detected face pixelated when the
    item asks for it, else None."""
    if item.kind != MediaItem.Kind.VIDEO or not blurs_faces(item):
        return None
    return face_blur_filter()


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
    return parse_regions(media.regions) if media.regions else ()


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
        # Redaction: "blur all detected faces" filters every frame.
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

    # The row that names the new files and their leaving the journal of pending files
    # are one unit: if saving fails (the database went away), none of them stays public
    # and the error goes up, so the worker runs the task again.
    try:
        with transaction.atomic():
            updated = MediaItem.objects.filter(pk=media.pk).update(
                status=MediaItem.Status.READY, failure_reason="", claimed_at=None, **fields
            )
            if updated:
                files.keep(replaced=old_public)
    except BaseException:
        files.discard()
        raise
    if not updated:  # deleted while we worked: its files would be orphans
        files.discard()
        return False
    files_changed(media)
    # Reprocessing (say, after regions were marked) replaces the earlier files.
    files.delete_replaced()
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
    with transaction.atomic():
        MediaItem.objects.filter(pk=media.pk).update(
            status=MediaItem.Status.FAILED, failure_reason=reason[:300], claimed_at=None,
            original="", renditions=[], video="", poster="",
        )
        files.keep(replaced=old_public)
    files_changed(media)
    delete_files(private_storage(), [original])
    files.delete_replaced()
    media.status, media.failure_reason, media.original = MediaItem.Status.FAILED, reason, None
    media.renditions, media.video, media.poster = [], "", ""
    return False
