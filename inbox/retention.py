"""Keep conversations only as long as needed (settings.INBOX_AUTO_CLOSE_DAYS and
INBOX_RETENTION_DAYS); see the Conversation docstring for what survives."""

import datetime

from django.conf import settings
from django.utils import timezone

from inbox.models import Conversation


def run(now=None, dry_run=False):
    """Closes conversations nobody has written in for INBOX_AUTO_CLOSE_DAYS (answered
    ones, and open ones of a closed channel), then anonymises those closed longer than
    the retention period. Returns the counts of both."""
    now = now or timezone.now()
    idle = Conversation.objects.idle(
        now - datetime.timedelta(days=settings.INBOX_AUTO_CLOSE_DAYS))
    due = Conversation.objects.due_for_anonymising(
        now - datetime.timedelta(days=settings.INBOX_RETENTION_DAYS))
    if dry_run:
        return {"closed": idle.count(), "anonymised": due.count()}
    closed = idle.close_idle(now)
    return {"closed": closed, "anonymised": due.anonymise(now)}
