"""Feedback is kept only as long as needed: ACCESSIBILITY_FEEDBACK_RETENTION_DAYS after
it was answered (the privacy page says so). Open feedback stays until it is answered."""

from accessibility.models import Feedback
from portal import admin_history


def run(now=None, dry_run=False):
    """Deletes answered feedback past its retention period with its admin history (which
    names it by its excerpt). Returns how many (would be) deleted."""
    due = Feedback.objects.due_for_deletion(now)
    if dry_run:
        return due.count()
    pks = list(due.values_list("pk", flat=True))
    admin_history.forget(Feedback, pks)
    deleted, _ = Feedback.objects.filter(pk__in=pks).delete()
    return deleted
