"""A post's media files: storing uploads, turning them into renditions, and keeping
them in the store where they belong.

Originals go to private storage under random names and are never served (DESIGN
principle 1). Renditions, posters, videos and subtitles are in the public store (under
random names nobody can guess) only while their post is public and the item is not
taken offline; otherwise in the private store, seen by the officer and the press office
through signed links (posts.media_links). `place_files` moves them when that changes
(after every transition of the post, and periodically for moves a crash cut short), each
time under new random names: a URL that went offline never answers again. `portal.media`
does the image and video work and knows the stores; this module decides which files a
media item has and makes sure none are left behind when something fails (principle 4).
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
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image

from portal import pagecache
from portal.media import processing
from portal.media.redaction import MAX_REGIONS, face_blur_filter, get_detector, parse_regions
from portal.media.renditions import save_photo_renditions
from portal.media.storage import StoredFiles, delete_files, private_storage, storage_of
from posts.models import MediaItem, MediaRedaction, Post, RedactionSuggestion

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


def _store_for(media):
    """Where new files of an item go: where its other files are (its subtitles); for an
    item without any, where they belong (public if its post is)."""
    if media.subtitles.name:
        return media.files_public
    return media.belongs_online


def process(media, *, _again=True):
    """Turn a claimed item's original into renditions and mark it ready, or failed
    with a reason the officer can read. A failure leaves no file behind: neither a
    rendition nor the original (the row stays, so that the officer sees why)."""
    files = StoredFiles(public=_store_for(media))
    try:
        fields = make_renditions(media, files)
    except ValidationError as exc:
        return _fail(media, files, " ".join(exc.messages))
    except Exception:
        logger.exception("processing media item %s failed", media.pk)
        return _fail(media, files, str(MSG_PROCESSING_FAILED))

    # The row that names the new files and their leaving the journal of pending files
    # are one unit: if saving fails (the database went away), none of them stays
    # and the error goes up, so the worker runs the task again. The files replaced are
    # the row's as it is now (moved meanwhile, they have other names).
    moved = False
    try:
        with transaction.atomic():
            current = MediaItem.objects.select_for_update().filter(pk=media.pk).first()
            if current is not None and current.subtitles.name \
                    and current.files_public != files.public:
                moved = True  # its files moved while we worked: ours go there too
            elif current is not None:
                MediaItem.objects.filter(pk=media.pk).update(
                    status=MediaItem.Status.READY, failure_reason="", claimed_at=None,
                    files_public=files.public, **fields,
                )
                files.keep(replaced=_renditions_of(current),
                           replaced_public=current.files_public)
    except BaseException:
        files.discard()
        raise
    if current is None:  # deleted while we worked: its files would be orphans
        files.discard()
        return False
    if moved:
        files.discard()
        media.files_public = current.files_public
        if _again:
            return process(media, _again=False)
        raise RuntimeError(f"the files of media item {media.pk} keep moving")
    files_changed(media)
    # Reprocessing (say, after regions were marked) replaces the earlier files.
    files.delete_replaced()
    for name, value in fields.items():
        setattr(media, name, value)
    media.status, media.files_public = MediaItem.Status.READY, files.public
    # The post may have been published or withdrawn meanwhile.
    place_files(media.pk)
    return True


def _renditions_of(item):
    return [n for n in [r["name"] for r in item.renditions] + [item.video, item.poster] if n]


def files_changed(media):
    """update() sends no signal (posts/signals.py): the pages that show the item, if its
    post is published, show its new files (or none) at once."""
    pagecache.post_and_lists_changed(media.post_id)


def _fail(media, files, reason):
    # Earlier renditions go too: after a change of regions they may show what was
    # meant to be blurred.
    files.discard()
    original = media.original.name
    with transaction.atomic():
        current = MediaItem.objects.select_for_update().filter(pk=media.pk).first()
        if current is None:
            return False
        MediaItem.objects.filter(pk=media.pk).update(
            status=MediaItem.Status.FAILED, failure_reason=reason[:300], claimed_at=None,
            original="", renditions=[], video="", poster="",
        )
        files.keep(replaced=_renditions_of(current), replaced_public=current.files_public)
    files_changed(media)
    delete_files(private_storage(), [original])
    files.delete_replaced()
    media.status, media.failure_reason, media.original = MediaItem.Status.FAILED, reason, None
    media.renditions, media.video, media.poster = [], "", ""
    return False


# --- Where the files are: public or private --------------------------------------


def _renamed(item, moved):
    """The row's file fields with the names of the moved copies."""
    return {
        "renditions": [{**r, "name": moved[r["name"]]} for r in item.renditions],
        "video": moved.get(item.video, ""),
        "poster": moved.get(item.poster, ""),
        "subtitles": moved.get(item.subtitles.name, ""),
    }


