"""Settings of the portal processes that the fault tests start (workers, schedulers, app
servers): the portal's own, with the real database task backend, a short lease and one
periodic task that ticks every second."""

import os

os.environ.setdefault("SECRET_KEY", "fault-tests-only-secret-key")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("TASK_BACKEND", "django_tasks_db.DatabaseBackend")

from portal.settings import *  # noqa: E402,F403

PERIODIC_TASKS = [("tests.faults.tasks.tick", 1)]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# Static files straight from the source folders (no collectstatic for a test).
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
