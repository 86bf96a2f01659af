"""The press office decides on one comment from its own admin page: show, hide, delete
the text, mute the author; each button calls the comment's transition."""

import pytest
from django.urls import reverse

from posts.models import Comment
from tests.conftest import make_user
from tests.helpers.comments import comment_on


@pytest.fixture
def comment(post, citizen):
    return comment_on(post, citizen, "Ein ganz normaler Kommentar")


def change_url(comment):
    return reverse("admin:posts_comment_change", args=[comment.pk])


def decide_url(comment, decision):
    return reverse("admin:posts_comment_moderate", args=[comment.pk, decision])


def buttons(client, comment):
    page = client.get(change_url(comment)).content.decode()
    return [d for d in ("restore", "hide", "delete", "mute") if decide_url(comment, d) in page]


def test_the_page_offers_what_the_state_allows(client, press_officer, comment, post,
                                               citizen):
    client.force_login(press_officer)
    assert buttons(client, comment) == ["hide", "delete", "mute"]
    held = comment_on(post, citizen, "Ruf an: 0151 23456789")
    assert held.state == Comment.State.HELD
    assert buttons(client, held) == ["restore", "hide", "delete", "mute"]
    held.delete_by(press_officer)
    citizen.mute("Beleidigungen")
    assert buttons(client, held) == []


@pytest.mark.parametrize("decision, state", [("hide", Comment.State.HIDDEN),
                                             ("delete", Comment.State.DELETED)])
def test_a_button_decides_and_goes_back_to_the_queue(client, press_officer, comment,
                                                     decision, state):
    client.force_login(press_officer)
    response = client.post(decide_url(comment, decision), {"note": "Beleidigung"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:posts_comment_changelist")
    comment.refresh_from_db()
    assert (comment.state, comment.moderated_by, comment.moderation_note) == (
        state, press_officer, "Beleidigung")


def test_the_press_office_shows_a_held_comment(client, press_officer, post, citizen):
    held = comment_on(post, citizen, "Ruf an: 0151 23456789")
    client.force_login(press_officer)
    client.post(decide_url(held, "restore"))
    held.refresh_from_db()
    assert held.state == Comment.State.VISIBLE and not held.needs_review


def test_the_press_office_mutes_the_author(client, press_officer, comment, citizen):
    client.force_login(press_officer)
    response = client.post(decide_url(comment, "mute"), follow=True)
    citizen.refresh_from_db()
    assert citizen.is_muted
    assert "is muted." in response.content.decode()


def test_a_decision_already_taken_changes_nothing_and_says_so(client, press_officer, comment):
    comment.delete_by(press_officer)
    client.force_login(press_officer)
    response = client.post(decide_url(comment, "hide"), follow=True)
    comment.refresh_from_db()
    assert comment.state == Comment.State.DELETED
    assert "Nothing changed" in response.content.decode()


def test_forged_decisions_and_ids_get_404_and_get_requests_405(client, press_officer, comment):
    client.force_login(press_officer)
    assert client.post(decide_url(comment, "publish")).status_code == 404
    missing = reverse("admin:posts_comment_moderate", args=[999999, "hide"])
    assert client.post(missing).status_code == 404
    assert client.get(decide_url(comment, "hide")).status_code == 405
    comment.refresh_from_db()
    assert comment.state == Comment.State.VISIBLE


def test_only_the_press_office_decides(client, comment, citizen, officer):
    for user in (citizen, officer.user):
        client.force_login(user)
        response = client.post(decide_url(comment, "hide"))
        assert response.status_code == 403
    staff_without_rights = make_user("staff@example.org", is_staff=True, second_factor=True)
    client.force_login(staff_without_rights)
    assert client.post(decide_url(comment, "hide")).status_code == 403
    comment.refresh_from_db()
    assert comment.state == Comment.State.VISIBLE
