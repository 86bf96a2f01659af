"""Authenticator-app secrets and recovery seeds are encrypted in the database with a
key from the settings (portal/mfa.py); rows stored in clear are encrypted by a
migration. A database backup alone makes no second-factor code."""

import importlib

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps

from portal import mfa
from tests.conftest import totp_code

migration = importlib.import_module("portal.migrations.0007_encrypt_second_factors")


def test_a_totp_secret_is_stored_encrypted_and_still_checks_codes(citizen):
    secret = generate_totp_secret()
    TOTP.activate(citizen, secret)
    stored = Authenticator.objects.get(user=citizen, type="totp").data["secret"]
    assert secret not in stored
    assert stored.startswith("gAAAAA")
    authenticator = Authenticator.objects.get(user=citizen, type="totp")
    assert TOTP(authenticator).validate_code(totp_code(citizen))


def test_a_recovery_seed_is_stored_encrypted(citizen):
    codes = RecoveryCodes.activate(citizen)
    stored = Authenticator.objects.get(user=citizen, type="recovery_codes").data["seed"]
    assert stored.startswith("gAAAAA")
    assert codes.validate_code(codes.generate_codes()[0])


def test_the_key_comes_from_the_settings(citizen, settings):
    settings.MFA_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    TOTP.activate(citizen, generate_totp_secret())
    stored = Authenticator.objects.get(user=citizen, type="totp").data["secret"]
    settings.MFA_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(InvalidToken):
        mfa.decrypt(stored)


def test_a_new_key_in_front_still_reads_what_the_old_one_wrote(citizen, settings):
    old = Fernet.generate_key().decode()
    settings.MFA_ENCRYPTION_KEYS = [old]
    secret = generate_totp_secret()
    TOTP.activate(citizen, secret)
    settings.MFA_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old]
    authenticator = Authenticator.objects.get(user=citizen, type="totp")
    assert mfa.decrypt(authenticator.data["secret"]) == secret


def test_the_migration_encrypts_rows_stored_in_clear_and_back(citizen, other_citizen):
    secret, seed = generate_totp_secret(), "ab" * 40
    Authenticator.objects.create(user=citizen, type="totp", data={"secret": secret})
    Authenticator.objects.create(user=citizen, type="recovery_codes",
                                 data={"seed": seed, "used_mask": 0})
    TOTP.activate(other_citizen, generate_totp_secret())  # encrypted already
    already = Authenticator.objects.get(user=other_citizen).data["secret"]

    migration.encrypt(apps, None)

    totp = Authenticator.objects.get(user=citizen, type="totp").data
    recovery = Authenticator.objects.get(user=citizen, type="recovery_codes").data
    assert mfa.is_encrypted(totp["secret"]) and mfa.decrypt(totp["secret"]) == secret
    assert mfa.is_encrypted(recovery["seed"]) and mfa.decrypt(recovery["seed"]) == seed
    assert recovery["used_mask"] == 0
    assert Authenticator.objects.get(user=other_citizen).data["secret"] == already

    migration.decrypt(apps, None)
    assert Authenticator.objects.get(user=citizen, type="totp").data["secret"] == secret
