"""End to end: notify() -> task -> pywebpush -> a real push service on loopback that
checks the VAPID signature and decrypts the message with the subscription's keys."""

import json
import logging

import pytest
from py_vapid import Vapid

from portal.push import keys, service
from portal.push.delivery import deliver
from portal.push.kinds import Kind
from portal.push.models import PushSubscription
from tests.conftest import make_user
from tests.helpers.push_service import subscribe, turn_on


def test_it_sends_the_kind_a_fixed_title_and_the_link_only(
        device, citizen, push, django_capture_on_commit_callbacks):
    turn_on(citizen, Kind.ANSWER)
    with django_capture_on_commit_callbacks(execute=True):
        service.notify(Kind.ANSWER, "/questions/5b1c/", [citizen])
    [message] = push.messages(device)
    assert json.loads(message) == {
        "kind": "answer", "title": "Your question has been answered", "url": "/questions/5b1c/",
    }
    device["row"].refresh_from_db()
    assert device["row"].last_sent_at is not None


def test_it_writes_the_title_in_the_language_the_device_was_turned_on_in(
        device, citizen, push, django_capture_on_commit_callbacks):
    PushSubscription.objects.filter(pk=device["row"].pk).update(language="de")
    turn_on(citizen, Kind.REPLY)
    with django_capture_on_commit_callbacks(execute=True):
        service.notify(Kind.REPLY, "/@isabel/1/#comment-2", [citizen.pk])
    [message] = push.messages(device)
    assert json.loads(message)["title"] == "Jemand hat auf Ihren Kommentar geantwortet"


def test_a_kind_not_turned_on_sends_nothing_and_queues_nothing(
        device, citizen, push, django_capture_on_commit_callbacks, django_assert_num_queries):
    turn_on(citizen, Kind.REPLY)
    with django_capture_on_commit_callbacks() as callbacks:
        with django_assert_num_queries(1):
            service.notify(Kind.ANSWER, "/questions/5b1c/", [citizen])
    assert callbacks == []
    assert push.messages(device) == []


def test_it_sends_to_every_device_of_those_who_want_it(
        client, device, citizen, other_citizen, push, django_capture_on_commit_callbacks):
    second = subscribe(client, push)  # the citizen's laptop
    client.force_login(other_citizen)
    others = subscribe(client, push)  # wants no new posts
    turn_on(citizen, Kind.NEW_POST)
    with django_capture_on_commit_callbacks(execute=True):
        service.notify(Kind.NEW_POST, "/@isabel/7/", [citizen, other_citizen])
    assert len(push.messages(device)) == len(push.messages(second)) == 1
    assert push.messages(others) == []


def test_many_recipients_are_sent_by_several_tasks(
        device, citizen, push, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(service, "BATCH", 2)
    readers = [make_user(f"reader{i}@example.org") for i in range(3)]
    for user in [citizen, *readers]:
        turn_on(user, Kind.NEW_POST)
        PushSubscription.objects.create(
            user=user, endpoint=f"{push.origin}/notify/unknown-{user.pk}", p256dh="x",
            auth="y", device="test", language="en") if user != citizen else None
    with django_capture_on_commit_callbacks() as callbacks:
        service.notify(Kind.NEW_POST, "/@isabel/7/", [citizen, *readers])
    assert len(callbacks) == 2


def test_a_device_the_push_service_expired_is_removed(device, citizen, push, caplog):
    push.expire(device)  # the browser unsubscribed; the service answers 410
    with caplog.at_level(logging.INFO, logger="portal.push.delivery"):
        assert deliver(device["row"], Kind.ANSWER, "/questions/") is False
    assert not PushSubscription.objects.filter(pk=device["row"].pk).exists()
    assert "410" in caplog.text


def test_a_device_the_push_service_does_not_know_is_removed(device, push):
    row = device["row"]
    row.endpoint = f"{push.origin}/gone/{device['clientHash']}"  # the service answers 404
    row.save()
    assert deliver(row, Kind.ANSWER, "/questions/") is False
    assert not PushSubscription.objects.filter(pk=row.pk).exists()


def test_a_message_signed_with_another_key_is_refused_and_the_device_kept(
        device, push, settings, caplog):
    other = Vapid()
    other.generate_keys()
    settings.VAPID_PRIVATE_KEY = other.private_pem().decode()
    with caplog.at_level(logging.WARNING, logger="portal.push.delivery"):
        assert deliver(device["row"], Kind.ANSWER, "/questions/") is False
    assert push.messages(device) == []
    assert PushSubscription.objects.filter(pk=device["row"].pk).exists()
    assert "failed: 400" in caplog.text


def test_an_unreachable_push_service_keeps_the_device(device, caplog):
    row = device["row"]
    row.endpoint = "http://127.0.0.1:9/notify/x"  # discard port: nothing listens
    assert deliver(row, Kind.ANSWER, "/questions/") is False
    assert PushSubscription.objects.filter(pk=row.pk).exists()
    assert "unreachable" in caplog.text


def test_a_closed_account_gets_nothing(device, citizen, push, django_capture_on_commit_callbacks):
    turn_on(citizen, Kind.ANSWER)
    citizen.is_active = False
    citizen.save()
    with django_capture_on_commit_callbacks(execute=True):
        service.notify(Kind.ANSWER, "/questions/5b1c/", [citizen])
    assert push.messages(device) == []


def test_nothing_is_queued_when_push_is_not_set_up(
        citizen, settings, django_capture_on_commit_callbacks, django_assert_num_queries):
    settings.VAPID_PRIVATE_KEY = ""
    settings.VAPID_KEY_FILE = ""
    assert not keys.enabled()
    with django_capture_on_commit_callbacks() as callbacks:
        with django_assert_num_queries(0):
            service.notify(Kind.ANSWER, "/questions/5b1c/", [citizen])
    assert callbacks == []


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_has_a_title_without_anything_private(kind):
    from portal.push.delivery import payload

    data = json.loads(payload(kind, "/x/", "de"))
    assert set(data) == {"kind", "title", "url"}
    assert data["title"] and "%" not in data["title"]


def test_an_event_of_two_kinds_is_sent_once_as_the_first_kind_chosen(
        client, push, officer, colleague, django_capture_on_commit_callbacks):
    devices = {}
    for person in (officer.user, colleague.user):
        client.force_login(person)
        devices[person] = subscribe(client, push)
    turn_on(officer.user, Kind.QUESTION, Kind.URGENT_QUESTION)
    turn_on(colleague.user, Kind.QUESTION)
    with django_capture_on_commit_callbacks(execute=True):
        service.notify_one_of([Kind.URGENT_QUESTION, Kind.QUESTION], "/studio/inbox/x/",
                              [officer.user, colleague.user])
    assert [json.loads(m)["kind"] for m in push.messages(devices[officer.user])] == [
        "urgent_question"]
    assert [json.loads(m)["kind"] for m in push.messages(devices[colleague.user])] == [
        "question"]
