"""The VAPID key pair: from the settings, or made in var/ for the embedded set-up."""

import base64
import stat

from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid

from portal.push import keys


def raw_public(vapid):
    return vapid.public_key.public_bytes(serialization.Encoding.X962,
                                         serialization.PublicFormat.UncompressedPoint)


def test_the_embedded_setup_makes_a_key_pair_once_readable_only_by_its_user(settings,
                                                                            tmp_path):
    settings.VAPID_PRIVATE_KEY = ""
    settings.VAPID_KEY_FILE = str(tmp_path / "var" / "vapid-private.pem")
    first = keys.application_server_key()
    path = tmp_path / "var" / "vapid-private.pem"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    keys._vapid.cache_clear()  # as a new process would
    assert keys.application_server_key() == first
    assert base64.urlsafe_b64decode(first + "=")[0] == 4 and len(first) == 87


def test_a_key_from_the_settings_as_pem_or_base64url(settings):
    vapid = Vapid()
    vapid.generate_keys()
    settings.VAPID_KEY_FILE = ""
    settings.VAPID_PRIVATE_KEY = vapid.private_pem().decode()
    from_pem = keys.application_server_key()
    der = vapid.private_key.private_bytes(serialization.Encoding.DER,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption())
    settings.VAPID_PRIVATE_KEY = base64.urlsafe_b64encode(der).decode().rstrip("=")
    assert keys.application_server_key() == from_pem
    assert base64.urlsafe_b64decode(from_pem + "=") == raw_public(vapid)


def test_without_a_key_push_is_off(settings):
    settings.VAPID_PRIVATE_KEY = settings.VAPID_KEY_FILE = ""
    assert keys.enabled() is False
