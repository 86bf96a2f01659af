"""Personas and isolation shared by the whole suite."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.storage import storages

from officers.models import Officer, Station
from portal.models import User
from portal.roles import OFFICERS, PRESS_OFFICE
from tests.helpers.comments import publish

PASSWORD = "correct horse battery staple"

# A real Web Push service on loopback: the fixtures push_service, push, push_phone.
pytest_plugins = ["tests.helpers.push_service"]


@pytest.fixture(autouse=True)
def isolated_media(settings, tmp_path):
    """Every test writes media into its own temporary folders."""
    public, private = tmp_path / "media", tmp_path / "private"
    settings.MEDIA_ROOT = str(public)
    settings.PRIVATE_MEDIA_ROOT = str(private)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(public), "base_url": settings.MEDIA_URL},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(private), "base_url": None},
        },
    }
    storages._storages = {}
    yield
    storages._storages = {}


@pytest.fixture(autouse=True)
def clear_cache():
    from portal import pagecache

    cache.clear()
    pagecache.forget_memory()
    yield
    cache.clear()
    pagecache.forget_memory()


@pytest.fixture(autouse=True)
def force_login_answers_the_second_factor(monkeypatch):
    """client.force_login() skips allauth's login stages. For a user with an
    authenticator it also notes the second factor as answered in the session, as
    allauth does after the code (portal/second_factor.py); a persona without one is
    signed in by password only."""
    from django.test import Client

    from portal.accounts import has_second_factor

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if has_second_factor(user):
            pass_second_factor(self)

    monkeypatch.setattr(Client, "force_login", force_login)


def pass_second_factor(client):
    import time

    from portal.second_factor import AUTHENTICATION_METHODS_SESSION_KEY

    session = client.session
    records = session.get(AUTHENTICATION_METHODS_SESSION_KEY) or []
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        *records, {"method": "mfa", "at": time.time(), "type": "totp"}]
    session.save()


def make_user(email, *, group=None, verified=True, second_factor=None, **extra):
    """A user with PASSWORD. Staff (a group, is_staff or is_superuser) get an
    authenticator app unless second_factor=False, so the studio and the admin let them
    in (see portal.middleware.staff_second_factor)."""
    user = User.objects.create_user(email=email, password=PASSWORD, **extra)
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    if verified:
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if second_factor is None:
        second_factor = bool(group or user.is_staff or user.is_superuser)
    if second_factor:
        give_totp(user)
    return user


# Second factor (allauth.mfa TOTP) -------------------------------------------------------
# client.force_login() skips allauth's login stages, so staff personas with an
# authenticator reach the studio and the admin as before. A browser login answers the
# two-factor step with totp_code(user) (see tests/browser/conftest.py).


def give_totp(user, secret=None):
    """Activates an authenticator app for `user`; returns the base32 secret."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import generate_totp_secret
    from allauth.mfa.utils import encrypt

    secret = secret or generate_totp_secret()
    Authenticator.objects.update_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": encrypt(secret)}}
    )
    return secret


def totp_code(user, at=None):
    """The current authenticator code of `user` (from the stored secret), marked unused
    so that the same code may be typed again in another test within 30 seconds."""
    import time

    from allauth.mfa import app_settings as mfa_settings
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    if at is None:
        # A code typed in the last seconds of its window may reach the server in the next
        # one, where it no longer counts (no tolerance): then wait for a fresh window.
        left = mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD
        if left < 3:
            time.sleep(left + 0.05)
    counter = int((at or time.time()) // mfa_settings.TOTP_PERIOD)
    code = format_hotp_value(hotp_value(secret, counter))
    cache.delete(TOTP(authenticator)._get_used_cache_key(code))
    return code


@pytest.fixture
def admin_user(db):
    """pytest-django's superuser, with a second factor like every staff account."""
    return make_user("admin@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def station(db):
    return Station.objects.create(
        name="Polizeiinspektion 2", address="Logenstraße 5, 67655 Kaiserslautern",
        district="Innenstadt",
    )


@pytest.fixture
def other_station(db):
    return Station.objects.create(name="Polizeiinspektion 1", district="Altstadt")


@pytest.fixture
def officer(station):
    """The owner officer."""
    user = make_user("isabel@polizei.example", group=OFFICERS, display_name="Isabel")
    return Officer.objects.create(
        user=user, handle="isabel_polizeikl", display_name="Isabel", rank="Polizeikommissarin",
        station=station, bio="Polizeikommissarin in Kaiserslautern.",
    )


@pytest.fixture
def colleague(other_station):
    """Another officer, who must not touch the owner's things."""
    user = make_user("felix@polizei.example", group=OFFICERS, display_name="Felix")
    return Officer.objects.create(
        user=user, handle="felix_polizeikl", display_name="Felix", rank="Polizeikommissar",
        station=other_station,
    )


@pytest.fixture
def citizen(db):
    return make_user("anna@example.org", display_name="Anna")


@pytest.fixture
def other_citizen(db):
    return make_user("bernd@example.org", display_name="Bernd")


@pytest.fixture
def press_officer(db):
    return make_user(
        "presse@polizei.example", group=PRESS_OFFICE, is_staff=True, display_name="Pressestelle"
    )


@pytest.fixture
def post(officer):
    """A post of the officer's, published five minutes ago."""
    return publish(officer)


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen)
    return client


# Real servers (tests/servers.py) ----------------------------------------------------------


@pytest.fixture(scope="session")
def seaweedfs():
    """One SeaweedFS (S3) server for the whole run, started on free ports on first use."""
    from tests.servers import SeaweedFS

    server = SeaweedFS().start()
    yield server
    server.remove()


@pytest.fixture
def s3_media(seaweedfs, isolated_media, settings):
    """Public and private media on the SeaweedFS server, stored as in production
    (settings.s3_storages), under a folder of this test's own in the one bucket
    (SeaweedFS gives every bucket volumes of its own). Returns the server;
    `s3_media.keys()` lists this test's objects."""
    import uuid

    from portal.settings import s3_storages

    folder = uuid.uuid4().hex[:12]
    options = seaweedfs.storage_options(location="")
    options.pop("location")
    test_storages = s3_storages(**options)
    for alias, half in (("default", "public"), ("private", "private")):
        test_storages[alias]["OPTIONS"]["location"] = f"{half}/{folder}"
    settings.STORAGES = {**settings.STORAGES, **test_storages}
    storages._storages = {}

    def keys():
        found = []
        for half in ("public", "private"):
            listing = seaweedfs.client().list_objects_v2(
                Bucket=seaweedfs.bucket, Prefix=f"{half}/{folder}/")
            found += [entry["Key"] for entry in listing.get("Contents", [])]
        return sorted(found)

    seaweedfs.keys = keys
    seaweedfs.folder_name = folder
    yield seaweedfs
    storages._storages = {}
