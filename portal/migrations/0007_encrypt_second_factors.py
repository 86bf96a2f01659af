"""Encrypts the TOTP secrets and recovery seeds that allauth stored in clear (see
portal/mfa.py); backwards, decrypts them again."""

from django.db import migrations

from portal import mfa


def _convert(apps, forwards):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=["totp", "recovery_codes"]):
        data = dict(authenticator.data)
        for name in ("secret", "seed"):
            if name in data:
                data[name] = _one(data[name], forwards)
        if "migrated_codes" in data:
            data["migrated_codes"] = [_one(code, forwards) for code in data["migrated_codes"]]
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def _one(value, forwards):
    if forwards:
        return value if mfa.is_encrypted(value) else mfa.encrypt(value)
    return mfa.decrypt(value)


def encrypt(apps, schema_editor):
    _convert(apps, forwards=True)


def decrypt(apps, schema_editor):
    _convert(apps, forwards=False)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_pending_file"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt, decrypt)]
