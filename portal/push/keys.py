"""The server's VAPID key pair (RFC 8292), from the settings.

VAPID_PRIVATE_KEY holds the private key (PEM, or base64url of its DER or raw 32 bytes;
VAPID_PRIVATE_KEY_FILE names a file with it). Without one, VAPID_KEY_FILE (set by the
embedded development set-up) is used, and a key pair is made there on first use. With
neither, push is off and the settings page says so.
"""

import base64
import functools
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from py_vapid import Vapid


@functools.cache
def _vapid(private_key, key_file):
    if private_key:
        if "-----BEGIN" in private_key:
            return Vapid.from_pem(private_key.strip().encode())
        return Vapid.from_string(private_key.strip())
    if key_file:
        return Vapid.from_pem(_read_or_make(Path(key_file)))
    return None


def _read_or_make(path):
    """The PEM in `path`, made first (readable by this user only) if there is none."""
    if not path.exists():
        vapid = Vapid()
        vapid.generate_keys()
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it meanwhile: use theirs
            pass
        else:
            with os.fdopen(fd, "wb") as file:
                file.write(vapid.private_pem())
    return path.read_bytes()


def vapid():
    """The Vapid signer, or None when push is not set up."""
    return _vapid(settings.VAPID_PRIVATE_KEY, settings.VAPID_KEY_FILE)


def enabled():
    return vapid() is not None


def application_server_key():
    """The public key as the browser's pushManager.subscribe() takes it: the uncompressed
    P-256 point, base64url without padding."""
    raw = vapid().public_key.public_bytes(serialization.Encoding.X962,
                                          serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
