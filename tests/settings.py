"""Settings for the test suite: the portal's own, made fast and isolated."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("HTTPS", "false")

from portal.settings import *  # noqa: E402,F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Replaced by a fresh temporary folder for every test (see conftest.py).
MEDIA_ROOT = tempfile.mkdtemp(prefix="revier-test-media-")  # noqa: S108
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="revier-test-private-")  # noqa: S108
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": MEDIA_URL},  # noqa: F405
    },
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
LOGGING = {"version": 1, "disable_existing_loggers": False}
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS}  # noqa: F405
# The suite asserts English texts; tests/portal/test_languages.py checks that German is
# the portal's default and that the catalogue is complete.
LANGUAGE_CODE = "en"

# tests/migrations/test_upgrade.py: a database made by the migrations as they were before
# the apps were layered (the apps of ours that did not exist then have none).
if os.environ.get("REVIER_MIGRATIONS_BEFORE_LAYERS"):
    _BEFORE = ("portal", "officers", "posts", "inbox")
    MIGRATION_MODULES = {
        app: f"tests.migrations.before_layers.{app}" if app in _BEFORE else None
        for app in INSTALLED_APPS  # noqa: F405
        if (BASE_DIR / app.split(".")[0]).is_dir()  # noqa: F405
    }
# Deliveries one after the other in the test's own thread (and its test database).
FEDERATION_DELIVERY_THREADS = 1
