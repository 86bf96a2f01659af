"""Replies from other servers: a public Note in reply to one of our published posts
becomes a comment by its remote author, held until the press office releases it (the
setting), shown with the handle and a link to the original, as plain text. Its Update
edits it (back into moderation), its Delete removes it, the account's Delete removes all
of theirs. Forged, replayed and oversized ones store nothing."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from federation import signatures
from posts.models import BlockedWord, Comment
from tests.federation.conftest import Remote
from tests.helpers.posts import make_post

SHARED = "/federation/inbox"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def note_uri(post):
    return f"http://testserver/@{post.officer.handle}/{post.pk}/"


def reply(remote, in_reply_to, *, n=1, html=None, to=(PUBLIC,), kind="Create", **extra):
    html = html if html is not None else (
        '<p><span class="h-card"><a href="http://testserver/@isabel_polizeikl/" '
        'class="u-url mention">@<span>isabel_polizeikl</span></a></span> '
        "Danke f&uuml;r die Kontrolle!<br>Gute Arbeit.</p>")
    note = {"id": f"{remote.uri}/statuses/{n}", "type": "Note",
            "attributedTo": remote.uri, "inReplyTo": in_reply_to,
            "to": list(to), "cc": [f"{remote.uri}/followers"],
            "url": f"https://{remote.host}/@{remote.username}/{n}",
            "content": html,
            "tag": [{"type": "Mention", "href": "http://testserver/@isabel_polizeikl/",
                     "name": "@isabel_polizeikl@testserver"}], **extra}
    return {"@context": "https://www.w3.org/ns/activitystreams",
            "id": f"{remote.uri}/statuses/{n}/activity" + ("" if kind == "Create"
                                                           else f"#{kind}"),
            "type": kind, "actor": remote.uri, "to": list(to), "object": note}


def comment_of(remote):
    return Comment.objects.get(remote_author_uri=remote.uri)


def test_a_reply_is_held_until_the_press_office_releases_it(client, officer, remote,
                                                            press_officer):
    post = make_post(officer, photos=0)
    response = remote.post(client, SHARED, reply(remote, note_uri(post)))
    assert response.status_code == 202
    comment = comment_of(remote)
    assert comment.author is None
    assert (comment.author_role, comment.state, comment.held_reason, comment.needs_review) \
        == ("remote", "held", "fediverse", True)
    assert comment.body == "Danke für die Kontrolle!\nGute Arbeit."
    assert comment.remote_author_handle == "@anna@social.example"
    assert comment.remote_url == "https://social.example/@anna/1"
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Danke für die Kontrolle" not in page
    post.refresh_from_db()
    assert post.comment_count == 0
    assert Comment.objects.needing_review().get() == comment

    assert comment.restore(press_officer)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Danke für die Kontrolle!<br>Gute Arbeit." in page
    assert "@anna@social.example" in page
    assert 'href="https://social.example/@anna/1"' in page
    post.refresh_from_db()
    assert post.comment_count == 1


def test_a_reply_is_shown_at_once_when_the_setting_says_so(client, officer, remote,
                                                           settings):
    settings.FEDERATION_HOLD_REPLIES = False
    post = make_post(officer, photos=0)
    remote.post(client, SHARED, reply(remote, note_uri(post)))
    assert comment_of(remote).state == "visible"
    assert "Danke für die Kontrolle" in client.get(post.get_absolute_url()).content.decode()


def test_the_citizens_checks_hold_a_reply_even_when_shown_at_once(client, officer, remote,
                                                                  settings):
    settings.FEDERATION_HOLD_REPLIES = False
    BlockedWord.objects.create(word="idiot*")
    post = make_post(officer, photos=0)
    remote.post(client, SHARED, reply(remote, note_uri(post), html="<p>Ihr Idioten</p>"))
    comment = comment_of(remote)
    assert (comment.state, comment.held_reason) == ("held", "blocked_word")


def test_markup_never_reaches_the_page(client, officer, remote, settings):
    settings.FEDERATION_HOLD_REPLIES = False
    post = make_post(officer, photos=0)
    html = ('<p>Hallo <script>alert(1)</script><b onclick="x()">fett</b> '
            '<a href="javascript:alert(2)">Link</a> &lt;img src=x&gt;</p>')
    remote.post(client, SHARED, reply(remote, note_uri(post), html=html))
    assert comment_of(remote).body == "Hallo fett Link <img src=x>"
    page = client.get(post.get_absolute_url()).content.decode()
    assert "alert(" not in page
    assert "Hallo fett Link &lt;img src=x&gt;" in page


def test_a_too_long_or_empty_reply_is_refused(client, officer, remote):
    post = make_post(officer, photos=0)
    long = reply(remote, note_uri(post), html="<p>" + "a" * 1001 + "</p>")
    assert remote.post(client, SHARED, long).status_code == 400
    empty = reply(remote, note_uri(post), n=2, html="<p> </p>")
    assert remote.post(client, SHARED, empty).status_code == 400
    assert not Comment.objects.exists()


def test_a_reply_to_a_closed_or_unpublished_post_is_not_stored(client, officer, remote):
    closed = make_post(officer, photos=0, comments_closed=True)
    assert remote.post(client, SHARED, reply(remote, note_uri(closed))).status_code == 400
    draft = make_post(officer, photos=0, published=False)
    assert remote.post(client, SHARED, reply(remote, note_uri(draft), n=2)).status_code == 202
    assert not Comment.objects.exists()


def test_unrelated_and_non_public_creates_are_dropped(client, officer, remote):
    post = make_post(officer, photos=0)
    elsewhere = reply(remote, "https://other.example/statuses/9")
    assert remote.post(client, SHARED, elsewhere).status_code == 202
    not_a_note = {**reply(remote, note_uri(post), n=2),
                  "object": {"id": f"{remote.uri}/x", "type": "Event"}}
    assert remote.post(client, SHARED, not_a_note).status_code == 202
    assert not Comment.objects.exists()


def test_a_reply_to_a_comment_goes_under_its_thread(client, officer, remote, other_remote,
                                                    press_officer):
    post = make_post(officer, photos=0)
    remote.post(client, SHARED, reply(remote, note_uri(post)))
    first = comment_of(remote)
    first.restore(press_officer)
    other_remote.post(client, SHARED, reply(other_remote, first.remote_id))
    second = comment_of(other_remote)
    assert second.parent == first
    officer_answer = Comment.write(post=post, author=officer.user, body="Gern!", parent=first)
    answer_uri = f"http://testserver{officer_answer.get_absolute_url()}"
    remote.post(client, SHARED, reply(remote, answer_uri, n=3))
    assert Comment.objects.get(remote_id=f"{remote.uri}/statuses/3").parent == first


def test_the_same_reply_twice_is_stored_once(client, officer, remote):
    post = make_post(officer, photos=0)
    activity = reply(remote, note_uri(post))
    remote.post(client, SHARED, activity)
    assert remote.post(client, SHARED, activity).status_code == 202
    assert Comment.objects.count() == 1


def test_an_update_edits_it_and_puts_it_back_into_moderation(client, officer, remote,
                                                             press_officer):
    post = make_post(officer, photos=0)
    remote.post(client, SHARED, reply(remote, note_uri(post)))
    comment_of(remote).restore(press_officer)
    edit = reply(remote, note_uri(post), html="<p>Neuer Text</p>", kind="Update")
    assert remote.post(client, SHARED, edit).status_code == 202
    comment = comment_of(remote)
    assert (comment.body, comment.state, comment.needs_review) == ("Neuer Text", "held", True)
    assert comment.edited_at is not None
    post.refresh_from_db()
    assert post.comment_count == 0


def test_a_hidden_reply_stays_hidden_whatever_its_server_sends(client, officer, remote,
                                                               press_officer):
    post = make_post(officer, photos=0)
    remote.post(client, SHARED, reply(remote, note_uri(post)))
    comment = comment_of(remote)
    comment.hide(press_officer)
    remote.post(client, SHARED, reply(remote, note_uri(post), html="<p>Anders</p>",
                                      kind="Update"))
    remote.post(client, SHARED, reply(remote, note_uri(post)))  # the Create again
    comment.refresh_from_db()
    assert (comment.state, comment.body) == ("hidden", "Danke für die Kontrolle!\nGute Arbeit.")


def test_only_its_author_edits_or_deletes_it(client, officer, remote, other_remote):
    post = make_post(officer, photos=0)
    remote.post(client, SHARED, reply(remote, note_uri(post)))
    forged = reply(remote, note_uri(post), html="<p>Fremd</p>", kind="Update")
    forged["actor"] = other_remote.uri
    forged["object"]["attributedTo"] = other_remote.uri
    assert other_remote.post(client, SHARED, forged).status_code == 400  # not on its server
    delete = {"id": f"{other_remote.uri}#delete", "type": "Delete", "actor": other_remote.uri,
              "object": {"id": f"{remote.uri}/statuses/1", "type": "Tombstone"}}
    assert other_remote.post(client, SHARED, delete).status_code == 202
    comment = comment_of(remote)
    assert comment.body.startswith("Danke") and comment.state == "held"


def test_a_delete_removes_the_text(client, officer, remote, press_officer):
    post = make_post(officer, photos=0)
    remote.post(client, SHARED, reply(remote, note_uri(post)))
    comment_of(remote).restore(press_officer)
    delete = {"id": f"{remote.uri}/statuses/1#delete", "type": "Delete", "actor": remote.uri,
              "object": {"id": f"{remote.uri}/statuses/1", "type": "Tombstone"}}
    assert remote.post(client, SHARED, delete).status_code == 202
    comment = comment_of(remote)
    assert (comment.state, comment.body) == ("deleted", "")
    post.refresh_from_db()
    assert post.comment_count == 0
    assert "Danke" not in client.get(post.get_absolute_url()).content.decode()


def test_the_accounts_delete_removes_all_of_theirs(client, officer, remote, other_remote,
                                                   press_officer):
    post = make_post(officer, photos=0)
    remote.post(client, SHARED, reply(remote, note_uri(post)))
    remote.post(client, SHARED, reply(remote, note_uri(post), n=2))
    other_remote.post(client, SHARED, reply(other_remote, note_uri(post)))
    for comment in Comment.objects.all():
        comment.restore(press_officer)
    delete = {"id": f"{remote.uri}#delete", "type": "Delete", "actor": remote.uri,
              "object": remote.uri}
    assert remote.post(client, SHARED, delete).status_code == 202
    assert list(Comment.objects.values_list("remote_author_uri", flat=True)) == [
        other_remote.uri]
    post.refresh_from_db()
    assert post.comment_count == 1


def test_a_remote_reply_is_not_counted_as_a_citizens(client, officer, remote, settings):
    from metrics.sources import comments

    settings.FEDERATION_HOLD_REPLIES = False
    post = make_post(officer, photos=0)
    remote.post(client, SHARED, reply(remote, note_uri(post)))
    now = timezone.now()
    assert comments(now - timedelta(hours=1), now + timedelta(hours=1)).get(officer.pk) in (
        None, (0, 0))


def test_a_flood_from_one_account_is_throttled(client, officer, remote, settings):
    settings.FEDERATION_RATE_ACCOUNT = "2/m"
    post = make_post(officer, photos=0)
    answers = [remote.post(client, SHARED, reply(remote, note_uri(post), n=n)).status_code
               for n in range(1, 4)]
    assert answers == [202, 202, 429]
    assert Comment.objects.count() == 2


def test_a_forged_reply_stores_nothing(client, officer, remote, other_remote):
    post = make_post(officer, photos=0)
    forger = Remote("anna", host="social.example")
    forger.__dict__["private_key"] = Remote("mallory", host="evil.example").private_key
    assert remote.post(client, SHARED, reply(remote, note_uri(post)),
                       sign_as=forger).status_code == 401
    # Signed by bert, claiming to be anna's.
    assert other_remote.post(client, SHARED, reply(remote, note_uri(post))).status_code == 401
    # Bert's own activity carrying a note attributed to anna.
    smuggled = reply(remote, note_uri(post))
    smuggled["actor"] = other_remote.uri
    assert other_remote.post(client, SHARED, smuggled).status_code == 400
    assert not Comment.objects.exists()


def test_a_replayed_reply_older_than_the_clock_skew_is_refused(client, officer, remote,
                                                               settings):
    post = make_post(officer, photos=0)
    body = json.dumps(reply(remote, note_uri(post))).encode()
    with time_machine.travel(timezone.now()
                             - timedelta(seconds=settings.FEDERATION_SIGNATURE_MAX_SKEW + 60)):
        headers = signatures.sign(remote, "post", f"http://testserver{SHARED}", body)
    headers.pop("Host")
    content_type = headers.pop("Content-Type")
    response = client.post(SHARED, body, content_type=content_type, headers=headers)
    assert response.status_code == 401
    assert not Comment.objects.exists()


def test_an_oversized_reply_is_refused(client, officer, remote, settings):
    post = make_post(officer, photos=0)
    settings.FEDERATION_FETCH_MAX_BYTES = 2000
    activity = reply(remote, note_uri(post), html="<p>" + "x" * 3000 + "</p>")
    assert remote.post(client, SHARED, activity).status_code == 413
    assert not Comment.objects.exists()


@pytest.mark.parametrize("closed,hold,expected", [
    (False, True, {"automaticApproval": ["http://testserver/@isabel_polizeikl/"],
                   "manualApproval": [PUBLIC]}),
    (False, False, {"automaticApproval": [PUBLIC], "manualApproval": []}),
    (True, True, {"automaticApproval": ["http://testserver/@isabel_polizeikl/"],
                  "manualApproval": []}),
])
def test_the_note_says_how_replies_are_handled(client, officer, settings, closed, hold,
                                               expected):
    settings.FEDERATION_HOLD_REPLIES = hold
    post = make_post(officer, photos=0, comments_closed=closed)
    note = client.get(post.get_absolute_url(),
                      headers={"Accept": "application/activity+json"}).json()
    assert note["interactionPolicy"]["canReply"] == expected
    assert "https://gotosocial.org/ns" in note["@context"]


def test_the_release_is_sent_as_an_accept_with_an_approval(client, officer, remote,
                                                           press_officer):
    from federation.models import OutgoingActivity

    post = make_post(officer, photos=0)
    remote.post(client, SHARED, reply(remote, note_uri(post)))
    assert not OutgoingActivity.objects.exists()  # nothing while it waits
    comment = comment_of(remote)
    approval_url = f"/federation/approvals/{comment.pk}"
    assert client.get(approval_url).status_code == 404  # not released yet
    comment.restore(press_officer)
    [accept] = OutgoingActivity.objects.filter(kind="Accept")
    assert accept.inboxes == [remote.actor.inbox]
    assert accept.payload["object"] == comment.remote_id
    assert accept.payload["result"] == f"http://testserver{approval_url}"
    approval = client.get(approval_url).json()
    assert (approval["type"], approval["object"], approval["target"], approval["attributedTo"]) \
        == ("ReplyApproval", comment.remote_id, note_uri(post), "http://testserver/@isabel_polizeikl/")


def test_hiding_a_waiting_reply_sends_a_reject(client, officer, remote, press_officer):
    from federation.models import OutgoingActivity

    post = make_post(officer, photos=0)
    remote.post(client, SHARED, reply(remote, note_uri(post)))
    remote.post(client, SHARED, reply(remote, note_uri(post), n=2))
    first, second = Comment.objects.order_by("pk")
    first.hide(press_officer)
    [reject] = OutgoingActivity.objects.filter(kind="Reject")
    assert reject.payload["object"] == first.remote_id
    delete = {"id": f"{remote.uri}/statuses/2#delete", "type": "Delete", "actor": remote.uri,
              "object": second.remote_id}
    remote.post(client, SHARED, delete)  # its author deleted it: nothing to tell
    assert OutgoingActivity.objects.count() == 1


def test_only_web_addresses_become_links(client, officer, remote, settings):
    from federation.models import RemoteActor

    settings.FEDERATION_HOLD_REPLIES = False
    RemoteActor.objects.filter(uri=remote.uri).update(profile_url="javascript:alert(1)")
    post = make_post(officer, photos=0)
    activity = reply(remote, note_uri(post))
    activity["object"]["url"] = "javascript:alert(2)"
    remote.post(client, SHARED, activity)
    comment = comment_of(remote)
    assert (comment.remote_author_url, comment.remote_url) == (remote.uri, comment.remote_id)
    assert "javascript:" not in client.get(post.get_absolute_url()).content.decode()


def test_closing_comments_tells_the_followers_who_may_reply(client, officer, remote,
                                                            citizen, press_officer):
    from federation.models import OutgoingActivity, RemoteFollower
    from federation.models.actors import LocalActor

    RemoteFollower.objects.create(local=LocalActor.objects.for_officer(officer),
                                  remote=remote.actor)
    post = make_post(officer, photos=0)
    comment = Comment.write(post=post, author=citizen, body="Hallo")
    client.force_login(press_officer)
    response = client.post("/admin/posts/comment/?queue=all", {
        "action": "close_post_comments", "_selected_action": [comment.pk]})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.comments_closed
    [update] = OutgoingActivity.objects.filter(kind="Update")
    assert update.payload["object"]["interactionPolicy"]["canReply"] == {
        "automaticApproval": ["http://testserver/@isabel_polizeikl/"], "manualApproval": []}


def test_a_channels_own_setting_wins_over_the_portals(client, officer, remote, settings):
    settings.FEDERATION_HOLD_REPLIES = True
    officer.fediverse_replies = officer.FediverseReplies.SHOW
    officer.save()
    post = make_post(officer, photos=0)
    remote.post(client, SHARED, reply(remote, note_uri(post)))
    assert comment_of(remote).state == "visible"
    note = client.get(post.get_absolute_url(),
                      headers={"Accept": "application/activity+json"}).json()
    assert note["interactionPolicy"]["canReply"]["automaticApproval"] == [PUBLIC]
