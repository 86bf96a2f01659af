"""The account holder is told by e-mail when their password, e-mail address or second
factor changes: whoever took over a session cannot change them unnoticed."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail

from tests.conftest import PASSWORD


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    def sent(action):
        before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            action()
        return mail.outbox[before:]

    return sent


def test_a_password_change_is_told_to_the_account(client, citizen, sent):
    client.force_login(citizen)
    new = "ein anderes gutes Passwort"
    (notice,) = sent(lambda: client.post("/accounts/password/change/", {
        "oldpassword": PASSWORD, "password1": new, "password2": new}))
    assert notice.to == [citizen.email]
    assert "password" in notice.subject.lower()
    assert "changed" in notice.body.lower()


def test_a_new_primary_address_is_told_to_the_old_one(client, citizen, sent):
    client.force_login(citizen)
    (confirmation,) = sent(lambda: client.post(
        "/accounts/email/", {"action_add": "", "email": "anna.neu@example.org"}))
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", confirmation.body)[1]
    sent(lambda: client.post(link))
    notices = sent(lambda: client.post(
        "/accounts/email/", {"action_primary": "", "email": "anna.neu@example.org"}))
    assert [m.to for m in notices] == [[citizen.email]]
    assert "anna.neu@example.org" in notices[0].body


def test_a_new_second_factor_is_told_to_the_account(client, citizen, sent):
    client.post("/accounts/login/", {"login": citizen.email, "password": PASSWORD})
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    client.get("/accounts/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]
    code = format_hotp_value(hotp_value(secret, int(time.time() // 30)))
    notices = sent(lambda: client.post("/accounts/2fa/totp/activate/", {"code": code}))
    assert citizen.email in [m.to[0] for m in notices]
    assert any("authenticator" in m.subject.lower() for m in notices)


def test_the_notice_addresses_a_german_reader_formally(client, citizen, sent, settings):
    settings.LANGUAGE_CODE = "de"
    client.force_login(citizen)
    new = "ein anderes gutes Passwort"
    (notice,) = sent(lambda: client.post("/accounts/password/change/", {
        "oldpassword": PASSWORD, "password1": new, "password2": new},
        HTTP_ACCEPT_LANGUAGE="de"))
    assert "Ihr Passwort wurde geändert." in notice.body
    assert "Danke, dass Sie" in notice.body
    assert " du " not in notice.body and "Dein" not in notice.body
