"""Behind the proxy of docs/deploy.md every client has its own rate-limit bucket by
default, and a configuration that would make them share one is reported."""

import logging

import pytest
from django.core import checks
from django.test import RequestFactory

from portal import ratelimit


def request(**meta):
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", **meta)


def test_with_debug_off_the_default_trusts_one_proxy(settings):
    assert settings.DEBUG is False
    assert settings.TRUSTED_PROXY_COUNT == 1
    a = request(HTTP_X_FORWARDED_FOR="203.0.113.7")
    b = request(HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert ratelimit.client_address(a) == "203.0.113.7"
    assert ratelimit.client_address(b) == "198.51.100.9"


def test_hops_the_client_wrote_itself_are_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    forged = request(HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert ratelimit.client_address(forged) == "203.0.113.7"


@pytest.mark.parametrize(("debug", "count", "warned"), [
    (False, 0, True), (False, 1, False), (True, 0, False),
])
def test_the_deploy_check_warns_when_every_client_would_share_a_bucket(
        settings, debug, count, warned):
    settings.DEBUG = debug
    settings.TRUSTED_PROXY_COUNT = count
    ids = [m.id for m in checks.run_checks(include_deployment_checks=True,
                                           tags=[checks.Tags.security])]
    assert ("portal.W001" in ids) is warned


def test_a_proxy_the_setting_does_not_know_is_logged_once(settings, caplog, monkeypatch):
    settings.TRUSTED_PROXY_COUNT = 0
    monkeypatch.setattr(ratelimit, "_warned", set())
    with caplog.at_level(logging.WARNING, logger="portal.ratelimit"):
        for _ in range(3):
            assert ratelimit.client_address(
                request(HTTP_X_FORWARDED_FOR="203.0.113.7")) == "10.0.0.2"
    assert [r.getMessage() for r in caplog.records] == [
        "A request came through a proxy (X-Forwarded-For) but TRUSTED_PROXY_COUNT is 0: "
        "every client shares the proxy's rate limits."]
