"""Who signed an incoming request: the remote actor whose published key verifies it.

Unknown keys (and keys that no longer verify, after a rotation) are fetched from the
signer's server, signed by our authority actor so that servers with authorized fetch
answer. A blocked server's keys are never fetched."""

from django.utils import timezone

from federation import http, signatures
from federation.models import LocalActor, RemoteActor
from federation.models.blocks import host_of, is_blocked
from federation.signatures import SignatureError


class Blocked(Exception):
    """The signer or its server is blocked by the press office."""


def _first(value):
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("id") or value.get("href")
    return value if isinstance(value, str) else ""


def remember_actor(document):
    """Stores (or refreshes) a remote actor from its ActivityStreams document."""
    uri = _first(document.get("id"))
    key = document.get("publicKey")
    if isinstance(key, list):
        key = next((k for k in key if isinstance(k, dict)), None)
    if not uri or not isinstance(key, dict) or not key.get("publicKeyPem"):
        raise http.FetchError("not an actor with a public key")
    inbox = _first(document.get("inbox"))
    if not inbox:
        raise http.FetchError("the actor has no inbox")
    endpoints = document.get("endpoints") if isinstance(document.get("endpoints"), dict) else {}
    actor, _ = RemoteActor.objects.update_or_create(uri=uri, defaults={
        "key_id": _first(key.get("id")) or uri,
        "public_key_pem": key["publicKeyPem"],
        "inbox": inbox,
        "shared_inbox": _first(endpoints.get("sharedInbox")),
        "username": str(document.get("preferredUsername") or "")[:200],
        "domain": host_of(uri),
        "display_name": str(document.get("name") or "")[:200],
        "profile_url": _first(document.get("url"))[:500],
        "fetched_at": timezone.now(),
    })
    return actor


def fetch_actor(uri):
    """Fetches a remote actor (by its id or one of its key ids) and stores it."""
    if is_blocked(uri):
        raise Blocked(uri)
    document = http.fetch_json(uri.split("#")[0], signer=LocalActor.objects.authority())
    if "publicKeyPem" in document and _first(document.get("owner")):
        # The key id named a key document: its owner is the actor.
        document = http.fetch_json(_first(document["owner"]),
                                   signer=LocalActor.objects.authority())
    return remember_actor(document)


def signer_of(request, body=b""):
    """The RemoteActor whose key signed `request`; raises SignatureError or Blocked."""
    key_id = signatures.key_id_of(request)
    if is_blocked(key_id):
        raise Blocked(key_id)
    known = RemoteActor.objects.by_key_id(key_id)
    if known is not None:
        try:
            signatures.verify(request, known.public_key_pem, body)
            if is_blocked(known.uri):
                raise Blocked(known.uri)
            return known
        except SignatureError:
            pass  # the key may have been replaced: fetch it once more below
    try:
        actor = fetch_actor(key_id)
    except http.FetchError as error:
        raise SignatureError(f"the key {key_id} cannot be fetched: {error}") from error
    if actor.key_id != key_id:
        raise SignatureError(f"{actor.uri} does not publish the key {key_id}")
    signatures.verify(request, actor.public_key_pem, body)
    if is_blocked(actor.uri):
        raise Blocked(actor.uri)
    return actor
