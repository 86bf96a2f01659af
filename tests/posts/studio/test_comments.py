"""Comments waiting for the officer in the studio: citizens' comments on the officer's
posts that nobody from the police has answered; the officer answers them there or sets
them aside."""

import pytest
from django.urls import reverse
from django.utils import timezone

from posts.models import Comment, Post
from tests.helpers.comments import comment_on, publish
from tests.helpers.posts import queries_for

URL = reverse("posts:studio_comments")


def set_aside_url(comment):
    return reverse("posts:studio_comment_set_aside", args=[comment.pk])


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer.user)
    return client


@pytest.fixture
def question(post, citizen):
    return comment_on(post, citizen, "Wann ist die nächste Fahrradcodierung?")


def listed(client):
    return [c.pk for c in client.get(URL).context["comments"]]


def test_it_lists_unanswered_citizen_comments_on_the_officers_posts_newest_first(
        officer_client, officer, colleague, post, citizen, other_citizen, press_officer):
    first = comment_on(post, citizen, "Erste Frage")
    second = comment_on(post, other_citizen, "Zweite Frage")
    answered = comment_on(post, citizen, "Schon beantwortet")
    comment_on(post, officer.user, "Danke!", parent=answered)
    by_press = comment_on(post, other_citizen, "Von der Pressestelle beantwortet")
    comment_on(post, press_officer, "Gern geschehen.", parent=by_press)
    only_citizen_replies = comment_on(post, citizen, "Nur Bürger antworteten")
    comment_on(post, other_citizen, "Ich weiß es auch nicht.", parent=only_citizen_replies)
    comment_on(post, officer.user, "Mein eigener Kommentar")
    hidden = comment_on(post, citizen, "Versteckt")
    hidden.hide(press_officer)
    comment_on(post, citizen, "Ruf an: 0171 2345678")  # held for review
    comment_on(publish(colleague), citizen, "Beim Kollegen")
    draft = Post.objects.create(officer=officer, author=officer.user, caption="Entwurf")
    Comment.objects.create(post=draft, author=citizen, body="Auf einem Entwurf")
    closed = publish(officer, caption="Kommentare geschlossen")
    comment_on(closed, citizen, "Vor dem Schließen")
    Post.objects.filter(pk=closed.pk).update(comments_closed=True)

    assert listed(officer_client) == [only_citizen_replies.pk, second.pk, first.pk]


def test_comments_older_than_the_window_no_longer_wait(officer_client, question):
    Comment.objects.filter(pk=question.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=31))
    assert listed(officer_client) == []


def test_the_officer_replies_from_the_list(officer_client, post, question,
                                           django_capture_on_commit_callbacks):
    from django.core import mail

    html = officer_client.get(URL).content.decode()
    assert "Wann ist die nächste Fahrradcodierung?" in html
    reply_url = reverse("posts:reply", args=[post.officer.handle, post.pk, question.pk])
    assert f'action="{reply_url}"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(reply_url, {"body": "Am Samstag.", "next": URL})
    assert response["Location"].startswith(URL)
    reply = Comment.objects.get(parent=question)
    assert (reply.author_role, reply.body) == (Comment.Role.OFFICER, "Am Samstag.")
    assert listed(officer_client) == []
    assert [e.to for e in mail.outbox] == [[question.author.email]]


def test_the_officer_sets_a_comment_aside(officer_client, question):
    response = officer_client.post(set_aside_url(question))
    assert response["Location"] == URL
    question.refresh_from_db()
    assert question.no_reply_needed_at is not None
    assert listed(officer_client) == []
    assert question.is_visible  # still shown publicly, only no longer waiting


def test_another_officers_comment_cannot_be_set_aside(client, colleague, question):
    client.force_login(colleague.user)
    assert client.post(set_aside_url(question)).status_code == 404
    question.refresh_from_db()
    assert question.no_reply_needed_at is None


def test_setting_aside_takes_a_post(officer_client, question):
    assert officer_client.get(set_aside_url(question)).status_code == 405
    question.refresh_from_db()
    assert question.no_reply_needed_at is None


def test_setting_aside_twice_finds_nothing_the_second_time(officer_client, question):
    officer_client.post(set_aside_url(question))
    first = Comment.objects.get(pk=question.pk).no_reply_needed_at
    assert officer_client.post(set_aside_url(question)).status_code == 404
    assert Comment.objects.get(pk=question.pk).no_reply_needed_at == first


def test_only_the_posts_officer_may_set_aside_in_the_model(colleague, question):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        question.set_aside(colleague)


@pytest.mark.parametrize("who", ["citizen", "press_officer"])
def test_it_is_for_officers_with_a_channel(client, who, request, question):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    assert client.post(set_aside_url(question)).status_code == 403


def test_the_studio_links_it_with_the_number_waiting(officer_client, post, citizen,
                                                     other_citizen):
    comment_on(post, citizen)
    comment_on(post, other_citizen)
    html = officer_client.get(reverse("posts:studio")).content.decode()
    assert f'href="{URL}">Comments (2 to answer)</a>' in html


def test_it_runs_a_fixed_number_of_queries(officer_client, post, citizen, other_citizen,
                                           django_assert_num_queries):
    comment_on(post, citizen)
    expected = queries_for(officer_client, URL)
    for n in range(5):
        comment_on(publish(post.officer, caption=f"Beitrag {n}"), other_citizen, f"Frage {n}")
    with django_assert_num_queries(expected):
        officer_client.get(URL)


def test_a_flood_is_listed_and_counted_a_page_at_a_time(officer_client, post, citizen,
                                                        monkeypatch):
    monkeypatch.setattr("posts.models.comments.WAITING_PAGE", 2)
    for n in range(3):
        comment_on(post, citizen, f"Frage {n}")
    html = officer_client.get(reverse("posts:studio")).content.decode()
    assert f'href="{URL}">Comments (2+ to answer)</a>' in html
    response = officer_client.get(URL)
    assert len(response.context["comments"]) == 2
    assert "Older comments follow" in response.content.decode()


def test_the_press_office_sees_on_the_comment_that_it_was_set_aside(
        officer_client, client, question, press_officer):
    officer_client.post(set_aside_url(question))
    client.force_login(press_officer)
    html = client.get(reverse("admin:posts_comment_change", args=[question.pk])).content.decode()
    assert "Set aside without reply:" in html
