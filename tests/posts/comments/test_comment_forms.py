"""A comment's report and reply forms: there once under the list (engagement.js opens
them under the comment chosen), and on a page of their own for readers without
JavaScript, which says why a reader cannot use them."""

import pytest
from django.urls import reverse

from posts.models import Comment, CommentReport
from tests.helpers.comments import publish


@pytest.fixture
def post(officer):
    return publish(officer, caption="Fahrradcodierung am Stiftsplatz")


@pytest.fixture
def comment(post, other_citizen):
    return Comment.write(post=post, author=other_citizen, body="Wann ist die nächste?")


def reply_url(comment):
    return reverse("posts:reply", args=[comment.post.officer.handle, comment.post_id,
                                        comment.pk])


def report_url(comment):
    return reverse("posts:report_comment", args=[comment.pk])


def test_the_list_carries_one_report_and_one_reply_form_however_many_comments(
        client, post, citizen, other_citizen):
    for n in range(5):
        Comment.write(post=post, author=other_citizen, body=f"Kommentar {n}")
    client.force_login(citizen)
    page = client.get(post.get_absolute_url()).content.decode()
    assert page.count('data-kind="report"') == 1
    assert page.count('data-kind="reply"') == 1
    assert page.count('data-engage-form="report"') == 5
    assert page.count('data-engage-form="reply"') == 5


def test_the_reply_page_shows_the_comment_and_sends_the_reply(client, comment, citizen):
    client.force_login(citizen)
    page = client.get(reply_url(comment)).content.decode()
    assert "Wann ist die nächste?" in page
    assert f'action="{reply_url(comment)}"' in page and "110" in page
    response = client.post(reply_url(comment), {"body": "Nächsten Samstag!",
                                                 "next": comment.post.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"].startswith(comment.post.get_absolute_url())
    assert Comment.objects.get(parent=comment).body == "Nächsten Samstag!"


def test_the_report_page_shows_the_reasons_and_sends_the_report(client, comment, citizen):
    client.force_login(citizen)
    page = client.get(report_url(comment)).content.decode()
    assert "Wann ist die nächste?" in page and 'value="spam"' in page
    response = client.post(report_url(comment), {"reason": "spam"})
    assert response.status_code == 302
    assert CommentReport.objects.get(comment=comment).reporter == citizen


def test_visitors_are_asked_to_sign_in(client, comment):
    for url in (reply_url(comment), report_url(comment)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("url", [reply_url, report_url])
def test_a_muted_reader_is_told_why_and_gets_no_form(client, comment, citizen, url):
    citizen.mute(reason="Beleidigungen")
    client.force_login(citizen)
    page = client.get(url(comment)).content.decode()
    assert "Your account has been muted" in page
    assert "comment-inline-form" not in page


def test_nobody_reports_their_own_comment(client, comment, other_citizen):
    client.force_login(other_citizen)
    page = client.get(report_url(comment)).content.decode()
    assert "You cannot report your own comment." in page
    assert "comment-inline-form" not in page


def test_closed_comments_take_no_reply(client, post, comment, citizen):
    post.comments_closed = True
    post.save()
    client.force_login(citizen)
    page = client.get(reply_url(comment)).content.decode()
    assert "Comments on this post are closed." in page
    assert "comment-inline-form" not in page


def test_hidden_comments_and_replies_have_no_form_page(client, post, comment, citizen,
                                                       press_officer):
    reply = Comment.write(post=post, author=citizen, body="Samstag.", parent=comment)
    client.force_login(citizen)
    assert client.get(reply_url(reply)).status_code == 404  # one level of replies
    comment.hide(press_officer)
    assert client.get(reply_url(comment)).status_code == 404
    assert client.get(report_url(comment)).status_code == 404
