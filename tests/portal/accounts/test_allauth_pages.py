"""allauth's pages work behind LoginRequiredMiddleware, in the site layout, without
inline scripts (strict CSP)."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.conftest import PASSWORD, make_user

PUBLIC = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/",
          "/accounts/password/reset/done/", "/accounts/confirm-email/",
          "/accounts/confirm-email/not-a-key/"]
SIGNED_IN = ["/accounts/email/", "/accounts/password/change/", "/accounts/2fa/",
             "/accounts/reauthenticate/", "/accounts/profile/", "/accounts/profile/delete/"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>")


def check_page(response):
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="site-header"' in html  # extends base.html
    assert not INLINE_SCRIPT.search(html)
    assert " style=" not in html and " onclick=" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("url", PUBLIC)
def test_anonymous_visitors_reach_the_public_account_pages(client, db, url):
    check_page(client.get(url))


@pytest.mark.parametrize("url", SIGNED_IN)
def test_signed_in_pages_need_a_login_and_work(client, citizen, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(citizen)
    check_page(client.get(url))


def test_the_two_factor_pages_work_for_staff(client, officer):
    client.force_login(officer.user)
    check_page(client.get("/accounts/2fa/"))


def staff_without_second_factor(client):
    """Signs in a new staff user by password and confirms the password again, as allauth
    asks before a second factor is added."""
    user = make_user("neu@polizei.example", is_staff=True, second_factor=False)
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    check_page(client.get(response["Location"]))
    client.post(response["Location"], {"password": PASSWORD})
    return user


def test_the_authenticator_activation_page_works(client, db):
    staff_without_second_factor(client)
    response = client.get("/accounts/2fa/totp/activate/")
    check_page(response)
    assert 'src="data:image/svg+xml' in response.content.decode()


def test_the_activation_of_an_authenticator_lets_staff_into_the_admin(client, db):
    staff_without_second_factor(client)
    assert client.get("/admin/")["Location"] == "/accounts/2fa/totp/activate/"
    client.get("/accounts/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]
    code = format_hotp_value(hotp_value(secret, int(time.time() // 30)))
    # The code just typed counts as the session's second factor.
    response = client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_logout_works_for_everybody(client, citizen):
    assert client.get("/accounts/logout/").status_code == 302
    client.force_login(citizen)
    check_page(client.get("/accounts/logout/"))
    client.post("/accounts/logout/")
    assert client.get("/accounts/profile/").status_code == 302
