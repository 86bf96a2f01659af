"""The German interface speaks formally ("Sie") on allauth's pages too, and says the
same thing the same way."""

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

from portal.roles import OFFICERS
from tests.conftest import PASSWORD, make_user, totp_code
from tests.portal.accounts.test_account_emails import INFORMAL

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de"}


def main_text(response):
    html = response.content.decode()
    main = html[html.index("<main"):html.index("</main>")]
    return re.sub(r"<[^>]+>", " ", main)


@pytest.mark.parametrize("url", [
    "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/",
    "/accounts/password/reset/done/", "/accounts/confirm-email/",
])
def test_allauths_public_pages_say_sie(client, db, url):
    response = client.get(url, **GERMAN)
    assert response.status_code == 200
    text = main_text(response)
    assert not INFORMAL.search(text), INFORMAL.search(text)


@pytest.mark.parametrize("url", [
    "/accounts/logout/", "/accounts/email/", "/accounts/password/change/",
])
def test_allauths_pages_for_citizens_say_sie(client, citizen, url):
    client.force_login(citizen)
    text = main_text(client.get(url, **GERMAN))
    assert not INFORMAL.search(text), INFORMAL.search(text)


def test_the_sign_out_question_is_formal(client, citizen):
    client.force_login(citizen)
    assert "Möchten Sie sich wirklich abmelden?" in main_text(
        client.get("/accounts/logout/", **GERMAN))


def test_the_second_factor_pages_say_recovery_codes_one_way(client, db):
    user = make_user("neu@polizei.example", group=OFFICERS)
    RecoveryCodes.activate(user)
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(user)})
    for url in ("/accounts/2fa/", "/accounts/2fa/recovery-codes/"):
        response = client.get(url, **GERMAN)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "Wiederherstellungs-Codes" not in html, url
        assert "Wiederherstellungscodes" in html, url
        assert not INFORMAL.search(main_text(response)), url


def test_the_studio_lists_the_comments_to_answer_in_good_german(client, officer):
    client.force_login(officer.user)
    html = client.get("/studio/comments/", **GERMAN).content.decode()
    assert "Zu beantwortende Kommentare" in html
    assert "Kommentare zum Beantworten" not in html
