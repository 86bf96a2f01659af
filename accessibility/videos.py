"""Videos in German Sign Language through the portal's video pipeline
(portal.media.processing): checked at upload, transcoded to the public MP4 with a poster
by the task worker, and checked again on what came out.

Sign language must be readable: hands, face and mouth. BITV 2.0 Anlage 2 Teil 1 asks
for at least 320 × 240 pixels and 25 frames per second; a video below either is refused
with a message that says so."""

import logging
import os
import tempfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accessibility.models import SignLanguageVideo
from portal import pagecache
from portal.media import processing
from portal.media.storage import (
    PublicFiles,
    delete_files,
    local_copy,
    private_storage,
    public_storage,
)

logger = logging.getLogger(__name__)

MIN_LONG_SIDE, MIN_SHORT_SIDE = 320, 240
MIN_FRAME_RATE = 25
# A 25 fps video measures 24.9x when a frame's timestamp jitters; 24 fps film does not pass.
FRAME_RATE_TOLERANCE = 0.5

MSG_TOO_SMALL = _(
    "This video is too small (%(width)s × %(height)s pixels). A video in sign language "
    "needs at least 320 × 240 pixels, so that hands, face and mouth can be seen."
)
MSG_TOO_SLOW = _(
    "This video has %(rate)s frames per second. A video in sign language needs at least "
    "25, so that quick movements of the hands stay readable. Please export it with 25 or "
    "30 frames per second."
)
MSG_PROCESSING_FAILED = _(
    "Processing failed for a technical reason. Please upload the file again."
)


def check_readable(width, height, frame_rate):
    """Raises ValidationError when a video is too small or too slow for sign language."""
    short, long = sorted((width, height))
    if long < MIN_LONG_SIDE or short < MIN_SHORT_SIDE:
        raise ValidationError(MSG_TOO_SMALL, code="too_small",
                              params={"width": width, "height": height})
    if not frame_rate or frame_rate < MIN_FRAME_RATE - FRAME_RATE_TOLERANCE:
        raise ValidationError(MSG_TOO_SLOW, code="too_slow",
                              params={"rate": f"{frame_rate or 0:.3g}"})


def inspect(upload):
    """The check of an upload in the admin form: a video the pipeline accepts, no longer
    than SIGN_LANGUAGE_VIDEO_MAX_SECONDS, readable as sign language."""
    info = processing.inspect_upload(
        upload, kind="video", video_max_seconds=settings.SIGN_LANGUAGE_VIDEO_MAX_SECONDS)
    check_readable(info.width, info.height, info.frame_rate)
    return info


def process(video):
    """Makes the public MP4 and poster of `video` from its private original and marks it
    ready, or failed with a reason the press office can read (the original is deleted
    then, as for a post's media). Files of an earlier upload are replaced. Returns
    "ready", "failed" or "skipped" (replaced or deleted meanwhile)."""
    original = video.original.name
    files = PublicFiles()
    try:
        fields = _renditions(video, files)
    except ValidationError as exc:
        return _fail(video, files, original, " ".join(exc.messages))
    except Exception:
        logger.exception("sign language video %s failed", video.pk)
        return _fail(video, files, original, str(MSG_PROCESSING_FAILED))
    try:
        with transaction.atomic():
            current = SignLanguageVideo.objects.select_for_update().filter(
                pk=video.pk, original=original).first()
            if current is not None:
                old = current.public_names()
                SignLanguageVideo.objects.filter(pk=video.pk).update(
                    status=SignLanguageVideo.Status.READY, failure_reason="", **fields)
                files.keep(replaced=old)
    except BaseException:
        files.discard()
        raise
    if current is None:
        files.discard()
        return "skipped"
    files.delete_replaced()
    pagecache.bump("accessibility")
    return "ready"


def _renditions(video, files):
    with local_copy(video.original) as src, tempfile.TemporaryDirectory(
        prefix="revier-"
    ) as folder:
        dst = os.path.join(folder, "video.mp4")
        info = processing.video_rendition(
            src, dst, max_seconds=settings.SIGN_LANGUAGE_VIDEO_MAX_SECONDS)
        # What comes out is checked as well: the pipeline drops frames above its
        # maximum rate and never upscales, so this holds what the upload check found.
        result = processing.inspect_upload(
            dst, kind="video", video_max_seconds=settings.SIGN_LANGUAGE_VIDEO_MAX_SECONDS)
        check_readable(result.width, result.height, result.frame_rate)
        with open(dst, "rb") as f:
            name = files.save("v", "mp4", File(f))
        size = os.path.getsize(dst)
    poster = files.save("v", "jpg", info.poster)
    return {"video": name, "poster": poster, "video_bytes": size, "width": info.width,
            "height": info.height, "duration": info.duration,
            "frame_rate": result.frame_rate}


def _fail(video, files, original, reason):
    files.discard()
    with transaction.atomic():
        current = SignLanguageVideo.objects.select_for_update().filter(
            pk=video.pk, original=original).first()
        if current is None:
            return "skipped"
        old = current.public_names()
        SignLanguageVideo.objects.filter(pk=video.pk).update(
            status=SignLanguageVideo.Status.FAILED, failure_reason=reason[:300],
            original="", video="", poster="", video_bytes=None, duration=None,
            frame_rate=None)
    delete_files(private_storage(), [original])
    delete_files(public_storage(), old)
    pagecache.bump("accessibility")
    return "failed"
