"""Push messages of comments: a reply to the comment's author, a reported comment to the
press office, the officer's daily reminder of comments waiting. The kind and a link only."""

import datetime
import zoneinfo

import time_machine

from portal.push.kinds import Kind
from posts.tasks import remind_of_waiting_comments
from tests.helpers.comments import comment_on, publish
from tests.helpers.push_service import received


def test_a_reply_is_pushed_to_the_comments_author_even_with_reply_emails_off(
        push_phone, push, officer, citizen, other_citizen, django_capture_on_commit_callbacks):
    citizen.notify_replies = False
    citizen.save()
    author = push_phone(citizen, Kind.REPLY)
    post = publish(officer)
    comment = comment_on(post, citizen, "Wann ist die nächste Fahrradcodierung?")
    with django_capture_on_commit_callbacks(execute=True):
        reply = comment_on(post, other_citizen, "Am Samstag, habe ich gehört.", parent=comment)
        comment_on(post, citizen, "Danke!", parent=comment)  # one's own: nothing
    assert received(push, author) == [("reply", reply.get_absolute_url())]
    assert "Samstag" not in push.messages(author)[0]


def test_a_reported_comment_is_pushed_to_the_press_office(
        push_phone, push, officer, citizen, other_citizen, press_officer,
        django_capture_on_commit_callbacks):
    press = push_phone(press_officer, Kind.COMMENT_REPORTED)
    comment = comment_on(publish(officer), citizen, "Das ist eine Frechheit!")
    with django_capture_on_commit_callbacks(execute=True):
        comment.report(other_citizen, "insult")
        comment.report(other_citizen, "insult")  # the same citizen again: nothing new
    assert received(push, press) == [
        ("comment_reported", f"/admin/posts/comment/{comment.pk}/change/")]


def test_the_daily_reminder_is_pushed_to_the_officer(
        push_phone, push, officer, citizen, django_capture_on_commit_callbacks):
    own = push_phone(officer.user, Kind.COMMENTS_WAITING)
    comment_on(publish(officer), citizen, "Wie erreiche ich die Wache?")
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    tomorrow = datetime.datetime.now(berlin).date() + datetime.timedelta(days=1)
    # Sent after the travel: the VAPID token is valid for hours from the real time.
    with django_capture_on_commit_callbacks() as callbacks:
        with time_machine.travel(datetime.datetime.combine(tomorrow, datetime.time(9), berlin)):
            assert remind_of_waiting_comments.call() == 1
    for callback in callbacks:
        callback()
    assert received(push, own) == [("comments_waiting", "/studio/comments/")]
