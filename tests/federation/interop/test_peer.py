"""Interoperability with a Fediverse server this project did not write: the bovine peer
finds @isabel_polizeikl by WebFinger, follows her, gets the Accept, receives her new post
as a Create that bovine's own signature check accepts (photos with alt text), and the
Delete when it is withdrawn. Our server checks the peer's signatures and refuses a
forgery. Delivery survives the peer being down, and a worker killed mid-delivery."""

import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from federation import outbox
from federation.models import Delivery, RemoteFollower
from metrics.models import DailySnapshot
from metrics.snapshots import take
from officers.models import Officer
from posts import workflow
from posts.models import Post
from tests.helpers.review import approve, make_checklist, make_processed_post

pytestmark = [pytest.mark.interop, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[3]


def handle(server):
    return f"isabel_polizeikl@{server.url.split('://')[1]}"


@pytest.fixture
def followed(our_server, peer, officer):
    for name in ("alice", "bob", "carol"):
        answer = peer.follow(name, handle(our_server))
        assert answer["status"] == 202, answer
    peer.wait_for(lambda: len(peer.received(kind="Accept")) == 3)
    return peer


def submitted_post(officer):
    make_checklist()
    post = make_processed_post(officer, caption="Fahrradkontrolle #Altstadt",
                               state=Post.State.SUBMITTED)
    return post


def test_the_peer_follows_by_webfinger_and_gets_a_signed_accept(our_server, peer, officer):
    answer = peer.follow("alice", handle(our_server))
    assert answer["actor"]["id"] == f"{our_server.url}/@isabel_polizeikl/"
    assert answer["status"] == 202
    [accept] = peer.wait_for(lambda: peer.received("alice", "Accept"))
    assert accept["verified_as"] == f"{our_server.url}/@isabel_polizeikl/"
    assert accept["activity"]["object"]["id"] == answer["follow"]["id"]
    follower = RemoteFollower.objects.select_related("remote").get()
    assert follower.remote.uri == peer.uri("alice")
    assert Officer.objects.get(pk=officer.pk).fediverse_follower_count == 1
    take(timezone.localdate())  # the pilot figures count the follower as their own number
    snapshot = DailySnapshot.objects.get(officer=officer, date=timezone.localdate())
    assert (snapshot.fediverse_followers, snapshot.followers) == (1, 0)


def test_the_peer_receives_the_post_and_its_delete(followed, officer, press_officer):
    post = submitted_post(officer)
    approve(post, press_officer)
    creates = followed.wait_for(lambda: len(followed.received(kind="Create")) == 3
                                and followed.received(kind="Create"))
    for create in creates:
        assert create["verified_as"].endswith("/@isabel_polizeikl/")  # bovine checked it
        note = create["activity"]["object"]
        assert "Fahrradkontrolle" in note["content"]
        [image] = note["attachment"]
        assert image["type"] == "Image"
        assert image["name"] == "Ein Fahrrad an einem Laternenpfahl."
    workflow.unpublish(post, press_officer, "Falsches Foto")
    deletes = followed.wait_for(lambda: len(followed.received(kind="Delete")) == 3
                                and followed.received(kind="Delete"))
    assert {d["activity"]["object"]["type"] for d in deletes} == {"Tombstone"}
    assert all(d["verified_as"] for d in deletes)


def test_our_server_refuses_a_forged_follow(our_server, peer, officer):
    answer = peer.follow("alice", handle(our_server), forge=True)
    assert answer["status"] == 401
    assert not RemoteFollower.objects.exists()
    assert peer.received() == []


def test_our_server_checks_the_peers_signature_on_authorized_fetch(
        our_server, peer, officer, settings):
    settings.FEDERATION_AUTHORIZED_FETCH = True
    outbox_url = f"{our_server.url}/federation/isabel_polizeikl/outbox"
    assert peer.signed_fetch("alice", outbox_url)["status"] == 200
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.HTTPError) as unsigned:
        urllib.request.urlopen(outbox_url, timeout=10)  # noqa: S310 (loopback)
    assert unsigned.value.code == 401


def test_delivery_survives_the_peer_being_down(followed, officer, press_officer):
    post = submitted_post(officer)
    followed.stop()
    approve(post, press_officer)  # delivered at once: the peer is down, so it fails
    assert set(Delivery.objects.filter(activity__kind="Create")
               .values_list("state", flat=True)) == {Delivery.State.FAILING}
    followed.start()  # back, on the same port, with the same accounts
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        outbox.deliver_due()
    creates = followed.received(kind="Create")
    assert sorted(c["name"] for c in creates) == ["alice", "bob", "carol"]
    assert all(c["verified_as"] for c in creates)
    assert set(Delivery.objects.filter(activity__kind="Create")
               .values_list("state", flat=True)) == {Delivery.State.DELIVERED}


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="a second process needs the test database on PostgreSQL")
def test_a_worker_killed_mid_delivery_loses_nothing_and_sends_nothing_twice(
        followed, officer, press_officer, settings, our_server):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    post = submitted_post(officer)
    approve(post, press_officer)  # queued, not sent: no worker yet
    outbox.fan_out_pending()  # as the fan-out task does
    assert Delivery.objects.filter(activity__kind="Create").count() == 3
    followed.stall("bob")
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings",
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
           "SITE_URL": our_server.url, "FEDERATION_ENABLED": "true",
           "FEDERATION_ALLOW_HTTP": "true", "FEDERATION_ALLOW_PRIVATE_ADDRESSES": "true"}
    worker = subprocess.Popen(
        [sys.executable, "-c", "import django; django.setup(); "
         "from federation.outbox import deliver_due; deliver_due()"],
        cwd=ROOT, env=env)
    try:
        followed.wait_for(lambda: "bob" in followed.state()["waiting"])
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    followed.stall("bob", on=False)
    states = dict(Delivery.objects.filter(activity__kind="Create")
                  .values_list("inbox__url", "state"))
    assert list(states.values()).count(Delivery.State.DELIVERED) == 1  # alice, before
    later = timezone.now() + timedelta(seconds=settings.FEDERATION_CLAIM_SECONDS + 1)
    with time_machine.travel(later):
        outbox.deliver_due()
    creates = followed.received(kind="Create")
    assert sorted(c["name"] for c in creates) == ["alice", "bob", "carol"]  # once each
    assert set(Delivery.objects.filter(activity__kind="Create")
               .values_list("state", flat=True)) == {Delivery.State.DELIVERED}
