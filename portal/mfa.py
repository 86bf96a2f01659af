"""Second factors: allauth's MFA adapter with the secrets of authenticator apps (TOTP)
and the seeds of recovery codes encrypted at rest.

allauth stores them in `Authenticator.data` and calls `encrypt()`/`decrypt()` on every
write and read; its default keeps them in clear, so anyone with a database backup could
make codes. Encrypted with Fernet (AES, authenticated) under MFA_ENCRYPTION_KEYS: the
first key encrypts, every key decrypts, so a new key can be put in front of the old one.
"""

import base64
import hashlib
import logging

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

log = logging.getLogger(__name__)

# Every Fernet token starts with its version byte 0x80 and a timestamp, base64 "gAAAAA";
# a TOTP secret (base32: A-Z, 2-7) or a recovery seed (hex) never does.
TOKEN_PREFIX = "gAAAAA"  # noqa: S105 (not a password)


def keys():
    """MFA_ENCRYPTION_KEYS, or one key derived from SECRET_KEY when none is given."""
    configured = [key for key in settings.MFA_ENCRYPTION_KEYS if key]
    if not configured:
        digest = hashlib.sha256(b"revier.mfa:" + settings.SECRET_KEY.encode()).digest()
        configured = [base64.urlsafe_b64encode(digest).decode()]
    return MultiFernet([Fernet(key) for key in configured])


def encrypt(text):
    return keys().encrypt(text.encode()).decode()


def decrypt(value):
    if not value.startswith(TOKEN_PREFIX):
        # Written in clear by an app server of the release before (see the migration
        # portal 0007, which encrypts what it finds); read, and said so.
        log.warning("A second factor's secret is stored in clear; run migrate.")
        return value
    return keys().decrypt(value.encode()).decode()


def is_encrypted(value):
    return value.startswith(TOKEN_PREFIX)


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text):
        return encrypt(text)

    def decrypt(self, encrypted_text):
        return decrypt(encrypted_text)
