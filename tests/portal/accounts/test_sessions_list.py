"""The account settings list where the account is signed in, and "sign out everywhere
else" ends every other session at once."""

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client

from tests.conftest import PASSWORD


def sign_in(user, address):
    client = Client(HTTP_USER_AGENT=f"Browser {address}", REMOTE_ADDR=address)
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def phone_and_laptop(citizen, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    return sign_in(citizen, "203.0.113.1"), sign_in(citizen, "198.51.100.2")


def test_the_settings_link_to_the_list(phone_and_laptop):
    phone, _ = phone_and_laptop
    assert 'href="/accounts/sessions/"' in phone.get("/accounts/profile/").content.decode()


def test_it_lists_every_session_of_the_account(phone_and_laptop, other_citizen):
    phone, _ = phone_and_laptop
    sign_in(other_citizen, "192.0.2.9")
    html = phone.get("/accounts/sessions/").content.decode()
    assert "Browser 203.0.113.1" in html and "Browser 198.51.100.2" in html
    assert "192.0.2.9" not in html


def test_sign_out_everywhere_else_ends_the_other_sessions(phone_and_laptop, citizen):
    phone, laptop = phone_and_laptop
    assert laptop.get("/accounts/profile/").status_code == 200
    assert phone.post("/accounts/sessions/").status_code == 302
    assert laptop.get("/accounts/profile/").status_code == 302  # to the login
    assert phone.get("/accounts/profile/").status_code == 200
    assert UserSession.objects.filter(user=citizen).count() == 1


def test_another_account_cannot_end_them(phone_and_laptop, other_citizen):
    phone, laptop = phone_and_laptop
    intruder = Client()
    intruder.force_login(other_citizen)
    intruder.post("/accounts/sessions/")
    assert phone.get("/accounts/profile/").status_code == 200
    assert laptop.get("/accounts/profile/").status_code == 200
