"""allauth's e-mails speak the portal's voice: formal German ("Sie") or English, the site
named from SITE_URL, whatever the Site row says."""

import re

import pytest
from django.contrib.sites.models import Site
from django.core import mail

from tests.conftest import PASSWORD

SIGNUP = {"email": "neu@example.org", "password1": "ein sehr gutes Passwort",
          "password2": "ein sehr gutes Passwort"}
# Informal German: the second person singular of allauth's stock texts.
INFORMAL = re.compile(r"\b(du|dich|dir|dein\w*|bestätige|nutzt|hast|kannst|Danke dass)\b")


@pytest.fixture(autouse=True)
def site_url(settings, db):
    settings.SITE_URL = "https://revier.example"
    # A stale Site row (as a fresh database has it) must not show through.
    Site.objects.update_or_create(pk=1, defaults={"domain": "127.0.0.1:8000", "name": "x"})


def sent(client, django_capture_on_commit_callbacks, url, data, language):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data, HTTP_ACCEPT_LANGUAGE=language)
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    return mail.outbox[0]


def check_voice(message, language):
    text = f"{message.subject}\n{message.body}"
    assert "127.0.0.1:8000" not in text and "example.com" not in text
    assert "https://revier.example" in message.body
    if language == "de":
        assert not INFORMAL.search(text), INFORMAL.search(text)
        assert "Guten Tag," in message.body and "Ihr Revier-Team" in message.body
    else:
        assert "Hello," in message.body and "Your Revier team" in message.body


@pytest.mark.parametrize("language, subject, sentence", [
    ("de", "[Revier] Bitte bestätigen Sie Ihre E-Mail-Adresse", "bestätigen Sie Ihre E-Mail"),
    ("en", "[Revier] Please confirm your e-mail address", "please confirm your e-mail"),
])
def test_the_confirmation_e_mail(client, django_capture_on_commit_callbacks, language,
                                 subject, sentence):
    message = sent(client, django_capture_on_commit_callbacks, "/accounts/signup/", SIGNUP,
                   language)
    assert message.subject == subject
    assert sentence in message.body
    assert "/accounts/confirm-email/" in message.body
    check_voice(message, language)


@pytest.mark.parametrize("language, subject", [
    ("de", "[Revier] Wählen Sie ein neues Passwort"),
    ("en", "[Revier] Choose a new password"),
])
def test_the_password_reset_e_mail(client, citizen, django_capture_on_commit_callbacks,
                                   language, subject):
    message = sent(client, django_capture_on_commit_callbacks, "/accounts/password/reset/",
                   {"email": citizen.email}, language)
    assert message.subject == subject
    assert "/accounts/password/reset/key/" in message.body
    check_voice(message, language)


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_e_mail_to_an_unknown_address(client, db, django_capture_on_commit_callbacks,
                                          language):
    message = sent(client, django_capture_on_commit_callbacks, "/accounts/password/reset/",
                   {"email": "niemand@example.org"}, language)
    assert "/accounts/signup/" in message.body
    check_voice(message, language)


@pytest.mark.parametrize("language, sentence", [
    ("de", "Ihr Passwort wurde geändert."), ("en", "Your password has been changed."),
])
def test_the_notice_of_a_changed_password(client, citizen, django_capture_on_commit_callbacks,
                                         language, sentence):
    client.force_login(citizen)
    new = "ein anderes gutes Passwort"
    message = sent(client, django_capture_on_commit_callbacks, "/accounts/password/change/",
                   {"oldpassword": PASSWORD, "password1": new, "password2": new}, language)
    assert sentence in message.body
    assert "IP" in message.body
    check_voice(message, language)


def test_the_notice_of_a_changed_address_names_both(client, citizen,
                                                    django_capture_on_commit_callbacks):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=citizen, email="neu@example.org", verified=True)
    client.force_login(citizen)
    message = sent(client, django_capture_on_commit_callbacks, "/accounts/email/",
                   {"action_primary": "", "email": "neu@example.org"}, "de")
    assert "anna@example.org" in message.body and "neu@example.org" in message.body
    check_voice(message, "de")
