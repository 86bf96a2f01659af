"""Outside the officer's duty hours a new question gets an automatic reply saying when
an answer can be expected, and repeating 110."""

import datetime

import pytest
import time_machine

from inbox.models import Conversation, DutyHours, DutySchedule
from tests.inbox.conftest import at

URL = "/@isabel_polizeikl/ask/"


def weekday_hours(**owner):
    for day in range(5):  # Monday to Friday, 07:00–16:00
        DutyHours.objects.create(weekday=day, start=datetime.time(7), end=datetime.time(16),
                                 **owner)


def ask(client):
    client.post(URL, {"subject": "Frage", "body": "Wie geht das?"})
    return Conversation.objects.get()


@pytest.mark.django_db
def test_it_replies_automatically_outside_duty_hours(client, citizen, officer, settings):
    settings.LANGUAGE_CODE = "en"
    settings.INBOX_TARGET_HOURS = 24
    weekday_hours(officer=officer)
    client.force_login(citizen)
    with time_machine.travel(at(2026, 3, 6, 20, 30), tick=False):  # a Friday evening
        conversation = ask(client)
    question, reply = conversation.thread()
    assert reply.is_automatic and reply.is_from_staff
    assert "Monday, March 9, 2026, 7 a.m." in reply.body  # the next shift
    assert "110" in reply.body and "24 hours" in reply.body
    # An automatic reply is not an answer: still waiting, and not counted as one.
    assert conversation.state == Conversation.State.OPEN
    assert conversation.first_answered_at is None
    response = client.get(conversation.get_absolute_url())
    assert reply.body.splitlines()[0] in response.content.decode()


@pytest.mark.django_db
def test_it_does_not_reply_automatically_during_duty_hours(client, citizen, officer):
    weekday_hours(officer=officer)
    client.force_login(citizen)
    with time_machine.travel(at(2026, 3, 6, 10), tick=False):
        conversation = ask(client)
    assert [m.is_automatic for m in conversation.thread()] == [False]


@pytest.mark.django_db
def test_it_promises_nothing_without_duty_hours(client, citizen, officer):
    client.force_login(citizen)
    with time_machine.travel(at(2026, 3, 8, 3), tick=False):  # Sunday night
        conversation = ask(client)
    assert conversation.messages.count() == 1


@pytest.mark.django_db
def test_it_uses_the_station_hours_unless_the_officer_has_own_ones(officer, station):
    weekday_hours(station=station)
    saturday_morning = at(2026, 3, 7, 9)
    assert not DutySchedule.for_officer(officer).is_on_duty(saturday_morning)
    DutyHours.objects.create(officer=officer, weekday=5, start=datetime.time(8),
                             end=datetime.time(12))
    schedule = DutySchedule.for_officer(officer)
    assert schedule.is_on_duty(saturday_morning)
    assert not schedule.is_on_duty(at(2026, 3, 9, 9))  # the station's Monday is not hers


@pytest.mark.django_db
def test_it_understands_night_shifts_past_midnight(officer):
    DutyHours.objects.create(officer=officer, weekday=4, start=datetime.time(22),
                             end=datetime.time(6))
    schedule = DutySchedule.for_officer(officer)
    assert schedule.is_on_duty(at(2026, 3, 7, 2))  # Saturday 02:00, Friday's night shift
    assert not schedule.is_on_duty(at(2026, 3, 7, 7))
    assert schedule.next_start(at(2026, 3, 7, 7)) == at(2026, 3, 13, 22)
