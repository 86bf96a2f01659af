"""Follows from other servers: stored, accepted, undone; refused when not signed by the
actor, forged, blocked or malformed (and then nothing changes)."""

import pytest

from federation.models import (
    BlockedAccount,
    BlockedDomain,
    Delivery,
    OutgoingActivity,
    RemoteFollower,
)
from officers.models import Officer
from tests.federation.conftest import Remote

INBOX = "/federation/isabel_polizeikl/inbox"
SHARED = "/federation/inbox"


def test_it_stores_a_follow_and_queues_the_accept(client, officer, remote):
    response = remote.post(client, INBOX, remote.follow())
    assert response.status_code == 202
    follower = RemoteFollower.objects.get()
    assert (follower.remote, follower.local.officer) == (remote.actor, officer)
    accept = OutgoingActivity.objects.get(kind="Accept")
    assert accept.payload["object"]["id"] == remote.follow()["id"]
    assert accept.payload["actor"] == "http://testserver/@isabel_polizeikl/"
    # The Accept goes to the follower's own inbox, not the shared one.
    assert [d.inbox.url for d in Delivery.objects.all()] == [f"{remote.uri}/inbox"]
    officer.refresh_from_db()
    assert officer.fediverse_follower_count == 1


def test_it_accepts_follows_through_the_shared_inbox(client, officer, remote):
    assert remote.post(client, SHARED, remote.follow()).status_code == 202
    assert RemoteFollower.objects.count() == 1


def test_it_shows_fediverse_followers_on_the_channel(client, officer, remote, other_remote):
    remote.post(client, SHARED, remote.follow())
    other_remote.post(client, SHARED, other_remote.follow())
    page = client.get("/@isabel_polizeikl/").content.decode()
    assert "2 on the Fediverse" in page


def test_it_follows_once_when_the_follow_comes_twice(client, officer, remote):
    remote.post(client, SHARED, remote.follow())
    remote.post(client, SHARED, remote.follow(n=2))
    assert RemoteFollower.objects.count() == 1


def test_it_lets_the_authority_be_followed(client, officer, remote):
    response = remote.post(client, SHARED, remote.follow("http://testserver/"))
    assert response.status_code == 202
    assert RemoteFollower.objects.get().local.is_authority


def test_it_undoes_a_follow(client, officer, remote):
    remote.post(client, SHARED, remote.follow())
    undo = {"id": f"{remote.uri}#undo/1", "type": "Undo", "actor": remote.uri,
            "object": remote.follow()}
    assert remote.post(client, SHARED, undo).status_code == 202
    assert not RemoteFollower.objects.exists()
    officer.refresh_from_db()
    assert officer.fediverse_follower_count == 0


def test_it_undoes_a_follow_named_by_its_id_only(client, officer, remote):
    remote.post(client, SHARED, remote.follow())
    undo = {"id": f"{remote.uri}#undo/1", "type": "Undo", "actor": remote.uri,
            "object": remote.follow()["id"]}
    remote.post(client, SHARED, undo)
    assert not RemoteFollower.objects.exists()


def test_it_refuses_to_follow_an_inactive_channel(client, officer, remote, press_officer):
    officer.deactivate(by=press_officer, posts_public=True)
    response = remote.post(client, SHARED, remote.follow())
    assert response.status_code == 400
    assert not RemoteFollower.objects.exists()


def test_it_refuses_an_unsigned_follow(client, officer, remote):
    response = client.post(SHARED, remote.follow(), content_type="application/activity+json")
    assert response.status_code == 401
    assert not RemoteFollower.objects.exists()


def test_it_refuses_a_follow_signed_with_another_key(client, officer, remote):
    forger = Remote("anna", host="social.example")
    forger.__dict__["private_key"] = Remote("mallory", host="evil.example").private_key
    response = remote.post(client, SHARED, remote.follow(), sign_as=forger)
    assert response.status_code == 401
    assert not RemoteFollower.objects.exists()


def test_it_refuses_a_follow_whose_actor_did_not_sign(client, officer, remote, other_remote):
    # Signed by bert, claiming to come from anna.
    response = other_remote.post(client, SHARED, remote.follow())
    assert response.status_code == 401
    assert not RemoteFollower.objects.exists()


def test_it_refuses_a_body_changed_after_signing(client, officer, remote):
    import json

    from federation import signatures

    body = json.dumps(remote.follow()).encode()
    headers = signatures.sign(remote, "post", f"http://testserver{SHARED}", body)
    headers.pop("Host")
    content_type = headers.pop("Content-Type")
    tampered = body.replace(b"isabel_polizeikl", b"felix_polizeikl")
    response = client.post(SHARED, tampered, content_type=content_type, headers=headers)
    assert response.status_code == 401
    assert not RemoteFollower.objects.exists()


@pytest.mark.parametrize("blocked", ["domain", "subdomain", "account"])
def test_it_refuses_blocked_servers_and_accounts(client, officer, remote, blocked):
    if blocked == "domain":
        BlockedDomain.objects.create(domain="social.example")
    elif blocked == "subdomain":
        BlockedDomain.objects.create(domain="example")
    else:
        BlockedAccount.objects.create(uri=remote.uri)
    response = remote.post(client, SHARED, remote.follow())
    assert response.status_code == 403
    assert not RemoteFollower.objects.exists()
    assert not OutgoingActivity.objects.exists()


def test_it_refuses_broken_and_oversized_bodies(client, officer, remote, settings):
    assert remote.post(client, SHARED, None, body=b"{not json").status_code == 400
    assert remote.post(client, SHARED, None, body=b"[1, 2]").status_code == 400
    settings.FEDERATION_FETCH_MAX_BYTES = 100
    assert remote.post(client, SHARED, remote.follow()).status_code == 413
    assert not RemoteFollower.objects.exists()


def test_it_refuses_what_is_not_json(client, officer, remote):
    response = client.post(SHARED, "hello", content_type="text/plain")
    assert response.status_code == 415


def test_it_answers_get_on_an_inbox_with_405(client, officer):
    assert client.get(SHARED).status_code == 405


def test_it_acknowledges_and_drops_unknown_activities(client, officer, remote):
    like = {"id": f"{remote.uri}#likes/1", "type": "Like", "actor": remote.uri,
            "object": "http://testserver/@isabel_polizeikl/1/"}
    assert remote.post(client, SHARED, like).status_code == 202
    assert not OutgoingActivity.objects.exists()


def test_it_forgets_an_account_that_deleted_itself(client, officer, remote):
    remote.post(client, SHARED, remote.follow())
    delete = {"id": f"{remote.uri}#delete", "type": "Delete", "actor": remote.uri,
              "object": remote.uri}
    assert remote.post(client, SHARED, delete).status_code == 202
    assert not RemoteFollower.objects.exists()
    assert Officer.objects.get(pk=officer.pk).fediverse_follower_count == 0


def test_it_answers_404_while_federation_is_off(client, officer, remote, settings):
    settings.FEDERATION_ENABLED = False
    assert remote.post(client, SHARED, remote.follow()).status_code == 404
    assert not RemoteFollower.objects.exists()
