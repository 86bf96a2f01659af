"""Sign-up, verification by the e-mail link, password reset."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from portal.accounts import can_write
from portal.models import User

SIGNUP = {"email": "neu@example.org", "password1": "ein sehr gutes Passwort",
          "password2": "ein sehr gutes Passwort", "display_name": "Kiezkind"}


def link_in(message):
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


def test_the_sign_up_page_is_open_and_in_the_site_layout(client, db):
    response = client.get("/accounts/signup/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="site-header"' in html
    assert 'name="display_name"' in html
    assert "110" in html


def test_a_visitor_signs_up_and_verifies_by_the_link(client, db,
                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="neu@example.org")
    assert user.display_name == "Kiezkind"
    assert not can_write(user)
    assert len(mail.outbox) == 1
    url = link_in(mail.outbox[0])

    page = client.get(url)
    assert page.status_code == 200
    assert b"Confirm" in page.content or b"Best" in page.content
    response = client.post(url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert can_write(user)
    assert client.get("/accounts/profile/").status_code == 200  # signed in


def test_mail_is_sent_by_the_task_once_the_transaction_commits(client, db,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post("/accounts/signup/", SIGNUP)
    assert mail.outbox == []
    assert callbacks
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["neu@example.org"]
    assert mail.outbox[0].subject.startswith("[Revier]")


def test_an_unverified_citizen_cannot_sign_in_yet(client, db):
    client.post("/accounts/signup/", SIGNUP)
    client.logout()
    response = client.post("/accounts/login/", {"login": SIGNUP["email"],
                                                "password": SIGNUP["password1"]})
    assert response.status_code == 302
    assert "/accounts/confirm-email/" in response["Location"]
    assert client.get("/accounts/profile/").status_code == 302


@pytest.mark.parametrize("name", ["Polizei Kaiserslautern", "Pressestelle", "Admin"])
def test_a_display_name_may_not_look_like_the_police(client, db, name):
    response = client.post("/accounts/signup/", {**SIGNUP, "display_name": name})
    assert response.status_code == 200
    assert not User.objects.exists()


def test_sign_ups_are_rate_limited_per_address(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    for i in range(3):
        client.post("/accounts/signup/", {**SIGNUP, "email": f"neu{i}@example.org"})
        client.logout()
    assert User.objects.count() == 2


def test_password_reset_does_not_tell_whether_an_address_is_known(client, citizen,
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/accounts/password/reset/", {"email": citizen.email})
        unknown = client.post("/accounts/password/reset/", {"email": "niemand@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "niemand@example.org"]


def test_a_citizen_resets_the_password_by_the_link(client, citizen,
                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": citizen.email})
    path = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)",
                     mail.outbox[0].body).group(1)
    response = client.get(path)
    assert response.status_code == 302  # allauth moves the key into the session
    form = response["Location"]
    response = client.post(form, {"password1": "ganz neues Passwort 42",
                                  "password2": "ganz neues Passwort 42"})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.check_password("ganz neues Passwort 42")
