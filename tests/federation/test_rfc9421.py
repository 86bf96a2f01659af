"""Incoming requests signed as RFC 9421 HTTP Message Signatures: signed here with the
http-message-signatures library's own signer, verified by our inbox."""

import datetime
import json
from types import SimpleNamespace

import pytest
from cryptography.hazmat.primitives import serialization
from http_message_signatures import HTTPMessageSigner, MappingKeyResolver, algorithms

from federation.models import RemoteFollower

SHARED = "/federation/inbox"
URL = f"http://testserver{SHARED}"


def signed_headers(remote, body, *, created=None, components=None, key=None):
    pem = (key or remote.private_key).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())
    message = SimpleNamespace(method="POST", url=URL, headers={
        "Content-Type": "application/activity+json",
    })
    signer = HTTPMessageSigner(signature_algorithm=algorithms.RSA_V1_5_SHA256,
                               key_resolver=MappingKeyResolver(public_keys={},
                                                               private_keys={remote.key_id: pem}))
    # The library adds Content-Digest for the body and covers it.
    signer.sign(message, key_id=remote.key_id, created=created, body=body,
                covered_component_ids=components or ("@method", "@target-uri"))
    return {k: v for k, v in message.headers.items() if k != "Content-Type"}


def post(client, body, headers):
    return client.post(SHARED, body, content_type="application/activity+json", headers=headers)


def test_it_accepts_a_follow_signed_as_rfc9421(client, officer, remote):
    body = json.dumps(remote.follow()).encode()
    response = post(client, body, signed_headers(remote, body))
    assert response.status_code == 202
    assert RemoteFollower.objects.filter(remote=remote.actor).exists()


@pytest.mark.parametrize("forgery", ["body", "key", "old", "uncovered"])
def test_it_refuses_a_forged_rfc9421_request(client, officer, remote, forgery):
    from tests.federation.conftest import Remote

    body = json.dumps(remote.follow()).encode()
    if forgery == "body":
        headers = signed_headers(remote, body)
        body = body.replace(b"isabel", b"felix_")
    elif forgery == "key":
        headers = signed_headers(remote, body, key=Remote("mallory", "evil.example").private_key)
    elif forgery == "old":
        headers = signed_headers(remote, body, created=datetime.datetime.now(datetime.UTC)
                                 - datetime.timedelta(hours=3))
    else:
        headers = signed_headers(remote, body, components=("@method",))
    assert post(client, body, headers).status_code == 401
    assert not RemoteFollower.objects.exists()
