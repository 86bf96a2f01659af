"""The account settings page: display name, links to e-mail, password, 2FA, data."""

import pytest

from tests.conftest import make_user

URL = "/accounts/profile/"


def test_it_changes_the_display_name(client, citizen):
    client.force_login(citizen)
    response = client.post(URL, {"display_name": "  Anna aus KL  "})
    assert response["Location"] == URL
    citizen.refresh_from_db()
    assert citizen.display_name == "Anna aus KL"


def test_an_empty_display_name_shows_as_citizen(client, citizen, officer):
    from tests.engagement.conftest import comment_on, publish

    client.force_login(citizen)
    client.post(URL, {"display_name": ""})
    post = publish(officer)
    comment_on(post, citizen)
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<strong class="comment-author">Bürger' in html or \
        '<strong class="comment-author">Citizen' in html


@pytest.mark.parametrize("name", ["Polizei KL", "Die Pressestelle", "x" * 51])
def test_it_refuses_misleading_or_long_names(client, citizen, name):
    client.force_login(citizen)
    response = client.post(URL, {"display_name": name})
    assert response.status_code == 200
    citizen.refresh_from_db()
    assert citizen.display_name == "Anna"


def test_it_links_everything_a_citizen_manages(client, citizen):
    client.force_login(citizen)
    html = client.get(URL).content.decode()
    for url in ["/accounts/email/", "/accounts/password/change/", "/accounts/2fa/",
                "/accounts/profile/export/", "/accounts/profile/delete/", "/accounts/logout/"]:
        assert f'href="{url}"' in html, url


def test_it_tells_an_unverified_citizen_to_confirm(client, db):
    client.force_login(make_user("neu@example.org", verified=False))
    assert "Please confirm your e-mail address" in client.get(URL).content.decode()


def test_the_header_links_to_it(client, citizen):
    client.force_login(citizen)
    assert f'href="{URL}"' in client.get("/").content.decode()


def test_it_needs_a_login(client, db):
    assert client.get(URL)["Location"].startswith("/accounts/login/")
