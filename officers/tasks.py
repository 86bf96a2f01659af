"""Background work of the officers app."""

import logging

from django.db import transaction
from django_tasks import task

from officers.models import Officer
from portal.media.renditions import store_photo_renditions
from portal.media.storage import (
    delete_after_commit,
    delete_files,
    delete_replaced,
    keep,
    private_storage,
    public_storage,
)

logger = logging.getLogger(__name__)

PORTRAIT_WIDTHS = (160, 320, 640)


@task()
def process_portrait(officer_id, original_name):
    """Make the public renditions of an officer's portrait, from its private original.

    `original_name` tells which upload this job is for: if the press office replaced the
    portrait meanwhile, this (older) job does nothing."""
    officer = Officer.objects.filter(pk=officer_id, portrait=original_name).first()
    if officer is None:
        return "skipped"
    try:
        entries = store_photo_renditions(officer.portrait, PORTRAIT_WIDTHS)
    except Exception as exc:
        # A portrait that cannot be processed is dropped, original and all: the admin
        # form checked it already, so this is rare, and the channel simply has none.
        logger.warning("portrait of officer %s failed: %s", officer_id, exc)
        Officer.objects.filter(pk=officer_id, portrait=original_name).update(portrait="")
        delete_files(private_storage(), [original_name])
        return "failed"
    with transaction.atomic():
        current = Officer.objects.select_for_update().filter(
            pk=officer_id, portrait=original_name
        ).first()
        if current is None:
            unused = [e["name"] for e in entries]
            transaction.on_commit(lambda: delete_files(public_storage(), unused))
            return "skipped"
        current.portrait_renditions, old = entries, current.portrait_renditions
        current.save(update_fields=["portrait_renditions"])
        replaced = keep([e["name"] for e in entries], replaced=[e["name"] for e in old])
        transaction.on_commit(lambda: delete_replaced(replaced))
    return "ready"


def portrait_changed(officer, old_name):
    """Call after saving a new (or no) portrait: drops the old original and makes
    the new public renditions in the background (the old ones stay until then)."""
    new_name = officer.portrait.name or ""
    if old_name and old_name != new_name:
        delete_after_commit(private=[old_name])
    if not new_name:
        delete_after_commit(public=[r["name"] for r in officer.portrait_renditions])
        officer.portrait_renditions = []
        Officer.objects.filter(pk=officer.pk).update(portrait_renditions=[])
    elif new_name != old_name:
        transaction.on_commit(lambda: process_portrait.enqueue(officer.pk, new_name))
