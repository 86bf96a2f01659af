"""Resumable uploads (tus 1.0): the rules every piece and every upload obeys.

- An upload announces its size first; more than a file may have, or more open uploads
  than a post can use, is refused before a byte is stored.
- A piece is stored only once it has arrived whole (a dropped connection stores nothing
  of it, and the client asks where to go on). Its first bytes must be a photo or a video
  format the portal accepts: anything else is refused at the first piece, and the upload
  is deleted.
- The last piece joins the pieces into one file, which is inspected like every upload
  (`processing.inspect_upload`); a file that fails is deleted with everything it left.
- Unfinished uploads, and finished ones no post took, expire after
  RESUMABLE_UPLOAD_EXPIRY_HOURS and are deleted by `delete_expired_uploads`.
"""

import datetime
import logging
import shutil
import tempfile
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.media import processing
from portal.media.storage import (
    delete_after_commit,
    delete_files,
    private_storage,
    random_name,
)
from posts.models import ResumableUpload

logger = logging.getLogger(__name__)

COPY_BUFFER = 1024 * 1024


class Refused(Exception):
    """The request breaks a rule: `status` is the HTTP answer, `message` says why."""

    def __init__(self, status, message):
        super().__init__(str(message))
        self.status, self.message = status, message


def max_file_bytes():
    return min(settings.UPLOAD_MAX_BYTES, max(processing.PHOTO_MAX_BYTES,
                                              processing.VIDEO_MAX_BYTES))


def expiry():
    return timezone.now() + datetime.timedelta(hours=settings.RESUMABLE_UPLOAD_EXPIRY_HOURS)


def create(user, length, filename=""):
    if length <= 0:
        raise Refused(400, _("The file is empty."))
    if length > max_file_bytes():
        raise Refused(413, _("The file is too large: at most %(limit)d MB are allowed.")
                      % {"limit": max_file_bytes() // (1024 * 1024)})
    open_uploads = ResumableUpload.objects.of(user)
    if open_uploads.count() >= settings.RESUMABLE_UPLOADS_PER_USER:
        raise Refused(429, _("Too many uploads at once. Please send the post you are "
                             "writing first, or wait a day for unused uploads to expire."))
    return ResumableUpload.objects.create(
        owner=user, length=length, filename=filename[:255], expires_at=expiry(),
    )


def _piece_name(upload):
    return random_name(f"resumable/{upload.pk}", "part")


def append(upload, offset, body, size):
    """Store `size` bytes read from `body` as the piece at `offset`; returns the upload as
    stored afterwards. A piece that does not arrive whole is dropped (Refused 400)."""
    if upload.is_complete:
        raise Refused(403, _("This upload is already complete."))
    if offset != upload.offset:
        raise Refused(409, _("The upload is at %(offset)d bytes, not %(asked)d.")
                      % {"offset": upload.offset, "asked": offset})
    if size > settings.RESUMABLE_PIECE_MAX_BYTES:
        raise Refused(413, _("A piece may have at most %(limit)d MB.")
                      % {"limit": settings.RESUMABLE_PIECE_MAX_BYTES // (1024 * 1024)})
    if offset + size > upload.length:
        raise Refused(413, _("The piece goes past the announced size of the file."))
    with tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE) as piece:
        received = _copy(body, piece, size)
        if received != size:
            raise Refused(400, _("The piece did not arrive whole; please send it again."))
        if offset == 0:
            _check_first_bytes(upload, piece)
        piece.seek(0)
        name = private_storage().save(_piece_name(upload), File(piece))
    # Only one of two requests for the same offset (a client that retried while its
    # first try was still arriving) moves the upload on; the other's piece goes again.
    moved = ResumableUpload.objects.filter(pk=upload.pk, offset=offset).update(
        offset=offset + size, pieces=[*upload.pieces, name], expires_at=expiry(),
        kind=upload.kind,
    )
    if not moved:
        delete_files(private_storage(), [name])
        raise Refused(409, _("Another request has sent this piece already."))
    upload.refresh_from_db()
    if upload.offset == upload.length:
        _complete(upload)
    return upload


def _copy(source, target, size):
    received = 0
    while received < size:
        try:
            data = source.read(min(COPY_BUFFER, size - received))
        except OSError:  # the client went away (UnreadablePostError, gunicorn's NoMoreData)
            break
        if not data:
            break
        target.write(data)
        received += len(data)
    return received


def _check_first_bytes(upload, piece):
    piece.seek(0)
    kind = processing.kind_of_head(piece.read(processing.SNIFF_BYTES))
    if kind is None:
        discard(upload)
        raise Refused(415, processing.MSG_UNSUPPORTED)
    if kind == "photo" and upload.length > processing.PHOTO_MAX_BYTES:
        discard(upload)
        raise Refused(413, _("The photo is too large: at most %(limit)d MB are allowed.")
                      % {"limit": processing.PHOTO_MAX_BYTES // (1024 * 1024)})
    upload.kind = kind


def _complete(upload):
    """Join the pieces into one private file and inspect it; a file that fails is
    deleted with its pieces (Refused 422 with the inspection's message)."""
    storage = private_storage()
    with tempfile.TemporaryFile() as whole:
        for name in upload.pieces:
            with storage.open(name, "rb") as piece:
                shutil.copyfileobj(piece, whole, COPY_BUFFER)
        whole.seek(0)
        try:
            processing.inspect_upload(whole)
        except ValidationError as exc:
            discard(upload)
            raise Refused(422, " ".join(exc.messages)) from exc
        whole.seek(0)
        name = storage.save(random_name(f"resumable/{upload.pk}", "file"),
                            File(whole))
    pieces = upload.pieces
    ResumableUpload.objects.filter(pk=upload.pk).update(
        pieces=[name], completed_at=timezone.now(), expires_at=expiry(),
    )
    delete_files(storage, pieces)
    upload.refresh_from_db()


def discard(upload):
    """Delete an upload and every piece it stored."""
    names = list(upload.pieces)
    ResumableUpload.objects.filter(pk=upload.pk).delete()
    delete_files(private_storage(), names)


def forget(user):
    """Delete every upload of `user`; their files go once that is committed."""
    uploads = ResumableUpload.objects.filter(owner=user)
    names = [name for pieces in uploads.values_list("pieces", flat=True) for name in pieces]
    uploads.delete()
    delete_after_commit(private=names)


def finished(user, ids):
    """The finished uploads of `user` with these ids, in their order; None when one of
    them is not theirs, not finished, expired or not an id at all."""
    try:
        ids = [uuid.UUID(str(value)) for value in ids]
    except ValueError:
        return None
    found = ResumableUpload.objects.completed_for(user).in_bulk(ids)
    if len(found) != len(set(ids)) or len(ids) != len(set(ids)):
        return None
    return [found[pk] for pk in ids]


def open_file(upload):
    """The finished file, named as on the officer's device, for the studio's form."""
    storage = private_storage()
    return File(storage.open(upload.pieces[0], "rb"), name=upload.filename or "upload")


def used(uploads):
    """The post that took these uploads is saved: delete them once it is committed."""
    uploads = list(uploads)
    transaction.on_commit(lambda: [discard(upload) for upload in uploads])


def delete_expired(now=None):
    """Deletes expired uploads with their pieces; returns how many."""
    count = 0
    for upload in ResumableUpload.objects.expired(now).iterator():
        discard(upload)
        count += 1
    return count
