"""With a shared cache, sessions are read from it (cached_db; see SESSION_ENGINE in
portal/settings.py): a signed-in page then needs no session query, and deleting an
account still ends its sessions, in the database and in the cache."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal.accounts import delete_account

CACHED_DB = "django.contrib.sessions.backends.cached_db"


@pytest.fixture
def cached_sessions(settings):
    settings.SESSION_ENGINE = CACHED_DB


def test_a_signed_in_page_reads_the_session_from_the_cache(cached_sessions, client, citizen):
    client.force_login(citizen)
    client.get("/feed/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/feed/").status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]


def test_deleting_an_account_ends_its_cached_sessions(cached_sessions, citizen, post):
    phone, laptop = Client(), Client()
    phone.force_login(citizen)
    laptop.force_login(citizen)
    keys = [c.cookies["sessionid"].value for c in (phone, laptop)]
    assert all(cache.get(f"django.contrib.sessions.cached_db{k}") for k in keys)
    delete_account(citizen)
    assert not Session.objects.filter(session_key__in=keys).exists()
    assert not any(cache.get(f"django.contrib.sessions.cached_db{k}") for k in keys)
    assert "Sign in" in laptop.get("/").content.decode()
