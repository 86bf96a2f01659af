"""Where media files go: the public store (renditions of what is public, under random
names) and the private store (uploaded originals, and the renditions of what is not
public yet or any more; no URL at all, see settings.STORAGES), and the helpers that make
sure no file is left behind when something fails or a file moves between them.

A FileField calls its storage callable once, when the model class is built; returning
a lazy proxy makes the field follow `STORAGES` at run time (tests give every test its
own folders), as Django's `default_storage` does for public files."""

import datetime
import logging
import os
import secrets
import shutil
import tempfile
from contextlib import contextmanager

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import DatabaseError, transaction
from django.dispatch import receiver
from django.utils import timezone
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


def storage_of(public):
    return public_storage() if public else private_storage()


class StoredFiles:
    """Collects the files written during one job into one store (public or private),
    so that they can all be removed again if the job fails, and none is left without a
    row if the job dies.

    Each name is entered in the journal (PendingFile) before the file is written, in a
    transaction of its own; `keep()`, called inside the transaction that saves the row
    naming the files, takes them out again. A job killed in between leaves journal
    entries, and the periodic sweep deletes their files. Jobs that write files run
    outside any transaction (the task worker, or after a commit): an entry written inside
    one would vanish with its rollback."""

    def __init__(self, *, public=True):
        self.public = public
        self.names = []
        self.replaced = []

    @property
    def storage(self):
        return storage_of(self.public)

    def _journal(self, name):
        with transaction.atomic():
            PendingFile.objects.create(name=name, private=not self.public)

    def save(self, folder, extension, content):
        if isinstance(content, bytes):
            content = ContentFile(content)
        name = random_name(folder, extension)
        self._journal(name)
        try:
            stored = self.storage.save(name, content)
        except BaseException:
            self.names.append(name)  # a part may have been written: discard() takes it
            raise
        if stored != name:  # the storage chose another name: journal that one too
            self._journal(stored)
        self.names.append(stored)
        return stored

    def copy(self, source, name, *, same_name=False):
        """Copies the file `name` of the store `source` into this one; returns the new
        name. Under a fresh random name (same folder and extension), or with
        `same_name` under the same one: a name that was never public may keep its name
        when it goes public, so that its public URL is known before the copy is made
        (the public pages and the Fediverse documents of a post being published name it
        in the transaction that publishes it). A copy already there whole is kept: a
        move running twice at once writes it once."""
        if same_name:
            self._journal(name)
            self.names.append(name)  # discard() takes it, and its entry, whatever happens
            target = self.storage
            if target.exists(name):
                if target.size(name) == source.size(name):
                    return name
                target.delete(name)  # a part left by a move that died
            with source.open(name, "rb") as f:
                stored = target.save(name, File(f, name=name))
            if stored != name:  # written meanwhile by another move: that one counts
                self._journal(stored)
                if not delete_files(target, [stored]):
                    PendingFile.objects.filter(name=stored, private=not self.public).delete()
            return name
        folder = name.split("/", 1)[0] if "/" in name else "m"
        extension = name.rsplit(".", 1)[-1] if "." in name.rsplit("/", 1)[-1] else "bin"
        with source.open(name, "rb") as f:
            return self.save(folder, extension, File(f, name=name))

    def keep(self, replaced=(), *, replaced_public=None):
        """Inside the transaction that saves the row naming these files (see keep()).
        `replaced` are in the store `replaced_public` says (this one unless told)."""
        self.replaced_public = self.public if replaced_public is None else replaced_public
        self.replaced = keep(self.names, replaced=replaced, public=self.public,
                             replaced_public=self.replaced_public)

    def delete_replaced(self):
        delete_replaced(self.replaced, public=getattr(self, "replaced_public", self.public))

    def discard(self, spare=()):
        """Deletes the files written (but those in `spare`: named by a row meanwhile)
        and takes them off the journal."""
        if spare is None:  # not known: keep the files, leave the entries to the sweep
            self.names = []
            return
        spare = set(spare)
        kept = delete_files(self.storage, [n for n in self.names if n not in spare])
        try:
            PendingFile.objects.filter(
                name__in=[n for n in self.names if n not in kept],
                private=not self.public).delete()
        except DatabaseError:  # the sweep removes the entries, the files are gone
            logger.warning("pending files not taken off the journal", exc_info=True)
        self.names = []


class PublicFiles(StoredFiles):
    """Files written into the public store (renditions of an officer's portrait)."""

    def __init__(self):
        super().__init__(public=True)


def keep(names, *, replaced=(), public=True, replaced_public=None):
    """Inside the transaction that saves the row naming `names`: those files are no
    longer pending. The `replaced` files, which no row names any more, are pending until
    delete_replaced(), after the commit. Returns the replaced names."""
    replaced_public = public if replaced_public is None else replaced_public
    PendingFile.objects.filter(name__in=list(names), private=not public).delete()
    return journal_for_deletion(replaced, public=replaced_public)


def journal_for_deletion(names, *, public):
    """Inside the transaction that deletes the rows naming `names`: the files are
    pending from then on, so that a process dying before delete_replaced() (after the
    commit) leaves them to the sweep, never online without a row."""
    names = [name for name in names if name]
    # No job will take these over again: the next sweep may delete them (a file the
    # store refused to delete stays online no longer than that).
    due = timezone.now() - datetime.timedelta(seconds=settings.PENDING_FILE_SECONDS + 1)
    PendingFile.objects.bulk_create(
        PendingFile(name=name, private=not public, since=due) for name in names)
    return names


def delete_replaced(names, *, public=True):
    """Deletes replaced files; one the store would not delete stays pending (the sweep
    tries again)."""
    kept = delete_files(storage_of(public), names)
    PendingFile.objects.filter(name__in=[n for n in names if n not in kept],
                               private=not public).delete()


def delete_abandoned_files(older_than):
    """Deletes the files of journal entries older than `older_than` (a datetime): jobs
    that died between writing a file and saving the row that names it, or between
    taking a file off a row and deleting it. Returns how many."""
    gone = []
    for private in (False, True):
        abandoned = dict(PendingFile.objects.filter(
            since__lt=older_than, private=private).values_list("pk", "name"))
        kept = set(delete_files(storage_of(not private), list(abandoned.values())))
        gone += [pk for pk, name in abandoned.items() if name not in kept]
    PendingFile.objects.filter(pk__in=gone).delete()
    return len(gone)
