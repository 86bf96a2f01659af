"""The production settings, plus a bare "ok" view to compare every page against.

Migrations come from a scratch folder (var/bench_migrations, made by benchmarks/run.py
with makemigrations), so the benchmark database always has the current models' tables
and indexes and nothing is written into the apps' own migrations folders.
"""

import os

os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("DEBUG", "false")

from portal.settings import *  # noqa: E402,F403
from portal.settings import BASE_DIR  # noqa: E402

ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "benchmarks.urls"
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "root": {"handlers": [], "level": "ERROR"}}
# Benchmark logins skip the second factor and the slow hasher.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ACCOUNT_RATE_LIMITS = False
RATE_LIMITS = {}
STATIC_ROOT = BASE_DIR / "var" / "bench-static"
# The project's apps migrate from scratch migrations (var/ is on PYTHONPATH in run.py).
BENCH_APPS = ["portal", "officers", "posts", "inbox", "metrics", "federation"]
MIGRATION_MODULES = {app: f"bench_migrations.{app}" for app in BENCH_APPS}
