"""Federation switched on, our site at http://testserver, and remote actors whose keys
the tests hold (so they can sign requests to our inboxes)."""

import json
from dataclasses import dataclass
from functools import cached_property

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from federation import signatures
from federation.models import RemoteActor
from tests.helpers.posts import english  # noqa: F401 (English messages in assertions)


@pytest.fixture(autouse=True)
def federation_on(settings):
    settings.FEDERATION_ENABLED = True
    settings.SITE_URL = "http://testserver"


_KEYS = {}


def _key(name):
    # RSA keys take a while to make: one per name for the whole run.
    if name not in _KEYS:
        _KEYS[name] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return _KEYS[name]


@dataclass
class Remote:
    """A remote account on `host`: its actor row here and its private key."""

    username: str
    host: str = "social.example"
    shared: bool = True

    @property
    def uri(self):
        return f"https://{self.host}/users/{self.username}"

    @property
    def key_id(self):
        return f"{self.uri}#main-key"

    @cached_property
    def private_key(self):
        return _key(f"{self.username}@{self.host}")

    @property
    def public_pem(self):
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()

    def store(self):
        self.actor, _ = RemoteActor.objects.update_or_create(uri=self.uri, defaults={
            "key_id": self.key_id, "public_key_pem": self.public_pem,
            "inbox": f"{self.uri}/inbox",
            "shared_inbox": f"https://{self.host}/inbox" if self.shared else "",
            "username": self.username, "domain": self.host,
        })
        return self

    def post(self, client, path, activity, *, sign_as=None, body=None, **headers):
        """POSTs `activity` to our `path`, signed with this account's key (or
        `sign_as`'s: a forgery)."""
        body = body if body is not None else json.dumps(activity).encode()
        signer = sign_as or self
        signed = signatures.sign(signer, "post", f"http://testserver{path}", body)
        signed.pop("Host")
        content_type = signed.pop("Content-Type")
        signed.update(headers)
        return client.post(path, body, content_type=content_type, headers=signed)

    def follow(self, target="http://testserver/@isabel_polizeikl/", n=1):
        return {"@context": "https://www.w3.org/ns/activitystreams",
                "id": f"{self.uri}#follows/{n}", "type": "Follow", "actor": self.uri,
                "object": target}


@pytest.fixture
def remote(db):
    return Remote("anna").store()


@pytest.fixture
def other_remote(db):
    return Remote("bert", host="other.example", shared=False).store()


@pytest.fixture
def sink(settings):
    """A loopback server to deliver to (remote fetches to loopback allowed for it)."""
    from tests.federation.sink import Sink

    settings.FEDERATION_ALLOW_PRIVATE_ADDRESSES = True
    settings.FEDERATION_ALLOW_HTTP = True
    server = Sink()
    yield server
    server.stop()
