"""Reports from other servers (Flag) reach the press office's queues; Move is dropped;
blocking an account or a server in the admin hides its comments, closes its
conversations (both kept, with the decision recorded), ends its follows and refuses
what it sends afterwards."""

from django.contrib.admin.models import LogEntry

from federation.models import BlockedAccount, RemoteFollower, RemoteReport
from inbox.models import Conversation
from posts.models import Comment
from tests.federation.test_messages import dm
from tests.federation.test_replies import SHARED, comment_of, note_uri, reply
from tests.helpers.posts import make_post


def flag(remote, *objects, content="Das ist Hetze", n=1):
    return {"@context": "https://www.w3.org/ns/activitystreams",
            "id": f"https://{remote.host}/{n}", "type": "Flag", "actor": remote.uri,
            "object": list(objects), "content": content}


def test_a_flag_of_a_post_reaches_the_press_office(client, officer, remote, press_officer):
    post = make_post(officer, photos=0)
    activity = flag(remote, "http://testserver/@isabel_polizeikl/", note_uri(post))
    assert remote.post(client, SHARED, activity).status_code == 202
    assert remote.post(client, SHARED, activity).status_code == 202  # again: one report
    report = RemoteReport.objects.get()
    assert (report.post, report.comment, report.content) == (post, None, "Das ist Hetze")
    assert report.reporter_handle == "@anna@social.example"
    client.force_login(press_officer)
    page = client.get("/admin/federation/remotereport/").content.decode()
    assert "Das ist Hetze" in page and f"@isabel_polizeikl/{post.pk}" in page
    response = client.post("/admin/federation/remotereport/", {
        "action": "mark_reviewed", "_selected_action": [report.pk]})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.resolved_by == press_officer
    assert LogEntry.objects.filter(object_id=str(report.pk)).exists()


def test_a_flag_of_a_comment_puts_it_into_the_moderation_queue(client, officer, remote,
                                                               citizen):
    post = make_post(officer, photos=0)
    comment = Comment.write(post=post, author=citizen, body="Hallo")
    remote.post(client, SHARED, flag(remote, f"http://testserver{comment.get_absolute_url()}"))
    assert RemoteReport.objects.get().comment == comment
    assert list(Comment.objects.needing_review()) == [comment]


def test_a_flag_of_nothing_of_ours_and_a_move_are_dropped(client, officer, remote):
    assert remote.post(client, SHARED, flag(remote, "https://x.example/1")).status_code == 202
    move = {"id": f"{remote.uri}#move", "type": "Move", "actor": remote.uri,
            "object": remote.uri, "target": "https://new.example/users/anna"}
    assert remote.post(client, SHARED, move).status_code == 202
    assert not RemoteReport.objects.exists()


def test_blocking_an_account_hides_its_comments_and_closes_its_conversations(
        client, officer, remote, other_remote, press_officer, settings):
    settings.FEDERATION_HOLD_REPLIES = False
    post = make_post(officer, photos=0)
    remote.post(client, SHARED, reply(remote, note_uri(post)))
    other_remote.post(client, SHARED, reply(other_remote, note_uri(post)))
    remote.post(client, SHARED, dm(remote, "Frage", n=5))
    remote.post(client, SHARED, remote.follow())
    assert RemoteFollower.objects.count() == 1

    client.force_login(press_officer)
    response = client.post("/admin/federation/blockedaccount/add/",
                           {"uri": remote.uri, "note": "Beleidigungen"})
    assert response.status_code == 302
    assert BlockedAccount.objects.get().created_by == press_officer
    hidden = comment_of(remote)
    assert (hidden.state, hidden.moderated_by) == ("hidden", press_officer)
    assert hidden.body  # kept, with the decision
    assert comment_of(other_remote).state == "visible"
    assert Conversation.objects.get().state == "closed"
    assert not RemoteFollower.objects.exists()
    page = client.get(post.get_absolute_url()).content.decode()
    assert "@anna@social.example" not in page and "@bert@other.example" in page
    post.refresh_from_db()
    assert post.comment_count == 1
    # What it sends from now on is refused.
    assert remote.post(client, SHARED, reply(remote, note_uri(post), n=2)).status_code == 403


def test_blocking_their_servers_from_the_accounts_list(client, officer, remote, other_remote,
                                                       press_officer, settings):
    settings.FEDERATION_HOLD_REPLIES = False
    post = make_post(officer, photos=0)
    remote.post(client, SHARED, reply(remote, note_uri(post)))
    other_remote.post(client, SHARED, reply(other_remote, note_uri(post)))
    client.force_login(press_officer)
    response = client.post("/admin/federation/remoteactor/", {
        "action": "block_servers", "_selected_action": [remote.actor.pk]})
    assert response.status_code == 302
    assert comment_of(remote).state == "hidden"
    assert comment_of(other_remote).state == "visible"
    assert remote.post(client, SHARED, reply(remote, note_uri(post), n=3)).status_code == 403


def test_the_admin_shows_remote_comments_and_conversations(client, officer, remote,
                                                          press_officer):
    post = make_post(officer, photos=0)
    remote.post(client, SHARED, reply(remote, note_uri(post)))
    remote.post(client, SHARED, dm(remote, "Eine Frage", n=7))
    comment = comment_of(remote)
    client.force_login(press_officer)
    listing = client.get("/admin/posts/comment/").content.decode()
    assert "@anna@social.example (Fediverse)" in listing
    page = client.get(f"/admin/posts/comment/{comment.pk}/change/").content.decode()
    assert "https://social.example/@anna/1" in page
    assert "/moderate/mute/" not in page  # blocked in the Fediverse admin instead
    conversation = Conversation.objects.get()
    response = client.get(f"/admin/inbox/conversation/{conversation.pk}/change/")
    assert response.status_code == 200
    assert "@anna@social.example" in response.content.decode()
