"""Where media files go: the public store (renditions, under random names) and the
private store for uploaded originals (no URL at all; see settings.STORAGES), and the
helpers that make sure no file is left behind when something fails.

A FileField calls its storage callable once, when the model class is built; returning
a lazy proxy makes the field follow `STORAGES` at run time (tests give every test its
own folders), as Django's `default_storage` does for public files."""

import logging
import os
import secrets
import shutil
import tempfile
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import DatabaseError, transaction
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

from portal.models import PendingFile

logger = logging.getLogger(__name__)


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


private_media_storage = PrivateStorage()


def private_storage():
    return private_media_storage


def public_storage():
    return storages["default"]


def public_url(name):
    return public_storage().url(name)


@receiver(setting_changed)
def forget_private_storage(*, setting, **kwargs):
    if setting in ("STORAGES", "PRIVATE_MEDIA_ROOT"):
        private_media_storage._wrapped = empty


@contextmanager
def local_copy(field_file):
    """A path to a stored file on local disk (private storage may be an object store:
    then a temporary copy, removed afterwards). For PyAV, which reads paths fastest."""
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


def random_name(folder, extension):
    token = secrets.token_hex(16)
    return f"{folder}/{token[:2]}/{token}.{extension}"


def delete_files(storage, names):
    """Delete files, ignoring ones already gone: cleanup must never fail the caller.
    Returns the names that could not be deleted."""
    kept = []
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except Exception:  # a file we cannot delete must not hide the real error
            logger.warning("could not delete %s", name, exc_info=True)
            kept.append(name)
    return kept


def delete_after_commit(public=(), private=()):
    """Delete files once the rows pointing at them are gone for good."""
    public, private = list(public), list(private)

    def delete():
        delete_files(public_storage(), public)
        delete_files(private_storage(), private)

    transaction.on_commit(delete)


class PublicFiles:
    """Collects the public files written during one job, so that they can all be
    removed again if the job fails, and none is left without a row if the job dies.

    Each name is entered in the journal (PendingFile) before the file is written, in a
    transaction of its own; `keep()`, called inside the transaction that saves the row
    naming the files, takes them out again. A job killed in between leaves journal
    entries, and the periodic sweep deletes their files."""

    def __init__(self):
        self.names = []

    def save(self, folder, extension, content):
        if isinstance(content, bytes):
            content = ContentFile(content)
        name = random_name(folder, extension)
        with transaction.atomic():
            PendingFile.objects.create(name=name)
        try:
            stored = public_storage().save(name, content)
        except BaseException:
            self.names.append(name)  # a part may have been written: discard() takes it
            raise
        if stored != name:  # the storage chose another name: journal that one too
            with transaction.atomic():
                PendingFile.objects.create(name=stored)
        self.names.append(stored)
        return stored

    def keep(self, replaced=()):
        """Inside the transaction that saves the row naming these files (see keep())."""
        self.replaced = keep(self.names, replaced=replaced)

    def delete_replaced(self):
        delete_replaced(self.replaced)

    def discard(self):
        kept = delete_files(public_storage(), self.names)
        try:
            PendingFile.objects.filter(
                name__in=[n for n in self.names if n not in kept]).delete()
        except DatabaseError:  # the sweep removes the entries, the files are gone
            logger.warning("pending files not taken off the journal", exc_info=True)
        self.names = []


def keep(names, *, replaced=()):
    """Inside the transaction that saves the row naming `names`: those files are no
    longer pending. The `replaced` files, which no row names any more, are pending until
    delete_replaced(), after the commit. Returns the replaced names."""
    PendingFile.objects.filter(name__in=list(names)).delete()
    replaced = [name for name in replaced if name]
    PendingFile.objects.bulk_create(PendingFile(name=name) for name in replaced)
    return replaced


def delete_replaced(names):
    """Deletes replaced files; one the store would not delete stays pending (the sweep
    tries again)."""
    kept = delete_files(public_storage(), names)
    PendingFile.objects.filter(name__in=[n for n in names if n not in kept]).delete()


def delete_abandoned_files(older_than):
    """Deletes the public files of journal entries older than `older_than` (a datetime):
    jobs that died between writing a file and saving the row that names it. Returns how
    many."""
    abandoned = dict(PendingFile.objects.filter(since__lt=older_than).values_list(
        "pk", "name"))
    kept = set(delete_files(public_storage(), list(abandoned.values())))
    gone = [pk for pk, name in abandoned.items() if name not in kept]
    PendingFile.objects.filter(pk__in=gone).delete()
    return len(gone)
