"""Replies and answers with the bovine peer: its reply to a published post appears on
the post page only after the press office releases it, the officer's answer arrives at
the peer as a signed reply bovine verifies, a blocked server's reply is refused."""

import urllib.request

import pytest

from federation.models import BlockedDomain
from posts.models import Comment
from tests.helpers.posts import make_post

pytestmark = [pytest.mark.interop, pytest.mark.django_db(transaction=True)]
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def create_note(peer, name, n, text, *, in_reply_to=None, to=(PUBLIC,), cc=(), tag=()):
    uri = peer.uri(name)
    note = {"id": f"{uri}/statuses/{n}", "type": "Note", "attributedTo": uri,
            "inReplyTo": in_reply_to, "to": list(to), "cc": list(cc),
            "content": f"<p>{text}</p>", "tag": list(tag)}
    return {"@context": "https://www.w3.org/ns/activitystreams",
            "id": f"{uri}/statuses/{n}/activity", "type": "Create", "actor": uri,
            "to": list(to), "cc": list(cc), "object": note}


def page(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
        return response.read().decode()


def test_a_reply_shows_after_release_and_the_officers_answer_arrives(
        our_server, peer, officer, press_officer):
    post = make_post(officer, photos=0)
    post_url = f"{our_server.url}{post.get_absolute_url()}"
    activity = create_note(peer, "alice", 1, "Danke f&uuml;r den Hinweis!",
                           in_reply_to=post_url)
    answer = peer.send("alice", f"{our_server.url}/federation/inbox", activity)
    assert answer["status"] == 202, answer
    assert "Danke für den Hinweis!" not in page(post_url)  # held for the press office

    comment = Comment.objects.get()
    assert comment.remote_author_handle == "@alice@127.0.0.1"
    assert comment.restore(press_officer)
    shown = page(post_url)
    assert "Danke für den Hinweis!" in shown
    assert "@alice@127.0.0.1" in shown

    Comment.write(post=post, author=officer.user, parent=comment, body="Gern, Alice!")
    [create] = peer.wait_for(lambda: peer.received("alice", "Create"))
    assert create["verified_as"] == f"{our_server.url}/@isabel_polizeikl/"  # bovine checked it
    note = create["activity"]["object"]
    assert note["inReplyTo"] == activity["object"]["id"]
    assert "Gern, Alice!" in note["content"]
    assert note["tag"][0]["href"] == peer.uri("alice")


def test_a_blocked_servers_reply_is_refused(our_server, peer, officer):
    BlockedDomain.objects.create(domain="127.0.0.1")
    post = make_post(officer, photos=0)
    activity = create_note(peer, "bob", 1, "Hallo",
                           in_reply_to=f"{our_server.url}{post.get_absolute_url()}")
    answer = peer.send("bob", f"{our_server.url}/federation/inbox", activity)
    assert answer["status"] == 403
    assert not Comment.objects.exists()


def test_a_notruf_dm_gets_the_110_notice_and_the_officers_answer(
        our_server, peer, officer, client):
    from inbox.models import Conversation, TriggerWord

    TriggerWord.objects.create(kind=TriggerWord.Kind.EMERGENCY_HINT, word="notruf")
    isabel = f"{our_server.url}/@isabel_polizeikl/"
    activity = create_note(
        peer, "carol", 1, "Notruf: bei uns wird eingebrochen", to=[isabel],
        tag=[{"type": "Mention", "href": isabel, "name": "@isabel_polizeikl"}])
    answer = peer.send("carol", f"{our_server.url}/federation/isabel_polizeikl/inbox",
                       activity)
    assert answer["status"] == 202, answer
    [notice] = peer.wait_for(lambda: peer.received("carol", "Create"))
    assert notice["verified_as"] == isabel  # bovine checked our signature
    note = notice["activity"]["object"]
    assert "110" in note["content"]
    assert note["to"] == [peer.uri("carol")] and note["cc"] == []  # to carol only
    assert note["inReplyTo"] == activity["object"]["id"]

    conversation = Conversation.objects.get()
    assert conversation.remote_author_uri == peer.uri("carol")
    client.force_login(officer.user)
    response = client.post(conversation.get_studio_url(),
                           {"body": "Bitte wählen Sie sofort die 110."})
    assert response.status_code == 302
    received = peer.wait_for(lambda: len(peer.received("carol", "Create")) == 2
                             and peer.received("carol", "Create"))
    answer_note = received[1]["activity"]["object"]
    assert received[1]["verified_as"] == isabel
    assert "Bitte wählen Sie sofort die 110." in answer_note["content"]
    assert answer_note["to"] == [peer.uri("carol")]
    assert [r["name"] for r in peer.received(kind="Create")] == ["carol", "carol"]


def test_the_peers_like_and_boost_are_counted(our_server, peer, officer):
    from posts.models import Post

    post = make_post(officer, photos=0)
    post_url = f"{our_server.url}{post.get_absolute_url()}"
    alice = peer.uri("alice")
    for kind, n in (("Like", 1), ("Announce", 2)):
        activity = {"@context": "https://www.w3.org/ns/activitystreams",
                    "id": f"{alice}/activities/{n}", "type": kind, "actor": alice,
                    "object": post_url, "to": [PUBLIC]}
        answer = peer.send("alice", f"{our_server.url}/federation/inbox", activity)
        assert answer["status"] == 202, answer
    post = Post.objects.get(pk=post.pk)
    assert (post.fediverse_interaction_count, post.like_count) == (2, 0)
