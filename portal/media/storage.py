"""Where media files go: the public store (renditions, under random names) and the
private store for uploaded originals (no URL at all; see settings.STORAGES), and the
helpers that make sure no file is left behind when something fails.

A FileField calls its storage callable once, when the model class is built; returning
a lazy proxy makes the field follow `STORAGES` at run time (tests give every test its
own folders), as Django's `default_storage` does for public files."""

import logging
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

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
