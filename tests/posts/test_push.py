"""Push messages of posts and comments: the press office's decision to the officer, a
post submitted and a comment reported to the press office, a new post to the followers,
a reply to the comment's author, the daily reminder of comments waiting. The kind and a
link only."""

import datetime
import json
import zoneinfo

import pytest
import time_machine

from officers.follows import follow
from portal.push.kinds import Kind
from posts import workflow
from posts.tasks import remind_of_waiting_comments
from tests.engagement.conftest import comment_on, publish
from tests.portal.push.conftest import subscribe, turn_on
from tests.posts.review_helpers import approve, make_checklist, make_post


@pytest.fixture
def phone(client, push):
    """phone(user, *kinds): the user's device, with `kinds` turned on."""
    def phone(user, *kinds):
        client.force_login(user)
        turn_on(user, *kinds)
        return subscribe(client, push)

    return phone


def kinds_and_links(push, device):
    return [(m["kind"], m["url"]) for m in map(json.loads, push.messages(device))]


@pytest.fixture
def checklist(db):
    return make_checklist()


def test_a_submitted_post_is_pushed_to_the_press_office_and_the_decision_to_the_officer(
        phone, push, officer, press_officer, checklist, django_capture_on_commit_callbacks):
    press = phone(press_officer, Kind.POST_SUBMITTED)
    own = phone(officer.user, Kind.REVIEW_DECISION)
    post = make_post(officer, caption="Verkehrskontrolle an der B 270")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(post, officer.user)
    assert kinds_and_links(push, press) == [
        ("post_submitted", f"/admin/posts/post/{post.pk}/change/")]
    with django_capture_on_commit_callbacks(execute=True):
        workflow.request_changes(post, press_officer, "Bitte das Kennzeichen verpixeln.")
    assert kinds_and_links(push, own) == [("review_decision", "/studio/")]
    assert "Kennzeichen" not in push.messages(own)[0]


def test_a_published_post_is_pushed_to_the_followers_who_chose_it(
        phone, push, officer, citizen, other_citizen, press_officer, checklist,
        django_capture_on_commit_callbacks):
    follow(citizen, officer)
    follow(other_citizen, officer)
    reader = phone(citizen, Kind.NEW_POST)
    uninterested = phone(other_citizen, Kind.REPLY)
    post = make_post(officer)
    workflow.submit(post, officer.user)
    with django_capture_on_commit_callbacks(execute=True):
        approve(post, press_officer)
    assert kinds_and_links(push, reader) == [("new_post", post.get_absolute_url())]
    assert push.messages(uninterested) == []


def test_a_scheduled_post_is_pushed_when_it_goes_public(
        phone, push, officer, citizen, press_officer, checklist,
        django_capture_on_commit_callbacks):
    follow(citizen, officer)
    reader = phone(citizen, Kind.NEW_POST)
    post = make_post(officer)
    workflow.submit(post, officer.user)
    publish_at = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        approve(post, press_officer, publish_at=publish_at)
    assert push.messages(reader) == []  # approved, not yet public
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish_due(now=publish_at)
    assert kinds_and_links(push, reader) == [("new_post", post.get_absolute_url())]


def test_a_post_published_without_review_is_pushed_to_the_followers(
        phone, push, officer, citizen, django_capture_on_commit_callbacks):
    officer.publish_without_review = True
    officer.save()
    follow(citizen, officer)
    reader = phone(citizen, Kind.NEW_POST)
    post = make_post(officer)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(post, officer.user)
    assert kinds_and_links(push, reader) == [("new_post", post.get_absolute_url())]


def test_a_reply_is_pushed_to_the_comments_author_even_with_reply_emails_off(
        phone, push, officer, citizen, other_citizen, django_capture_on_commit_callbacks):
    citizen.notify_replies = False
    citizen.save()
    author = phone(citizen, Kind.REPLY)
    post = publish(officer)
    comment = comment_on(post, citizen, "Wann ist die nächste Fahrradcodierung?")
    with django_capture_on_commit_callbacks(execute=True):
        reply = comment_on(post, other_citizen, "Am Samstag, habe ich gehört.", parent=comment)
        comment_on(post, citizen, "Danke!", parent=comment)  # one's own: nothing
    assert kinds_and_links(push, author) == [("reply", reply.get_absolute_url())]
    assert "Samstag" not in push.messages(author)[0]


def test_a_reported_comment_is_pushed_to_the_press_office(
        phone, push, officer, citizen, other_citizen, press_officer,
        django_capture_on_commit_callbacks):
    press = phone(press_officer, Kind.COMMENT_REPORTED)
    comment = comment_on(publish(officer), citizen, "Das ist eine Frechheit!")
    with django_capture_on_commit_callbacks(execute=True):
        comment.report(other_citizen, "insult")
        comment.report(other_citizen, "insult")  # the same citizen again: nothing new
    assert kinds_and_links(push, press) == [
        ("comment_reported", f"/admin/posts/comment/{comment.pk}/change/")]


def test_the_daily_reminder_is_pushed_to_the_officer(
        phone, push, officer, citizen, django_capture_on_commit_callbacks):
    own = phone(officer.user, Kind.COMMENTS_WAITING)
    comment_on(publish(officer), citizen, "Wie erreiche ich die Wache?")
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    tomorrow = datetime.datetime.now(berlin).date() + datetime.timedelta(days=1)
    # Sent after the travel: the VAPID token is valid for hours from the real time.
    with django_capture_on_commit_callbacks() as callbacks:
        with time_machine.travel(datetime.datetime.combine(tomorrow, datetime.time(9), berlin)):
            assert remind_of_waiting_comments.call() == 1
    for callback in callbacks:
        callback()
    assert kinds_and_links(push, own) == [("comments_waiting", "/studio/comments/")]
