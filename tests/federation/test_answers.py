"""The police's answers to comments from other servers go back as reply Notes: to the
remote author (with a Mention) and the channel's followers, in reply to their Note; a
deleted or hidden answer sends a Delete. Answers to citizens send nothing."""

from federation.models import OutgoingActivity
from posts.models import Comment
from tests.federation.test_replies import SHARED, comment_of, note_uri, reply
from tests.helpers.posts import make_post


def released_reply(client, officer, remote, press_officer):
    post = make_post(officer, photos=0)
    remote.post(client, SHARED, reply(remote, note_uri(post)))
    comment = comment_of(remote)
    comment.restore(press_officer)
    return post, comment


def test_an_officers_answer_goes_to_the_remote_author(client, officer, remote, press_officer):
    post, remote_comment = released_reply(client, officer, remote, press_officer)
    answer = Comment.write(post=post, author=officer.user, parent=remote_comment,
                           body="Gern geschehen!\nIhre Polizei")
    [activity] = OutgoingActivity.objects.filter(kind="Create")
    assert activity.inboxes == [remote.actor.inbox]
    assert activity.actor.officer == officer
    note = activity.payload["object"]
    assert note["id"] == f"http://testserver/federation/comments/{answer.pk}"
    assert note["url"] == f"http://testserver{answer.get_absolute_url()}"
    assert note["inReplyTo"] == remote_comment.remote_id
    assert note["attributedTo"] == "http://testserver/@isabel_polizeikl/"
    assert note["to"] == [remote.uri]
    assert note["cc"] == ["https://www.w3.org/ns/activitystreams#Public",
                          "http://testserver/federation/isabel_polizeikl/followers"]
    assert note["tag"] == [{"type": "Mention", "href": remote.uri,
                            "name": "@anna@social.example"}]
    assert note["content"].startswith('<p><span class="h-card">')
    assert "Gern geschehen!<br>Ihre Polizei</p>" in note["content"]
    assert activity.payload["to"] == note["to"]


def test_the_press_offices_answer_comes_from_the_authority(client, officer, remote,
                                                           press_officer):
    post, remote_comment = released_reply(client, officer, remote, press_officer)
    Comment.write(post=post, author=press_officer, parent=remote_comment, body="Danke!")
    [activity] = OutgoingActivity.objects.filter(kind="Create")
    assert activity.actor.is_authority


def test_deleting_the_answer_sends_a_delete(client, officer, remote, press_officer):
    post, remote_comment = released_reply(client, officer, remote, press_officer)
    answer = Comment.write(post=post, author=officer.user, parent=remote_comment, body="Gern!")
    assert answer.delete_by(officer.user)
    [delete] = OutgoingActivity.objects.filter(kind="Delete")
    assert delete.payload["object"] == {
        "id": f"http://testserver/federation/comments/{answer.pk}", "type": "Tombstone"}
    assert delete.inboxes == [remote.actor.inbox]


def test_answers_to_citizens_and_a_remote_authors_own_replies_send_nothing(
        client, officer, remote, citizen, press_officer):
    post, remote_comment = released_reply(client, officer, remote, press_officer)
    own = Comment.write(post=post, author=citizen, body="Ich auch")
    Comment.write(post=post, author=officer.user, parent=own, body="Danke")
    assert not OutgoingActivity.objects.filter(kind="Create").exists()


def test_a_held_remote_comment_cannot_be_answered(client, officer, remote):
    import pytest
    from django.core.exceptions import ValidationError

    post = make_post(officer, photos=0)
    remote.post(client, SHARED, reply(remote, note_uri(post)))
    with pytest.raises(ValidationError):
        Comment.write(post=post, author=officer.user, parent=comment_of(remote), body="Hallo")
    assert not OutgoingActivity.objects.exists()


def test_remote_comments_wait_for_an_answer_in_the_studio(client, officer, remote,
                                                          press_officer):
    post, remote_comment = released_reply(client, officer, remote, press_officer)
    assert list(Comment.objects.waiting_for_reply(officer)) == [remote_comment]
    client.force_login(officer.user)
    page = client.get("/studio/comments/").content.decode()
    assert "@anna@social.example" in page
    assert "people on other servers (Fediverse)" in page
    Comment.write(post=post, author=officer.user, parent=remote_comment, body="Gern!")
    assert not Comment.objects.waiting_for_reply(officer).exists()


def test_the_answer_is_served_at_its_id_and_gone_once_deleted(client, officer, remote,
                                                             press_officer, citizen):
    post, remote_comment = released_reply(client, officer, remote, press_officer)
    answer = Comment.write(post=post, author=officer.user, parent=remote_comment, body="Gern!")
    json_accept = {"Accept": "application/activity+json"}
    response = client.get(f"/federation/comments/{answer.pk}", headers=json_accept)
    [sent] = OutgoingActivity.objects.filter(kind="Create")
    assert response.status_code == 200
    assert {k: v for k, v in response.json().items() if k != "@context"} == \
        sent.payload["object"]
    # A citizen's comment, or the remote one, has no Note here.
    own = Comment.write(post=post, author=citizen, body="Hallo")
    assert client.get(f"/federation/comments/{own.pk}").status_code == 404
    assert client.get(f"/federation/comments/{remote_comment.pk}").status_code == 404
    answer.delete_by(officer.user)
    assert client.get(f"/federation/comments/{answer.pk}").status_code == 410
