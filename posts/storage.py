"""The private store for uploaded originals (no URL at all; see settings.STORAGES).

A FileField calls its storage callable once, when the model class is built; returning
a lazy proxy makes the field follow `STORAGES` at run time (tests give every test its
own folders), as Django's `default_storage` does for public files."""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


private_media_storage = PrivateStorage()


def private_storage():
    return private_media_storage


@receiver(setting_changed)
def forget_private_storage(*, setting, **kwargs):
    if setting in ("STORAGES", "PRIVATE_MEDIA_ROOT"):
        private_media_storage._wrapped = empty
