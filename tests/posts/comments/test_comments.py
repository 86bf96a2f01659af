"""Writing comments and replies."""

import pytest
from django.core.exceptions import ValidationError

from posts.models import BlockedWord, Comment, Post
from tests.conftest import make_user
from tests.helpers.comments import FETCH, comment_on


def comment_url(post):
    return f"/@{post.officer.handle}/{post.pk}/comments/"


def reply_url(post, comment):
    return f"/@{post.officer.handle}/{post.pk}/comments/{comment.pk}/reply/"


def test_it_publishes_a_citizens_comment(citizen_client, citizen, post):
    response = citizen_client.post(comment_url(post), {"body": "Danke für den Einblick!"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"
    assert comment.author == citizen
    assert comment.state == Comment.State.VISIBLE
    post.refresh_from_db()
    assert post.comment_count == 1
    page = citizen_client.get(post.get_absolute_url()).content.decode()
    assert "Danke für den Einblick!" in page
    assert "Thank you, your comment is online." in page


def test_it_answers_javascript_with_the_comment_fragment(citizen_client, post):
    response = citizen_client.post(comment_url(post), {"body": "Super!"}, **FETCH)
    assert response.status_code == 201
    html = response.content.decode()
    assert html.lstrip().startswith('<li class="comment"')
    assert "Super!" in html


def test_the_fragment_brings_the_new_count_for_the_heading(citizen_client, citizen, post):
    comment_on(post, citizen, "Der erste.")
    html = citizen_client.post(comment_url(post), {"body": "Der zweite."}, **FETCH) \
        .content.decode()
    assert '<h2 id="comments-heading" data-engage-swap>2 comments</h2>' in html
    # A comment held for review is not counted yet: the heading stays as it was.
    html = citizen_client.post(comment_url(post), {"body": "Ruf an: 0631 1234567"}, **FETCH) \
        .content.decode()
    assert '<h2 id="comments-heading" data-engage-swap>2 comments</h2>' in html


def test_it_keeps_the_text_plain(citizen_client, post):
    citizen_client.post(comment_url(post), {"body": "Zeile eins\nZeile zwei **fett**"})
    html = citizen_client.get(post.get_absolute_url()).content.decode()
    assert "Zeile eins<br>Zeile zwei **fett**" in html


def test_it_refuses_more_than_1000_characters(citizen_client, post):
    response = citizen_client.post(comment_url(post), {"body": "x" * 1001}, **FETCH)
    assert response.status_code == 400
    assert not Comment.objects.exists()
    with pytest.raises(ValidationError):
        Comment.write(post=post, author=post.author, body="y" * 1001)


def test_it_refuses_empty_comments(citizen_client, post):
    assert citizen_client.post(comment_url(post), {"body": "   "}, **FETCH).status_code == 400
    assert not Comment.objects.exists()


def test_it_needs_a_verified_address(client, post):
    client.force_login(make_user("neu@example.org", verified=False))
    response = client.post(comment_url(post), {"body": "Hallo"}, **FETCH)
    assert response.status_code == 403
    assert "confirm your e-mail" in response.content.decode()
    assert not Comment.objects.exists()
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'name="body"' not in html
    assert "Please confirm your e-mail address to comment." in html


def test_a_muted_citizen_cannot_comment(citizen_client, citizen, post):
    citizen.mute("Beleidigungen")
    response = citizen_client.post(comment_url(post), {"body": "Hallo"}, **FETCH)
    assert response.status_code == 403
    assert not Comment.objects.exists()
    html = citizen_client.get(post.get_absolute_url()).content.decode()
    assert "muted" in html
    assert 'name="body"' not in html


def test_closed_comments_take_no_new_ones(citizen_client, post):
    Post.objects.filter(pk=post.pk).update(comments_closed=True)
    response = citizen_client.post(comment_url(post), {"body": "Hallo"}, **FETCH)
    assert response.status_code == 409
    assert not Comment.objects.exists()
    html = citizen_client.get(post.get_absolute_url()).content.decode()
    assert "Comments on this post are closed." in html
    assert 'name="body"' not in html


def test_unpublished_posts_cannot_be_commented(citizen_client, officer):
    draft = Post.objects.create(officer=officer, caption="Entwurf")
    assert citizen_client.post(comment_url(draft), {"body": "Hallo"}).status_code == 404


def test_the_comment_form_names_the_emergency_number(citizen_client, post):
    html = citizen_client.get(post.get_absolute_url()).content.decode()
    form = html[html.index('class="form comment-form"'):]
    form = form[:form.index("</form>")]
    assert "110" in form
    assert 'href="/emergency/"' in form


def test_it_is_rate_limited(citizen_client, post, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment": "2/m"}
    for text in ("eins", "zwei"):
        assert citizen_client.post(comment_url(post), {"body": text}, **FETCH).status_code == 201
    response = citizen_client.post(comment_url(post), {"body": "drei"}, **FETCH)
    assert response.status_code == 429
    assert Comment.objects.count() == 2
    response = citizen_client.post(comment_url(post), {"body": "vier"})
    assert response.status_code == 302
    assert "moment" in citizen_client.get(response["Location"]).content.decode()


# Replies ----------------------------------------------------------------------------

def test_an_officer_reply_carries_a_badge_with_name_and_rank(client, officer, citizen, post):
    question = comment_on(post, citizen, "Wie lange dauert die Ausbildung?")
    client.force_login(officer.user)
    response = client.post(reply_url(post, question), {"body": "Drei Jahre."})
    assert response.status_code == 302
    reply = Comment.objects.get(parent=question)
    assert reply.author_role == Comment.Role.OFFICER
    assert reply.badge == "Isabel, Polizeikommissarin"
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<strong class="comment-author">Isabel, Polizeikommissarin</strong>' in html
    assert 'class="comment-badge"' in html


def test_a_press_office_reply_carries_the_press_office_badge(client, press_officer, citizen,
                                                             post):
    question = comment_on(post, citizen)
    reply = comment_on(post, press_officer, "Danke!", parent=question)
    assert reply.author_role == Comment.Role.PRESS
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<strong class="comment-author">Press office</strong>' in html


def test_a_citizen_cannot_pose_as_an_officer(citizen, post):
    citizen.display_name = "Isabel, Polizeikommissarin"
    assert comment_on(post, citizen).author_role == Comment.Role.CITIZEN


def test_there_is_one_level_of_replies(citizen_client, citizen, other_citizen, post):
    top = comment_on(post, other_citizen)
    reply = comment_on(post, citizen, parent=top)
    response = citizen_client.post(reply_url(post, reply), {"body": "Noch tiefer"}, **FETCH)
    assert response.status_code == 409
    assert Comment.objects.count() == 2


def test_a_reply_must_belong_to_the_same_post(citizen_client, other_citizen, post, officer):
    from tests.helpers.comments import publish

    other_post = publish(officer, caption="Anderer Beitrag")
    top = comment_on(other_post, other_citizen)
    assert citizen_client.post(reply_url(post, top), {"body": "x"}).status_code == 404


def test_staff_replies_are_not_held_for_phone_numbers(officer, citizen, post):
    question = comment_on(post, citizen)
    reply = comment_on(post, officer.user, "Die Wache erreicht ihr unter 0631 369-0.",
                       parent=question)
    assert reply.state == Comment.State.VISIBLE


# Held for review ------------------------------------------------------------------------

@pytest.mark.parametrize("body, found", [
    ("Ruft mich an: 0151 23456789", "a phone number"),
    ("Schreibt an max.muster@example.org", "an e-mail address"),
    ("Das Auto KL-AB 123 parkt jeden Tag falsch", "a licence plate"),
    ("Der Dealer wohnt in der Logenstraße 12", "a street address"),
])
def test_personal_data_is_held_and_the_citizen_told_why(citizen_client, post, body, found):
    response = citizen_client.post(comment_url(post), {"body": body})
    comment = Comment.objects.get()
    assert comment.state == Comment.State.HELD
    assert comment.held_reason == Comment.HeldReason.PERSONAL_DATA
    assert comment.needs_review
    post.refresh_from_db()
    assert post.comment_count == 0
    page = citizen_client.get(response["Location"]).content.decode()
    assert found in page
    assert "online police station" in page
    assert 'href="https://www.onlinewache.polizei.de/"' in page


def test_a_held_comment_is_shown_only_to_its_author(client, citizen, other_citizen, post):
    comment_on(post, citizen, "Meine Nummer: 0151 23456789")
    client.force_login(other_citizen)
    assert "0151" not in client.get(post.get_absolute_url()).content.decode()
    client.logout()
    assert "0151" not in client.get(post.get_absolute_url()).content.decode()
    client.force_login(citizen)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "0151 23456789" in html
    assert "Only you can see this comment" in html


def test_a_blocked_word_holds_the_comment(citizen_client, post):
    BlockedWord.objects.create(word="Idiot*")
    citizen_client.post(comment_url(post), {"body": "So ein IDIOTENHAUFEN"})
    comment = Comment.objects.get()
    assert comment.state == Comment.State.HELD
    assert comment.held_reason == Comment.HeldReason.BLOCKED_WORD
    assert comment.held_detail == "idiot*"


def test_blocked_words_match_whole_words_only(citizen, post):
    BlockedWord.objects.create(word="arsch")
    assert comment_on(post, citizen, "Der Marsch war lang").state == Comment.State.VISIBLE
    assert comment_on(post, citizen, "Du Arsch!").state == Comment.State.HELD


def test_the_author_deletes_their_own_comment(citizen_client, citizen, post):
    comment = comment_on(post, citizen, "Vertippt")
    response = citizen_client.post(f"/comments/{comment.pk}/delete/")
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.state == Comment.State.DELETED
    assert comment.body == ""
    post.refresh_from_db()
    assert post.comment_count == 0


def test_nobody_else_deletes_a_citizens_comment(client, citizen, other_citizen, officer, post):
    comment = comment_on(post, citizen)
    for user in (other_citizen, officer.user):
        client.force_login(user)
        assert client.post(f"/comments/{comment.pk}/delete/", **FETCH).status_code == 403
    comment.refresh_from_db()
    assert comment.state == Comment.State.VISIBLE



def test_staff_without_a_second_factor_cannot_speak_for_the_police(client, station, citizen,
                                                                    post):
    from officers.models import Officer
    from portal.roles import OFFICERS

    user = make_user("neu@polizei.example", group=OFFICERS, second_factor=False)
    Officer.objects.create(user=user, handle="neu_polizei", display_name="Neu", station=station)
    question = comment_on(post, citizen)
    client.force_login(user)
    response = client.post(reply_url(post, question), {"body": "Antwort"}, **FETCH)
    assert response.status_code == 403
    assert "second factor" in response.content.decode()
    assert Comment.objects.count() == 1
