"""`next=` only ever leads to this site."""

import pytest

from tests.conftest import PASSWORD
from tests.helpers.comments import publish

EVIL = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "https:evil.example",
        "javascript:alert(1)", "http://testserver@evil.example/"]


def assert_stays(location):
    assert "evil.example" not in location
    assert not location.startswith("javascript:")


@pytest.mark.parametrize("target", EVIL)
def test_login_does_not_redirect_away(client, citizen, target):
    response = client.post(f"/accounts/login/?next={target}",
                           {"login": citizen.email, "password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert_stays(response["Location"])


def test_login_follows_a_local_next(client, citizen):
    response = client.post("/accounts/login/", {"login": citizen.email, "password": PASSWORD,
                                                "next": "/feed/"})
    assert response["Location"] == "/feed/"


@pytest.mark.parametrize("target", EVIL)
def test_logout_does_not_redirect_away(client, citizen, target):
    client.force_login(citizen)
    response = client.post("/accounts/logout/", {"next": target})
    assert_stays(response["Location"])


@pytest.mark.parametrize("target", EVIL)
def test_likes_follows_and_comments_do_not_redirect_away(client, citizen, officer, target):
    post = publish(officer)
    client.force_login(citizen)
    for url, data in [
        (f"/@{officer.handle}/{post.pk}/like/", {}),
        (f"/@{officer.handle}/{post.pk}/unlike/", {}),
        (f"/@{officer.handle}/follow/", {}),
        (f"/@{officer.handle}/{post.pk}/comments/", {"body": "Hallo"}),
    ]:
        response = client.post(url, {**data, "next": target})
        assert response.status_code == 302, url
        assert_stays(response["Location"])
        assert response["Location"].startswith(post.get_absolute_url()) or \
            response["Location"] == officer.get_absolute_url()


def test_a_local_next_is_kept(client, citizen, officer):
    client.force_login(citizen)
    response = client.post(f"/@{officer.handle}/follow/", {"next": "/feed/"})
    assert response["Location"] == "/feed/"


def test_the_admin_login_does_not_redirect_away(client, db):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert_stays(response["Location"])
