"""Officers learn once a day by e-mail that comments wait for their answer: the number
and a link to the studio, never the text; from COMMENT_REMINDER_HOUR on, and only while
something waits."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail

from officers.models import Officer
from posts.tasks import remind_of_waiting_comments
from tests.helpers.comments import comment_on, publish

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
DAY = datetime.date(2026, 3, 10)


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), BERLIN)


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    def remind(moment):
        with time_machine.travel(moment, tick=False), \
                django_capture_on_commit_callbacks(execute=True):
            return remind_of_waiting_comments.call()

    return remind


@pytest.fixture
def post(officer):
    with time_machine.travel(at(DAY, 5), tick=False):
        return publish(officer)


@pytest.fixture
def waiting(post, citizen, other_citizen):
    with time_machine.travel(at(DAY, 6), tick=False):
        comment_on(post, citizen, "Wann ist die Fahrradcodierung?")
        comment_on(post, other_citizen, "Gibt es die auch in Landstuhl?")


def test_the_officer_gets_the_number_and_a_link_never_the_text(remind, waiting, officer):
    assert remind(at(DAY, 8, 5)) == 1
    (email,) = mail.outbox
    assert email.to == [officer.user.email]
    assert email.subject == "2 comments wait for your answer"
    assert "http://127.0.0.1:8000/studio/comments/" in email.body
    for part in (email.subject, email.body, email.alternatives[0][0]):
        assert "Fahrradcodierung" not in part and "Landstuhl" not in part


def test_not_before_the_hour(remind, waiting):
    assert remind(at(DAY, 7, 59)) == 0
    assert mail.outbox == []


def test_once_a_day(remind, waiting, officer):
    remind(at(DAY, 8, 5))
    assert remind(at(DAY, 8, 20)) == 0
    assert remind(at(DAY, 17)) == 0
    assert len(mail.outbox) == 1
    assert remind(at(DAY + datetime.timedelta(days=1), 8)) == 1  # still waiting next day
    assert len(mail.outbox) == 2
    officer.refresh_from_db()
    assert officer.comments_reminded_on == DAY + datetime.timedelta(days=1)


def test_nothing_when_nothing_waits(remind, post, citizen, officer):
    with time_machine.travel(at(DAY, 6), tick=False):
        question = comment_on(post, citizen, "Wann?")
        comment_on(post, officer.user, "Am Samstag.", parent=question)
    assert remind(at(DAY, 9)) == 0
    assert mail.outbox == []
    officer.refresh_from_db()
    assert officer.comments_reminded_on is None  # a comment later today still reminds


def test_no_e_mail_to_a_closed_channel_or_account(remind, waiting, officer):
    Officer.objects.filter(pk=officer.pk).update(is_active=False)
    assert remind(at(DAY, 9)) == 0
    Officer.objects.filter(pk=officer.pk).update(is_active=True)
    officer.user.is_active = False
    officer.user.save()
    assert remind(at(DAY, 9)) == 0
    assert mail.outbox == []


def test_a_flood_is_counted_up_to_a_page(remind, waiting, monkeypatch):
    monkeypatch.setattr("posts.models.comments.WAITING_PAGE", 2)
    remind(at(DAY, 9))
    assert mail.outbox[0].subject == "2+ comments wait for your answer"


def test_the_hour_is_a_setting(remind, waiting, settings):
    settings.COMMENT_REMINDER_HOUR = 6
    assert remind(at(DAY, 6, 30)) == 1


def test_it_runs_with_the_scheduler(settings):
    assert ("posts.tasks.remind_of_waiting_comments", 15 * 60) in settings.PERIODIC_TASKS


def test_the_e_mail_is_in_german_by_default(remind, waiting, settings):
    settings.LANGUAGE_CODE = "de"
    remind(at(DAY, 9))
    assert mail.outbox[0].subject == "2 Kommentare warten auf Ihre Antwort"
