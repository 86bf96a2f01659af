"""HTTP Signatures as the Fediverse uses them (draft-cavage-http-signatures-12 with
rsa-sha256 and a Digest header, as Mastodon's FEDERATION.md describes): we sign every
request we send, and verify every request we receive with the sender's published key.

Signed: `(request-target) host date digest content-type` on POST and
`(request-target) host date accept` on GET. Verified: the signature must cover
(request-target), host and date (and digest on POST, which must match the body), and
the Date must be within FEDERATION_SIGNATURE_MAX_SKEW of our clock.

Incoming requests signed as RFC 9421 HTTP Message Signatures (a Signature-Input
header; rsa-v1_5-sha256, covering the method, the target and, on POST, Content-Digest)
are verified with the http-message-signatures library."""

import base64
import hashlib
import re
from datetime import timedelta
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from django.conf import settings
from django.utils import timezone
from http_message_signatures import (
    HTTPMessageSignaturesException,
    HTTPMessageVerifier,
    HTTPSignatureKeyResolver,
    algorithms,
)

from federation import keys

ACTIVITY_JSON = "application/activity+json"
_PARAM = re.compile(r'(\w+)="([^"]*)"')
_RFC9421_KEYID = re.compile(r';\s*keyid="([^"]+)"')


class SignatureError(Exception):
    """The request is not signed, or not signed correctly (said in the message)."""


def digest(body):
    return "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()


def http_date(when=None):
    return format_datetime(when or timezone.now(), usegmt=True)


def _target(url):
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _signing_string(names, values):
    return "\n".join(f"{name}: {values[name]}" for name in names)


def sign(actor, method, url, body=None, *, accept=ACTIVITY_JSON, content_type=ACTIVITY_JSON):
    """The headers for a request of `actor` (a LocalActor): Host, Date, Digest,
    Signature and the content headers they cover."""
    method = method.lower()
    headers = {"Host": urlsplit(url).netloc, "Date": http_date()}
    values = {"(request-target)": f"{method} {_target(url)}", "host": headers["Host"],
              "date": headers["Date"]}
    if method == "post":
        headers["Digest"] = digest(body or b"")
        headers["Content-Type"] = content_type
        names = ["(request-target)", "host", "date", "digest", "content-type"]
        values.update(digest=headers["Digest"], **{"content-type": content_type})
    else:
        headers["Accept"] = accept
        names = ["(request-target)", "host", "date", "accept"]
        values["accept"] = accept
    signature = actor.private_key.sign(
        _signing_string(names, values).encode(), padding.PKCS1v15(), hashes.SHA256()
    )
    headers["Signature"] = (
        f'keyId="{actor.key_id}",algorithm="rsa-sha256",headers="{" ".join(names)}",'
        f'signature="{base64.b64encode(signature).decode()}"'
    )
    return headers


def parse_signature_header(value):
    params = dict(_PARAM.findall(value or ""))
    if not params.get("keyId") or not params.get("signature"):
        raise SignatureError("no keyId or signature in the Signature header")
    params["headers"] = (params.get("headers") or "date").lower().split()
    return params


def key_id_of(request):
    """The keyId a request names, or raises SignatureError."""
    if "Signature-Input" in request.headers:
        if match := _RFC9421_KEYID.search(request.headers["Signature-Input"]):
            return match.group(1)
        raise SignatureError("no keyid in the Signature-Input header")
    return parse_signature_header(request.headers.get("Signature"))["keyId"]


def verify(request, public_key_pem, body=b""):
    """Checks the signature of a Django request against a public key (PEM); raises
    SignatureError when anything is missing, stale or wrong."""
    if "Signature-Input" in request.headers:
        return _verify_rfc9421(request, public_key_pem, body)
    return _verify_cavage(request, public_key_pem, body)


class _Message:
    """A Django request as http-message-signatures reads one."""

    def __init__(self, request):
        self.method = request.method
        self.url = request.build_absolute_uri()
        self.headers = dict(request.headers.items())


class _OneKey(HTTPSignatureKeyResolver):
    def __init__(self, pem):
        self.pem = pem.encode()

    def resolve_public_key(self, key_id):
        return self.pem


def _verify_rfc9421(request, public_key_pem, body):
    skew = timedelta(seconds=settings.FEDERATION_SIGNATURE_MAX_SKEW)
    verifier = HTTPMessageVerifier(signature_algorithm=algorithms.RSA_V1_5_SHA256,
                                   key_resolver=_OneKey(public_key_pem))
    verifier.max_clock_skew = skew
    try:
        results = verifier.verify(_Message(request), max_age=skew,
                                  body=body if request.method == "POST" else None)
    except (HTTPMessageSignaturesException, ValueError) as error:
        raise SignatureError(f"the signature does not verify: {error}") from error
    for result in results:
        covered = {str(c).split(";")[0].strip('"') for c in result.covered_components}
        if "@method" not in covered or not (
                "@target-uri" in covered or {"@authority", "@path"} <= covered):
            raise SignatureError("the signature does not cover the method and the target")
        if request.method == "POST" and result.body is None and body:
            raise SignatureError("the signature does not cover the body")


def _verify_cavage(request, public_key_pem, body):
    params = parse_signature_header(request.headers.get("Signature"))
    algorithm = params.get("algorithm", "rsa-sha256").lower()
    if algorithm not in ("rsa-sha256", "hs2019"):
        raise SignatureError(f"algorithm {algorithm} is not supported")
    names = params["headers"]
    required = {"(request-target)", "host", "date"}
    if request.method == "POST":
        required.add("digest")
    if missing := required - set(names):
        raise SignatureError(f"the signature does not cover {', '.join(sorted(missing))}")
    try:
        sent = parsedate_to_datetime(request.headers.get("Date", ""))
    except (TypeError, ValueError) as error:
        raise SignatureError("no valid Date header") from error
    if abs((timezone.now() - sent).total_seconds()) > settings.FEDERATION_SIGNATURE_MAX_SKEW:
        raise SignatureError("the Date header is too far from our clock")
    if request.method == "POST":
        given = request.headers.get("Digest", "")
        algo, _, value = given.partition("=")
        if algo.lower() != "sha-256" or given[len(algo) + 1:] != digest(body)[8:]:
            raise SignatureError("the Digest does not match the body")
    values = {}
    for name in names:
        if name == "(request-target)":
            values[name] = f"{request.method.lower()} {request.get_full_path()}"
        elif name == "host":
            values[name] = request.get_host()
        else:
            header = request.headers.get(name)
            if header is None:
                raise SignatureError(f"the signed header {name} is missing")
            values[name] = header
    try:
        signature = base64.b64decode(params["signature"])
        keys.load_public(public_key_pem).verify(
            signature, _signing_string(names, values).encode(), padding.PKCS1v15(),
            hashes.SHA256(),
        )
    except (InvalidSignature, ValueError) as error:
        raise SignatureError("the signature does not match") from error