def place_files(media_id, *, _again=True):
    """Moves the item's files to the store where they belong (public while its post is
    public and it is not offline, private otherwise); returns True if it moved them.

    Going private, every file gets a new random name; going public, it keeps its name
    (one never public before), so that the pages and the Fediverse documents made in the
    transaction that publishes the post can name the public URLs (posts.media_links). A
    URL that went offline thus never answers again. Crash-safe like processing: each
    copy is journaled before it is written, the row takes the copies over in one
    transaction that journals the old files, and those are deleted after the commit (or
    by the sweep, if the process dies first). Safe to run twice at once. Run outside any
    transaction (after the commit of the change that calls for it)."""
    item = MediaItem.objects.select_related("post", "post__officer").filter(pk=media_id).first()
    if item is None:
        return False
    public = item.belongs_online
    if item.files_public == public:
        return False
    names = item.file_names()
    files = StoredFiles(public=public)
    source = storage_of(item.files_public)
    current = None
    try:
        try:
            moved = {name: files.copy(source, name, same_name=public) for name in names}
        except FileNotFoundError:
            if not _again:
                raise
            # Moved meanwhile by another run (which deleted what we copy): look again.
            files.discard(spare=_named_in(media_id, public))
            return place_files(media_id, _again=False)
        with transaction.atomic():
            current = MediaItem.objects.select_for_update().filter(pk=media_id).first()
            same = (current is not None and current.files_public == item.files_public
                    and current.file_names() == names)
            if same:
                MediaItem.objects.filter(pk=media_id).update(
                    files_public=public, **_renamed(current, moved))
                files.keep(replaced=names, replaced_public=item.files_public)
    except BaseException:
        files.discard(spare=_named_in(media_id, public))
        raise
    if not same:  # processed, moved or deleted meanwhile: look again
        files.discard(spare=_named_in(media_id, public))
        return place_files(media_id, _again=False) if _again and current else False
    files_changed(item)
    files.delete_replaced()
    return True


def _named_in(media_id, public):
    """The files the item's row names now, if they are in that store (a move running at
    the same time may have made them ours)."""
    try:
        current = MediaItem.objects.filter(pk=media_id, files_public=public).first()
    except Exception:  # the database is gone: keep every file, the sweep decides
        logger.warning("media item %s not read", media_id, exc_info=True)
        return None
    return current.file_names() if current else ()


def place_post_media(post_id):
    """place_files() for every item of a post; returns how many moved. One that cannot
    be moved now (the store is down) is logged and left to place_misplaced()."""
    moved = 0
    items = MediaItem.objects.filter(post_id=post_id).select_related("post", "post__officer")
    for pk in [item.pk for item in items if item.files_public != item.belongs_online]:
        try:
            moved += place_files(pk)
        except Exception:
            logger.exception("the files of media item %s could not be moved", pk)
    return moved


def misplaced():
    """Items whose files are in the wrong store: public while their post is not public
    (or they are offline), private while it is."""
    online = Q(post__in=Post.objects.published(), offline_since__isnull=True)
    return MediaItem.objects.filter(
        Q(files_public=True) & ~online | Q(files_public=False) & online)


def place_misplaced(limit=100):
    """Moves the files of misplaced items (a move that failed or was cut short, a post
    that went public or stopped being public without a transition); returns how many."""
    moved = 0
    for pk in misplaced().values_list("pk", flat=True)[:limit]:
        try:
            moved += place_files(pk)
        except Exception:
            logger.exception("the files of media item %s could not be moved", pk)
    return moved


def place_after_commit(post_id):
    """After the current transaction commits (at once outside one): the post's media
    go where they belong."""
    transaction.on_commit(lambda: place_post_media(post_id), robust=True)
