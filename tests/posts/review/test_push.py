"""Push messages of the review workflow: a post submitted to the press office, the
decision to the officer, a post gone public to its channel's followers. The kind and a
link only."""

import datetime

import pytest

from officers.follows import follow
from portal.push.kinds import Kind
from posts import workflow
from tests.helpers.push_service import received
from tests.helpers.review import approve, make_checklist, make_post


@pytest.fixture
def checklist(db):
    return make_checklist()


def test_a_submitted_post_is_pushed_to_the_press_office_and_the_decision_to_the_officer(
        push_phone, push, officer, press_officer, checklist, django_capture_on_commit_callbacks):
    press = push_phone(press_officer, Kind.POST_SUBMITTED)
    own = push_phone(officer.user, Kind.REVIEW_DECISION)
    post = make_post(officer, caption="Verkehrskontrolle an der B 270")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(post, officer.user)
    assert received(push, press) == [
        ("post_submitted", f"/admin/posts/post/{post.pk}/change/")]
    with django_capture_on_commit_callbacks(execute=True):
        workflow.request_changes(post, press_officer, "Bitte das Kennzeichen verpixeln.")
    assert received(push, own) == [("review_decision", "/studio/")]
    assert "Kennzeichen" not in push.messages(own)[0]


def test_a_published_post_is_pushed_to_the_followers_who_chose_it(
        push_phone, push, officer, citizen, other_citizen, press_officer, checklist,
        django_capture_on_commit_callbacks):
    follow(citizen, officer)
    follow(other_citizen, officer)
    reader = push_phone(citizen, Kind.NEW_POST)
    uninterested = push_phone(other_citizen, Kind.REPLY)
    post = make_post(officer)
    workflow.submit(post, officer.user)
    with django_capture_on_commit_callbacks(execute=True):
        approve(post, press_officer)
    assert received(push, reader) == [("new_post", post.get_absolute_url())]
    assert push.messages(uninterested) == []


def test_a_scheduled_post_is_pushed_when_it_goes_public(
        push_phone, push, officer, citizen, press_officer, checklist,
        django_capture_on_commit_callbacks):
    follow(citizen, officer)
    reader = push_phone(citizen, Kind.NEW_POST)
    post = make_post(officer)
    workflow.submit(post, officer.user)
    publish_at = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        approve(post, press_officer, publish_at=publish_at)
    assert push.messages(reader) == []  # approved, not yet public
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish_due(now=publish_at)
    assert received(push, reader) == [("new_post", post.get_absolute_url())]


def test_a_post_published_without_review_is_pushed_to_the_followers(
        push_phone, push, officer, citizen, django_capture_on_commit_callbacks):
    officer.publish_without_review = True
    officer.save()
    follow(citizen, officer)
    reader = push_phone(citizen, Kind.NEW_POST)
    post = make_post(officer)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(post, officer.user)
    assert received(push, reader) == [("new_post", post.get_absolute_url())]
