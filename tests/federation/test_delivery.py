"""Delivery: Create on publishing, Update on the press office's edit, Delete on
withdrawing or deleting; one delivery per inbox, retried with backoff, dead after the
retry window, claimed so that nothing is sent twice."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from federation import outbox
from federation.models import (
    Delivery,
    Inbox,
    LocalActor,
    OutgoingActivity,
    RemoteActor,
    RemoteFollower,
)
from posts import workflow
from posts.models import Post
from tests.federation.test_notes import add_item
from tests.helpers.review import approve, make_checklist, make_post

State = Delivery.State


def follower(sink, local, name, *, shared=True):
    actor = RemoteActor.objects.create(
        uri=f"{sink.url}/users/{name}", key_id=f"{sink.url}/users/{name}#key",
        public_key_pem="-", inbox=f"{sink.url}/users/{name}/inbox",
        shared_inbox=f"{sink.url}/inbox" if shared else "", username=name,
        domain="127.0.0.1")
    return RemoteFollower.objects.create(local=local, remote=actor)


@pytest.fixture
def channel(officer):
    return LocalActor.objects.for_officer(officer)


@pytest.fixture
def submitted(officer):
    make_checklist()
    post = make_post(officer, caption="Neu auf Streife #Altstadt", state=Post.State.SUBMITTED,
                     media=0)
    add_item(post)
    return post


def test_publishing_sends_one_create_per_inbox(
        sink, channel, submitted, press_officer, django_capture_on_commit_callbacks):
    follower(sink, channel, "a")
    follower(sink, channel, "b")  # same shared inbox: one delivery
    follower(sink, channel, "c", shared=False)
    with django_capture_on_commit_callbacks(execute=True):
        approve(submitted, press_officer)
    assert sorted(r["path"] for r in sink.received) == ["/inbox", "/users/c/inbox"]
    create = sink.received[0]["body"]
    assert create["type"] == "Create"
    assert create["actor"] == "http://testserver/@isabel_polizeikl/"
    assert create["object"]["id"] == f"http://testserver/@isabel_polizeikl/{submitted.pk}/"
    assert create["object"]["attachment"][0]["name"] == "Bild 1: ein Streifenwagen"
    assert set(Delivery.objects.values_list("state", flat=True)) == {State.DELIVERED}
    headers = sink.received[0]["headers"]
    assert 'algorithm="rsa-sha256"' in headers["Signature"]
    assert headers["Digest"].startswith("SHA-256=")


def test_the_authority_announces_every_published_post(
        sink, officer, submitted, press_officer, django_capture_on_commit_callbacks):
    follower(sink, LocalActor.objects.authority(), "a")
    with django_capture_on_commit_callbacks(execute=True):
        approve(submitted, press_officer)
    [announce] = [r["body"] for r in sink.received]
    assert announce["type"] == "Announce"
    assert announce["actor"] == "http://testserver/"
    assert announce["object"]["attributedTo"] == "http://testserver/@isabel_polizeikl/"


def test_a_scheduled_post_is_sent_when_it_goes_public(
        sink, channel, submitted, press_officer, django_capture_on_commit_callbacks):
    follower(sink, channel, "a")
    with django_capture_on_commit_callbacks(execute=True):
        approve(submitted, press_officer, publish_at=timezone.now() + timedelta(hours=1))
    assert sink.received == []
    with time_machine.travel(timezone.now() + timedelta(hours=2)), \
            django_capture_on_commit_callbacks(execute=True):
        workflow.publish_due()
    assert [r["body"]["type"] for r in sink.received] == ["Create"]


def test_an_edit_sends_update_and_withdrawing_sends_delete(
        sink, channel, submitted, press_officer, django_capture_on_commit_callbacks):
    follower(sink, channel, "a")
    with django_capture_on_commit_callbacks(execute=True):
        approve(submitted, press_officer)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.reviewer_edit(submitted, press_officer, caption="Korrigiert #Altstadt")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(submitted, press_officer, "Falsche Angaben")
    kinds = [r["body"]["type"] for r in sink.received]
    assert kinds == ["Create", "Update", "Delete"]
    update, delete = sink.received[1]["body"], sink.received[2]["body"]
    assert "Korrigiert" in update["object"]["content"]
    assert delete["object"] == {"id": f"http://testserver/@isabel_polizeikl/{submitted.pk}/",
                                "type": "Tombstone"}


def test_a_correction_sends_update(
        sink, channel, submitted, press_officer, django_capture_on_commit_callbacks):
    from posts import corrections

    follower(sink, channel, "a")
    with django_capture_on_commit_callbacks(execute=True):
        approve(submitted, press_officer)
    with django_capture_on_commit_callbacks(execute=True):
        corrections.correct(submitted, press_officer, caption="Berichtigt #Altstadt",
                            reason="Ort richtiggestellt")
    assert [r["body"]["type"] for r in sink.received] == ["Create", "Update"]
    assert "Berichtigt" in sink.received[1]["body"]["object"]["content"]


def test_deleting_a_published_post_sends_delete(
        sink, channel, submitted, press_officer, django_capture_on_commit_callbacks):
    follower(sink, channel, "a")
    with django_capture_on_commit_callbacks(execute=True):
        approve(submitted, press_officer)
    with django_capture_on_commit_callbacks(execute=True):
        Post.objects.get(pk=submitted.pk).delete()
    assert [r["body"]["type"] for r in sink.received] == ["Create", "Delete"]


def test_nothing_is_queued_without_followers_or_while_switched_off(
        sink, channel, submitted, press_officer, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        approve(submitted, press_officer)
    assert not Delivery.objects.exists()
    follower(sink, channel, "a")
    settings.FEDERATION_ENABLED = False
    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(submitted, press_officer, "Falsch")
    assert not Delivery.objects.exists() and sink.received == []


def queued(sink, channel, names=("a",)):
    for name in names:
        follower(sink, channel, name, shared=False)
    inboxes = RemoteFollower.objects.of(channel).inboxes()
    return outbox.queue(channel, {"id": "x#1", "type": "Create", "object": {}}, inboxes)


def test_a_failing_inbox_is_retried_with_exponential_backoff(sink, channel, settings):
    activity = queued(sink, channel)
    sink.statuses = [503, 500, 502]
    start = timezone.now()
    delays = []
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(3):
            assert outbox.deliver_due() == 1
            delivery = Delivery.objects.get(activity=activity)
            assert delivery.state == State.FAILING
            delays.append(round((delivery.next_attempt_at - timezone.now()).total_seconds()))
            assert outbox.deliver_due() == 0  # not due yet
            clock.move_to(delivery.next_attempt_at)
        assert outbox.deliver_due() == 1
    assert delays == [60, 120, 240]
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status) == (State.DELIVERED, 4, 202)
    assert len(sink.received) == 4


def test_a_down_server_is_retried_for_two_days_then_marked_dead(sink, channel, settings):
    activity = queued(sink, channel)
    sink.stop()  # nobody answers on that port any more
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        attempts = 0
        while Delivery.objects.filter(state__in=[State.QUEUED, State.FAILING]).exists():
            outbox.deliver_due()
            attempts += 1
            delivery = Delivery.objects.get(activity=activity)
            if delivery.state == State.FAILING:
                clock.move_to(delivery.next_attempt_at)
        delivery = Delivery.objects.get(activity=activity)
        assert delivery.state == State.DEAD
        assert timezone.now() - delivery.created_at >= timedelta(days=2)
    assert attempts < 30  # backoff, not a try a minute
    inbox = Inbox.objects.get(url=delivery.inbox.url)
    assert inbox.dead_since is not None
    # A dead inbox is skipped from then on.
    assert outbox.queue(channel, {"id": "x#2", "type": "Create"}, [inbox.url]) is None


def test_a_claimed_delivery_is_not_sent_by_another_worker(sink, channel, settings):
    activity = queued(sink, channel)
    delivery = Delivery.objects.get(activity=activity)
    _, taken = Delivery.objects.claim([delivery.pk])  # a worker took it and died
    assert taken == [delivery]
    assert outbox.deliver_due() == 0
    assert sink.received == []
    later = timezone.now() + timedelta(seconds=settings.FEDERATION_CLAIM_SECONDS + 1)
    with time_machine.travel(later):
        assert outbox.deliver_due() == 1  # the claim ran out: sent once
        assert outbox.deliver_due() == 0
    assert len(sink.received) == 1


def test_a_blocked_server_gets_nothing(sink, channel):
    from federation.models import BlockedDomain

    BlockedDomain.objects.create(domain="127.0.0.1")
    assert queued(sink, channel) is None
    assert not Delivery.objects.exists()


def test_publishing_stores_one_activity_and_fans_out_after_the_commit(
        sink, channel, submitted, press_officer):
    for name in ("a", "b", "c"):
        follower(sink, channel, name, shared=False)
    approve(submitted, press_officer)  # its commit's tasks never ran (a lost enqueue)
    activity = OutgoingActivity.objects.get(kind="Create")
    assert not Delivery.objects.exists()  # the press office's click waits for no rows
    assert outbox.fan_out(activity) == 3
    assert outbox.fan_out(activity) == 0  # made once
    activity.fanned_out_at = None
    outbox.fan_out(activity)  # even when asked again: the constraint keeps one per inbox
    assert Delivery.objects.count() == 3


def test_the_periodic_task_fans_out_what_was_left_and_delivers_it(
        sink, channel, submitted, press_officer):
    follower(sink, channel, "a")
    approve(submitted, press_officer)
    assert outbox.deliver_due() == 1
    assert [r["body"]["type"] for r in sink.received] == ["Create"]


def test_a_photo_taken_offline_and_back_sends_updates_without_and_with_it(
        sink, channel, officer, press_officer, django_capture_on_commit_callbacks):
    from tests.helpers.posts import add_media, photo

    make_checklist()
    post = make_post(officer, caption="Zwei Fotos #Altstadt", state=Post.State.SUBMITTED,
                     media=0)
    first = add_media(post, photo(), alt_text="Erstes Foto")
    add_media(post, photo(), alt_text="Zweites Foto", position=1)
    follower(sink, channel, "a")
    with django_capture_on_commit_callbacks(execute=True):
        approve(post, press_officer)
    with django_capture_on_commit_callbacks(execute=True):
        first.take_offline(press_officer, "Ein Kennzeichen ist lesbar.")
    with django_capture_on_commit_callbacks(execute=True):
        first.put_back_online(press_officer)
    kinds = [r["body"]["type"] for r in sink.received]
    assert kinds == ["Create", "Update", "Update"]
    names = [[a["name"] for a in r["body"]["object"]["attachment"]] for r in sink.received]
    assert names == [["Erstes Foto", "Zweites Foto"], ["Zweites Foto"],
                     ["Erstes Foto", "Zweites Foto"]]
    # The URLs sent are the ones that answer.
    from django.test import Client

    for attachment in sink.received[2]["body"]["object"]["attachment"]:
        assert Client().get(attachment["url"].removeprefix("http://testserver")) \
            .status_code == 200
