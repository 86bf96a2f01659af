"""Scheduled publication: approved posts go public at their time, with nobody present."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils.module_loading import import_string

from posts import workflow
from posts.models import Post, PostEvent
from posts.tasks import publish_due_posts
from tests.helpers.review import approve, make_checklist, make_post

BERLIN = ZoneInfo("Europe/Berlin")
MORNING = datetime(2026, 5, 4, 8, 0, tzinfo=BERLIN)
NINE = datetime(2026, 5, 4, 9, 0, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def checklist(db):
    return make_checklist()


@pytest.fixture
def scheduled(officer, press_officer):
    with time_machine.travel(MORNING, tick=False):
        post = make_post(officer)
        workflow.submit(post, officer.user)
        approve(post, press_officer, publish_at=NINE)
    return post


def test_it_publishes_a_scheduled_post_when_its_time_comes(scheduled):
    with time_machine.travel(datetime(2026, 5, 4, 8, 59, 59, tzinfo=BERLIN), tick=False):
        assert workflow.publish_due() == 0
        assert not Post.objects.published().exists()

    with time_machine.travel(datetime(2026, 5, 4, 9, 0, 30, tzinfo=BERLIN), tick=False):
        assert workflow.publish_due() == 1
        assert list(Post.objects.published()) == [scheduled]

    scheduled.refresh_from_db()
    assert scheduled.state == Post.State.PUBLISHED
    assert scheduled.published_at == datetime(2026, 5, 4, 9, 0, 30, tzinfo=BERLIN)
    event = scheduled.events.last()
    assert event.action == PostEvent.Action.PUBLISHED
    assert event.actor is None  # the portal acted on its own
    assert (event.from_state, event.to_state) == (Post.State.APPROVED, Post.State.PUBLISHED)
    assert event.scheduled_for == NINE


def test_it_publishes_each_due_post_once_however_often_it_runs(scheduled):
    with time_machine.travel(NINE, tick=False):
        assert workflow.publish_due() == 1
        assert workflow.publish_due() == 0
    assert scheduled.events.filter(action=PostEvent.Action.PUBLISHED).count() == 1


def test_it_leaves_a_post_alone_that_was_sent_back_before_its_time(scheduled, press_officer):
    with time_machine.travel(datetime(2026, 5, 4, 8, 30, tzinfo=BERLIN), tick=False):
        workflow.request_changes(scheduled, press_officer, "Doch noch nicht.")
    with time_machine.travel(NINE, tick=False):
        assert workflow.publish_due() == 0
    assert not Post.objects.published().exists()


def test_the_periodic_task_publishes_due_posts(scheduled):
    assert ("posts.tasks.publish_due_posts", 60) in settings.PERIODIC_TASKS
    assert import_string("posts.tasks.publish_due_posts") is publish_due_posts
    with time_machine.travel(NINE, tick=False):
        result = publish_due_posts.enqueue()  # the immediate backend in tests
    assert result.return_value == 1
    assert Post.objects.published().exists()


def test_the_scheduler_enqueues_it(scheduled):
    with time_machine.travel(NINE, tick=False):
        call_command("scheduler", once=True)
    assert list(Post.objects.published()) == [scheduled]
