"""Failed logins are throttled per account and per address before a password is hashed:
one hash costs about 0.3 s of CPU in production, so a flood must not reach the hasher."""

from unittest import mock

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher

from tests.conftest import PASSWORD


@pytest.fixture
def hashes():
    """Counts every password hash (checking a password, or the dummy hash allauth runs
    for unknown addresses against timing attacks)."""
    calls = {"n": 0}
    encode = MD5PasswordHasher.encode

    def counting(self, password, salt, *args, **kwargs):
        calls["n"] += 1
        return encode(self, password, salt, *args, **kwargs)

    with mock.patch.object(MD5PasswordHasher, "encode", counting):
        yield calls


def attempt(client, email, password="falsch"):  # noqa: S107
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_a_failed_login_hashes_the_password_once(client, citizen, hashes):
    attempt(client, citizen.email)
    assert hashes["n"] == 1
    attempt(client, "niemand@example.org")
    assert hashes["n"] == 2


def test_an_account_is_throttled_before_the_hasher_runs(client, citizen, hashes, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS,
                                    "login_failed": "100/m/ip,5/5m/key"}
    for _ in range(5):
        attempt(client, citizen.email)
    assert hashes["n"] == 5
    for _ in range(20):
        response = attempt(client, citizen.email)
    assert hashes["n"] == 5
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    # Even the right password waits: the limit is checked before the password.
    attempt(client, citizen.email, PASSWORD)
    assert hashes["n"] == 5
    assert client.get("/accounts/profile/").status_code == 302


def test_an_address_is_throttled_across_accounts(client, db, hashes, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS,
                                    "login_failed": "10/m/ip,5/5m/key"}
    for i in range(30):
        attempt(client, f"versuch{i}@example.org")
    assert hashes["n"] == 10


def test_the_address_is_the_client_behind_the_proxy(client, db, hashes, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS,
                                    "login_failed": "2/m/ip,50/5m/key"}
    for i in range(4):
        client.post("/accounts/login/", {"login": f"a{i}@example.org", "password": "x"},
                    HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert hashes["n"] == 2
    # Another client behind the same proxy is not locked out.
    client.post("/accounts/login/", {"login": "b@example.org", "password": "x"},
                HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert hashes["n"] == 3


def test_a_successful_login_does_not_use_up_the_limit(client, citizen, hashes, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS,
                                    "login_failed": "100/m/ip,2/5m/key"}
    for _ in range(5):
        assert attempt(client, citizen.email, PASSWORD).status_code == 302
        client.logout()
    assert hashes["n"] == 5


def test_a_stranger_cannot_lock_out_the_real_user(client, citizen, hashes, settings):
    """Failed logins are limited per account and address: the stranger at one address
    uses up their own attempts, the account holder at another still signs in."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS,
                                    "login_failed": "100/m/ip,5/5m/key"}
    stranger = {"HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    for _ in range(10):
        response = client.post("/accounts/login/",
                               {"login": citizen.email, "password": "falsch"}, **stranger)
    assert "Too many failed login attempts" in response.content.decode()

    response = client.post("/accounts/login/", {"login": citizen.email, "password": PASSWORD},
                           HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_many_failures_for_one_account_slow_it_down_instead_of_walling_it(
        client, citizen, hashes, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_SLOWDOWN_AFTER = 3
    settings.LOGIN_SLOWDOWN_SECONDS = 2.0
    with mock.patch("portal.accounts.time.sleep") as sleep:
        for i in range(3):  # a botnet: every try from another address
            client.post("/accounts/login/", {"login": citizen.email, "password": "x"},
                        HTTP_X_FORWARDED_FOR=f"203.0.113.{i + 1}")
        assert sleep.call_count == 0
        response = client.post("/accounts/login/",
                               {"login": citizen.email, "password": PASSWORD},
                               HTTP_X_FORWARDED_FOR="198.51.100.20")
    sleep.assert_called_once_with(2.0)
    assert response.status_code == 302  # slowed down, but in
