"""Background work of the officers app."""

import logging

from django.db import transaction
from django_tasks import task

from officers.models import Officer

logger = logging.getLogger(__name__)


@task()
def process_portrait(officer_id, original_name):
    """Make the public renditions of an officer's portrait, from its private original.

    `original_name` tells which upload this job is for: if the press office replaced the
    portrait meanwhile, this (older) job does nothing."""
    from posts.media import delete_files, portrait_renditions, private_storage, public_storage

    officer = Officer.objects.filter(pk=officer_id, portrait=original_name).first()
    if officer is None:
        return "skipped"
    try:
        entries = portrait_renditions(officer.portrait)
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
        old = [e["name"] for e in current.portrait_renditions]
        current.portrait_renditions = entries
        current.save(update_fields=["portrait_renditions"])
        transaction.on_commit(lambda: delete_files(public_storage(), old))
    return "ready"
