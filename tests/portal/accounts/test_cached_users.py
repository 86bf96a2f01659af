"""With a shared cache the signed-in user comes from it (portal/backends.py); every
change of the user's row reaches the next request at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.backends import user_cache_key
from posts.models import Post
from tests.helpers.posts import make_post


@pytest.fixture(autouse=True)
def cached_users(settings):
    settings.CACHE_SIGNED_IN_USERS = True


def page(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def user_queries(client):
    with CaptureQueriesContext(connection) as captured:
        page(client)
    return [q["sql"] for q in captured.captured_queries if '"portal_user"' in q["sql"]]


def test_the_second_request_reads_the_user_from_the_cache(client, citizen):
    client.force_login(citizen)
    assert len(user_queries(client)) == 1
    assert user_queries(client) == []


def test_without_the_setting_every_request_reads_the_database(client, citizen, settings):
    settings.CACHE_SIGNED_IN_USERS = False
    client.force_login(citizen)
    page(client)
    assert len(user_queries(client)) == 1


def test_a_deactivated_user_is_signed_out_at_once(client, citizen):
    client.force_login(citizen)
    assert "Sign in" not in page(client)
    citizen.is_active = False
    citizen.save()
    assert "Sign in" in page(client)


def test_a_new_password_ends_other_sessions_at_once(client, citizen):
    client.force_login(citizen)
    page(client)
    citizen.set_password("ein-ganz-neues-Passwort-2026")
    citizen.save()
    assert "Sign in" in page(client)


def test_muting_shows_at_once(client, citizen, officer):
    post = make_post(officer)
    client.force_login(citizen)
    assert "Your comment" in page(client, post.get_absolute_url())
    citizen.mute(reason="Beleidigungen")
    assert "Your account has been muted" in page(client, post.get_absolute_url())


def test_a_deleted_user_is_forgotten(client, citizen):
    client.force_login(citizen)
    page(client)
    assert cache.get(user_cache_key(citizen.pk)) is not None
    citizen.delete()
    assert cache.get(user_cache_key(citizen.pk)) is None
    assert "Sign in" in page(client)
    assert not Post.objects.exists()
