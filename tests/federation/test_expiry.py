"""A post taken off at its end date leaves the Fediverse as a withdrawn one does."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from posts import workflow
from tests.federation.test_delivery import (  # noqa: F401 (fixtures)
    channel,
    follower,
    submitted,
)
from tests.helpers.review import approve


def test_an_expired_post_sends_delete(
        sink, channel, submitted, press_officer, django_capture_on_commit_callbacks):  # noqa: F811
    follower(sink, channel, "a")
    submitted.expires_at = timezone.now() + timedelta(hours=1)
    submitted.save(update_fields=["expires_at"])
    with django_capture_on_commit_callbacks(execute=True):
        approve(submitted, press_officer)
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        assert workflow.expire_due() == 1
    assert [r["body"]["type"] for r in sink.received] == ["Create", "Delete"]
    assert sink.received[1]["body"]["object"]["type"] == "Tombstone"
