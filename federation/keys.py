"""Key pairs of our actors: RSA 2048 as Mastodon expects, the private key encrypted at
rest with Fernet (cryptography) under a key derived from FEDERATION_KEY_SECRET, so a
copy of the database alone signs nothing."""

import base64
import functools

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _fernet():
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"revier federation keys"
    ).derive(settings.FEDERATION_KEY_SECRET.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def generate_pair():
    """(public PEM, encrypted private PEM) of a new RSA 2048 key."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    private_pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return public_pem, _fernet().encrypt(private_pem).decode()


@functools.lru_cache(maxsize=256)
def load_private(encrypted):
    """The private key object from its encrypted PEM (kept per process: loading an RSA
    key checks it, which costs more than signing with it)."""
    return serialization.load_pem_private_key(
        _fernet().decrypt(encrypted.encode()), password=None
    )


def load_public(pem):
    return serialization.load_pem_public_key(pem.encode())
