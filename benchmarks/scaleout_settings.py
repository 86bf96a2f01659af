"""Settings of the scale-out rehearsal's processes (benchmarks/scaleout.py): production
settings, static files from the source folders, no rate limits (one officer uploads once
a second, a few readers read as fast as they can)."""

import os

os.environ.setdefault("SECRET_KEY", "scaleout-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("HTTPS", "false")

from portal.settings import *  # noqa: E402,F403

ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
RATE_LIMITS = {}
ACCOUNT_RATE_LIMITS = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"console": {"class": "logging.StreamHandler"}},
           "root": {"handlers": ["console"], "level": "WARNING"}}
