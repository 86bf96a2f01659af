"""Fetching from other servers: never from private or loopback addresses (unless the
test setting allows it), only JSON, capped in size, no redirects."""

import json

import pytest

from federation import http


@pytest.mark.parametrize("url", [
    "https://127.0.0.1/users/x", "https://localhost/users/x", "https://10.1.2.3/x",
    "https://192.168.0.1/x", "https://169.254.169.254/latest/meta-data/",
    "https://[::1]/x", "https://[fd00::1]/x", "https://0.0.0.0/x",
])
def test_it_refuses_private_and_loopback_addresses(url):
    with pytest.raises(http.FetchError, match="private or local"):
        http.fetch_json(url)


def test_it_refuses_plain_http_and_other_schemes():
    for url in ["http://social.example/users/x", "file:///etc/passwd", "gopher://x/"]:
        with pytest.raises(http.FetchError, match="not an allowed URL"):
            http.fetch_json(url)


def test_it_refuses_loopback_even_for_the_sink_without_the_setting(sink, settings):
    settings.FEDERATION_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(http.FetchError, match="private or local"):
        http.fetch_json(f"{sink.url}/users/x")


def test_it_fetches_json_and_refuses_everything_else(sink, settings):
    sink.documents = {
        "/actor": (200, "application/activity+json", json.dumps({"id": "x"}).encode()),
        "/page": (200, "text/html", b"<html></html>"),
        "/big": (200, "application/json", b'{"a": "' + b"x" * 5000 + b'"}'),
        "/moved": (302, "text/plain", b""),
        "/list": (200, "application/json", b"[1]"),
    }
    assert http.fetch_json(f"{sink.url}/actor") == {"id": "x"}
    with pytest.raises(http.FetchError, match="not JSON"):
        http.fetch_json(f"{sink.url}/page")
    settings.FEDERATION_FETCH_MAX_BYTES = 1000
    with pytest.raises(http.FetchError, match="larger than"):
        http.fetch_json(f"{sink.url}/big")
    with pytest.raises(http.FetchError, match="HTTP 302"):
        http.fetch_json(f"{sink.url}/moved")
    with pytest.raises(http.FetchError, match="not a JSON object"):
        http.fetch_json(f"{sink.url}/list")
