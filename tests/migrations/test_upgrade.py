"""A database made before the apps were layered (the pilot figures were models of the
portal app) migrates to the new layout with its data: the figures' tables stay, their
rows stay, and permissions given on them stay given."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

# Run in the old layout (the content types of the figures are the portal app's, as
# Django made them then): some data, and a permission on the figures given.
FILL = """
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from portal.roles import PRESS_OFFICE

# The models as the old migrations left them (today's have columns added since).
old = MigrationLoader(connection).project_state().apps
ContentType = old.get_model("contenttypes", "ContentType")
Permission = old.get_model("auth", "Permission")
Group = old.get_model("auth", "Group")

# Unmigrated then, the metrics app did not exist: no content types of its own.
ContentType.objects.filter(app_label="metrics").delete()
figures = ContentType.objects.get(app_label="portal", model="pilotfigures")
permission = Permission.objects.get(content_type=figures, codename="view_pilot_figures")
Group.objects.get_or_create(name=PRESS_OFFICE)[0].permissions.add(permission)
station = old.get_model("officers", "Station").objects.create(name="PI 2")
officer = old.get_model("officers", "Officer").objects.create(
    handle="isabel_polizeikl", display_name="Isabel", station=station)
citizen = old.get_model("portal", "User").objects.create(email="anna@example.org")
old.get_model("officers", "Follow").objects.create(user=citizen, officer=officer)
old.get_model("portal", "FollowChange").objects.create(date="2026-11-30", officer=officer,
                                                       gained=1)
old.get_model("portal", "DailySnapshot").objects.create(
    date="2026-11-30", officer=officer, followers=7, likes=3)
print("filled")
"""

CHECK = """
from django.contrib.auth.models import Group
from metrics.models import DailySnapshot, FollowChange
from portal.roles import PRESS_OFFICE

snapshot = DailySnapshot.objects.get()
print("snapshot", snapshot.followers, snapshot.likes, snapshot.officer.handle)
print("follows", FollowChange.objects.get().gained)
print("permission", Group.objects.get(name=PRESS_OFFICE).permissions.filter(
    content_type__app_label="metrics", codename="view_pilot_figures").exists())
"""


@pytest.fixture
def fresh_database(tmp_path):
    """The URL of an empty database of the kind the suite runs on, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"
        return
    db = settings.DATABASES["default"]
    name = f"revier_upgrade_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    host = db.get("HOST") or "127.0.0.1"
    yield f"postgres://{db['USER']}@{host}:{db.get('PORT') or 5432}/{name}"
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE "{name}"')


def manage(database_url, *args, old=False):
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    env.pop("REVIER_MIGRATIONS_BEFORE_LAYERS", None)
    if old:
        env["REVIER_MIGRATIONS_BEFORE_LAYERS"] = "1"
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.django_db(transaction=True)
def test_a_database_of_the_old_layout_migrates_with_its_data(fresh_database):
    manage(fresh_database, "migrate", "--no-input", old=True)
    assert "filled" in manage(fresh_database, "shell", "-c", FILL, old=True)

    output = manage(fresh_database, "migrate", "--no-input")
    assert "Applying metrics.0001_initial... OK" in output

    checked = manage(fresh_database, "shell", "-c", CHECK)
    assert "snapshot 7 3 isabel_polizeikl" in checked
    assert "follows 1" in checked
    assert "permission True" in checked
    manage(fresh_database, "migrate", "--check")  # nothing left to apply


@pytest.mark.django_db(transaction=True)
def test_a_new_database_gets_the_figures_tables_from_the_metrics_app(fresh_database):
    output = manage(fresh_database, "migrate", "--no-input")
    assert "Applying metrics.0001_initial... OK" in output
    assert "snapshot" not in manage(fresh_database, "shell", "-c", "import metrics.models")
