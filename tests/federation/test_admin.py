"""The press office's view of the Fediverse in the admin: deliveries with their state,
blocklists, followers; officers and citizens get none of it."""

import pytest

from federation.models import BlockedDomain, Delivery, LocalActor
from federation.outbox import queue


@pytest.fixture
def deliveries(officer):
    actor = LocalActor.objects.for_officer(officer)
    activity = queue(actor, {"id": "x#1", "type": "Create"},
                     ["https://a.example/inbox", "https://b.example/inbox"])
    Delivery.objects.filter(inbox__url="https://b.example/inbox").update(
        state=Delivery.State.DEAD, last_error="a.example: NewConnectionError")
    return activity


def test_the_press_office_sees_every_delivery_and_its_state(client, press_officer, deliveries):
    client.force_login(press_officer)
    page = client.get("/admin/federation/delivery/").content.decode()
    assert "https://a.example/inbox" in page and "Queued" in page and "Dead, given up" in page
    dead = client.get("/admin/federation/delivery/", {"state": "dead"}).content.decode()
    assert "https://b.example/inbox" in dead and "https://a.example/inbox" not in dead
    activity = client.get(f"/admin/federation/outgoingactivity/{deliveries.pk}/change/")
    assert activity.status_code == 200


def test_the_press_office_queues_a_dead_delivery_again(client, press_officer, deliveries):
    client.force_login(press_officer)
    dead = Delivery.objects.get(state=Delivery.State.DEAD)
    client.post("/admin/federation/delivery/", {
        "action": "retry_now", "_selected_action": [dead.pk]})
    dead.refresh_from_db()
    assert dead.state == Delivery.State.QUEUED


def test_the_press_office_blocks_a_server(client, press_officer):
    client.force_login(press_officer)
    response = client.post("/admin/federation/blockeddomain/add/",
                           {"domain": "Bad.Example.", "note": "Spam"})
    assert response.status_code == 302
    blocked = BlockedDomain.objects.get()
    assert (blocked.domain, blocked.created_by) == ("bad.example", press_officer)


def test_officers_and_citizens_see_none_of_it(client, officer, citizen, deliveries):
    for user in (officer.user, citizen):
        client.force_login(user)
        response = client.get("/admin/federation/delivery/")
        assert response.status_code in (302, 403), user
