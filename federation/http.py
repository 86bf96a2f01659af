"""Requests to other servers, and only to public ones.

Every URL is resolved first and refused if any of its addresses is private, loopback,
link-local or otherwise not global (SSRF: a remote actor must not make us fetch our own
network), unless FEDERATION_ALLOW_PRIVATE_ADDRESSES is set (the loopback tests). The
connection goes to the address that was checked, so a second DNS answer cannot swap it.
Answers are capped at FEDERATION_FETCH_MAX_BYTES and FEDERATION_FETCH_TIMEOUT, fetched
documents must be JSON, and redirects are not followed."""

import ipaddress
import json
import socket
import threading
from urllib.parse import urlsplit

import urllib3
from django.conf import settings

from federation import signatures

JSON_TYPES = ("application/activity+json", "application/ld+json", "application/json",
              "application/jrd+json")
ACCEPT = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
USER_AGENT = "Revier (ActivityPub; +{site})"

_pools = {}
_pools_lock = threading.Lock()


class FetchError(Exception):
    """The remote URL was refused, unreachable, too big, too slow or not JSON."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


def _public_address(host, port):
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"cannot resolve {host}") from error
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not settings.FEDERATION_ALLOW_PRIVATE_ADDRESSES:
        for address in addresses:
            if not address.is_global or address.is_multicast:
                raise FetchError(f"{host} is a private or local address ({address})")
    return str(addresses[0])


def _pool(scheme, host, port):
    address = _public_address(host, port)
    key = (scheme, host, port, address)
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None:
            timeout = urllib3.Timeout(total=settings.FEDERATION_FETCH_TIMEOUT)
            retries = urllib3.Retry(total=0, redirect=False)
            if scheme == "https":
                pool = urllib3.HTTPSConnectionPool(
                    address, port, server_hostname=host, assert_hostname=host,
                    timeout=timeout, retries=retries, maxsize=4,
                )
            else:
                pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout,
                                                  retries=retries, maxsize=4)
            if len(_pools) > 1000:
                _pools.clear()
            _pools[key] = pool
    return pool


def request(method, url, *, body=None, headers=None):
    """(status, body bytes) of a request to a public server; raises FetchError."""
    parts = urlsplit(url)
    allowed = ("https", "http") if settings.FEDERATION_ALLOW_HTTP else ("https",)
    if parts.scheme not in allowed or not parts.hostname:
        raise FetchError(f"not an allowed URL: {url}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    pool = _pool(parts.scheme, parts.hostname, port)
    headers = {"User-Agent": USER_AGENT.format(site=settings.SITE_URL),
               "Host": parts.netloc, **(headers or {})}
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        response = pool.urlopen(method, target, body=body, headers=headers,
                                preload_content=False, redirect=False, assert_same_host=False)
    except urllib3.exceptions.HTTPError as error:
        raise FetchError(f"{parts.netloc}: {error.__class__.__name__}") from error
    try:
        limit = settings.FEDERATION_FETCH_MAX_BYTES
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise FetchError(f"{url}: answer larger than {limit} bytes", response.status)
        data = response.read(limit + 1, decode_content=True)
        if len(data) > limit:
            raise FetchError(f"{url}: answer larger than {limit} bytes", response.status)
        return response.status, data, response.headers
    except urllib3.exceptions.HTTPError as error:
        raise FetchError(f"{parts.netloc}: {error.__class__.__name__}") from error
    finally:
        response.release_conn()


def fetch_json(url, *, signer=None, accept=ACCEPT):
    """A JSON document from another server; signed by `signer` (a LocalActor) so that
    servers with authorized fetch answer too."""
    headers = {"Accept": accept}
    if signer is not None:
        headers.update(signatures.sign(signer, "get", url, accept=accept))
    status, data, response_headers = request("GET", url, headers=headers)
    if status != 200:
        raise FetchError(f"{url}: HTTP {status}", status)
    content_type = response_headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type not in JSON_TYPES:
        raise FetchError(f"{url}: not JSON ({content_type or 'no type'})", status)
    try:
        document = json.loads(data)
    except ValueError as error:
        raise FetchError(f"{url}: broken JSON") from error
    if not isinstance(document, dict):
        raise FetchError(f"{url}: not a JSON object")
    return document


def post_activity(actor, url, payload):
    """Delivers an activity (bytes or a dict) to an inbox, signed by `actor`; returns
    the HTTP status, raises FetchError when the server cannot be reached."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    headers = signatures.sign(actor, "post", url, body)
    status, _, _ = request("POST", url, body=body, headers=headers)
    return status
