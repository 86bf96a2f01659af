"""The author of a comment learns by e-mail when someone replies to it: a link to the
reply, at most one e-mail per comment and interval, and never against their wish."""

import re

import pytest
from django.core import mail

from posts.models import Comment
from tests.helpers.comments import comment_on


@pytest.fixture
def reply(django_capture_on_commit_callbacks):
    def reply(post, author, parent, body="Danke für die Frage, wir kümmern uns."):
        with django_capture_on_commit_callbacks(execute=True):
            return comment_on(post, author, body, parent=parent)

    return reply


@pytest.fixture
def question(post, citizen):
    return comment_on(post, citizen, "Wann ist die nächste Fahrradcodierung?")


def test_an_officer_reply_emails_the_citizen_a_link(reply, post, question, officer, citizen):
    answer = reply(post, officer.user, question)
    (email,) = mail.outbox
    assert email.to == [citizen.email]
    assert email.subject == "Isabel, Polizeikommissarin has replied to your comment"
    link = f"http://127.0.0.1:8000{post.get_absolute_url()}#comment-{answer.pk}"
    assert link in email.body and link in email.alternatives[0][0]
    off = re.search(r"http://127\.0\.0\.1:8000(/accounts/emails/replies-off/\S+/)",
                    email.body).group(0)
    assert f'href="{off}"' in email.alternatives[0][0]
    assert email.extra_headers["List-Unsubscribe"] == f"<{off}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_press_office_reply_names_the_press_office_not_the_person(
        reply, post, question, press_officer):
    reply(post, press_officer, question, "Danke für den Hinweis!")
    (email,) = mail.outbox
    assert email.subject == "Press office has replied to your comment"
    assert press_officer.display_name not in email.body


def test_a_citizen_reply_names_the_citizen(reply, post, question, other_citizen):
    other_citizen.display_name = "Bernd & Co"
    other_citizen.save()
    reply(post, other_citizen, question, "Am Samstag auf dem Stiftsplatz.")
    (email,) = mail.outbox
    assert email.subject == "Bernd & Co has replied to your comment"
    assert "Bernd &amp; Co" in email.alternatives[0][0]


def test_no_e_mail_for_replying_to_oneself(reply, post, question, citizen):
    reply(post, citizen, question, "Ach, und am Sonntag?")
    assert mail.outbox == []


def test_no_e_mail_when_the_citizen_turned_it_off(reply, post, question, citizen, officer):
    citizen.notify_replies = False
    citizen.save()
    reply(post, officer.user, question)
    assert mail.outbox == []


def test_no_e_mail_to_a_closed_account(reply, post, question, citizen, officer):
    citizen.is_active = False
    citizen.save()
    reply(post, officer.user, question)
    assert mail.outbox == []


def test_one_e_mail_per_comment_and_interval(reply, post, question, officer, other_citizen,
                                             settings):
    reply(post, officer.user, question)
    reply(post, other_citizen, question, "Ich war letztes Jahr da, sehr zu empfehlen.")
    assert len(mail.outbox) == 1
    other = comment_on(post, other_citizen, "Gibt es das auch in Landstuhl?")
    reply(post, officer.user, other, "Ja, im Frühjahr.")
    assert [e.to for e in mail.outbox] == [[question.author.email], [other_citizen.email]]


def test_a_held_reply_emails_only_once_the_press_office_publishes_it(
        reply, post, question, other_citizen, press_officer, django_capture_on_commit_callbacks):
    held = reply(post, other_citizen, question, "Ruf mich an: 0171 2345678")
    assert held.state == Comment.State.HELD
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        held.restore(press_officer)
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        held.hide(press_officer)
        held.restore(press_officer)  # shown again: the citizen knows already
    assert len(mail.outbox) == 1


def test_the_e_mail_is_in_german_by_default(reply, post, question, officer, settings):
    settings.LANGUAGE_CODE = "de"
    reply(post, officer.user, question)
    assert mail.outbox[0].subject == \
        "Isabel, Polizeikommissarin hat auf Ihren Kommentar geantwortet"


def test_the_citizen_turns_reply_e_mails_off_in_the_settings(client, citizen):
    client.force_login(citizen)
    html = client.get("/accounts/profile/").content.decode()
    assert re.search(r'<input type="checkbox" name="notify_replies"[^>]* checked>', html)
    client.post("/accounts/profile/", {"display_name": "Anna"})
    citizen.refresh_from_db()
    assert citizen.notify_replies is False
    client.post("/accounts/profile/", {"display_name": "Anna", "notify_replies": "on"})
    citizen.refresh_from_db()
    assert citizen.notify_replies is True


# Turned off from the e-mail, without signing in ----------------------------------------

def off_path(user):
    from portal.emails import reply_emails_off_url

    return reply_emails_off_url(user.pk).removeprefix("http://127.0.0.1:8000")


def test_the_link_in_the_e_mail_asks_first(client, citizen):
    response = client.get(off_path(citizen))
    assert response.status_code == 200
    assert "Turn these e-mails off" in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.notify_replies is True  # a link scanner opening it changes nothing


def test_one_click_turns_them_off_without_a_login_or_csrf_token(citizen):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(off_path(citizen))
    assert response.status_code == 200
    assert "you will no longer get an e-mail" in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.notify_replies is False


def test_no_e_mail_after_turning_them_off(client, reply, post, question, citizen, officer):
    client.post(off_path(citizen))
    citizen.refresh_from_db()  # the question's author, as a request would load it
    reply(post, officer.user, question)
    assert mail.outbox == []


@pytest.mark.parametrize("token", [
    "nonsense",
    "MQ:1vXp2s:forged-signature-forged-signature-forged",
])
def test_a_forged_link_finds_nothing(client, citizen, token):
    assert client.post(f"/accounts/emails/replies-off/{token}/").status_code == 404
    citizen.refresh_from_db()
    assert citizen.notify_replies is True


def test_a_link_signed_for_something_else_finds_nothing(client, citizen):
    from django.core import signing

    token = signing.dumps(citizen.pk)  # the site's key, but not this purpose
    assert client.post(f"/accounts/emails/replies-off/{token}/").status_code == 404
    citizen.refresh_from_db()
    assert citizen.notify_replies is True


def test_the_link_of_a_closed_account_finds_nothing(client, citizen):
    path = off_path(citizen)
    citizen.is_active = False
    citizen.save()
    assert client.post(path).status_code == 404
