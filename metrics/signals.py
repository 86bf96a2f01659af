"""Counts follows gained and lost as they happen (a deleted follow leaves no trace).
Connected in MetricsConfig.ready."""

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from metrics import sources
from metrics.models import FollowChange, add_to_counters
from officers.models import Follow


def follow_saved(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw:
        _count(instance.officer_id, gained=1)


def follow_deleted(sender, instance, origin=None, **kwargs):
    # When the channel itself is deleted its follows go with it: nothing to count, and
    # a counter row would point at the officer being deleted.
    if sources.is_officer_deletion(origin):
        return
    _count(instance.officer_id, lost=1)


def _count(officer_id, **deltas):
    add_to_counters(
        FollowChange, {"date": timezone.localdate(), "officer_id": officer_id}, **deltas
    )


def connect():
    post_save.connect(follow_saved, sender=Follow, dispatch_uid="metrics.follow_saved")
    post_delete.connect(follow_deleted, sender=Follow, dispatch_uid="metrics.follow_deleted")
