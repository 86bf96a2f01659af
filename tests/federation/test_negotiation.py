"""The channel and post pages are the actor and the Note: JSON to ActivityPub requests,
HTML to everyone else, and the page cache never mixes the two."""

import pytest
from django.conf import settings as django_settings

from tests.helpers.posts import make_post

AP = "application/activity+json"
LD = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
MASTODON = "application/activity+json, application/ld+json"


@pytest.mark.parametrize("accept", [AP, LD, MASTODON])
def test_it_answers_the_channel_as_a_person(client, officer, accept):
    response = client.get("/@isabel_polizeikl/", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(AP)
    person = response.json()
    assert person["type"] == "Person"
    assert person["id"] == "http://testserver/@isabel_polizeikl/"
    assert person["preferredUsername"] == "isabel_polizeikl"
    assert person["name"] == "Isabel"
    assert "Polizeikommissarin" in person["summary"]
    assert person["manuallyApprovesFollowers"] is False
    assert person["inbox"] == "http://testserver/federation/isabel_polizeikl/inbox"
    assert person["endpoints"]["sharedInbox"] == "http://testserver/federation/inbox"
    assert person["followers"] == "http://testserver/federation/isabel_polizeikl/followers"
    assert person["publicKey"]["owner"] == person["id"]
    assert "BEGIN PUBLIC KEY" in person["publicKey"]["publicKeyPem"]
    assert "Vary" in response and "Accept" in response["Vary"]


def test_it_lists_links_with_rel_me_and_the_station(client, officer):
    officer.links.create(label="Instagram", url="https://instagram.example/isabel")
    person = client.get("/@isabel_polizeikl/", HTTP_ACCEPT=AP).json()
    values = {a["name"]: a["value"] for a in person["attachment"]}
    assert 'rel="me' in values["Instagram"]
    assert values["Station"].startswith("Polizeiinspektion 2")


def test_it_answers_html_to_browsers(client, officer):
    for accept in ["", "text/html,application/xhtml+xml,*/*;q=0.8", "*/*"]:
        response = client.get("/@isabel_polizeikl/", HTTP_ACCEPT=accept)
        assert response["Content-Type"].startswith("text/html"), accept
        assert "Accept" in response["Vary"]


def test_it_answers_the_home_page_as_the_authority(client, officer):
    service = client.get("/", HTTP_ACCEPT=AP).json()
    assert service["type"] == "Service"
    assert service["preferredUsername"] == "polizei"
    assert client.get("/")["Content-Type"].startswith("text/html")


def test_the_page_cache_never_serves_html_to_activitypub(client, officer):
    post = make_post(officer)
    for url in ["/", "/@isabel_polizeikl/", f"/@isabel_polizeikl/{post.pk}/"]:
        html = client.get(url)  # rendered and stored for anonymous readers
        assert html["Content-Type"].startswith("text/html")
        assert client.get(url)["Content-Type"].startswith("text/html")  # from the cache
        as_json = client.get(url, HTTP_ACCEPT=AP)
        assert as_json["Content-Type"].startswith(AP), url
        as_json.json()


def test_the_page_cache_never_stores_json_as_the_page(client, officer):
    post = make_post(officer)
    for url in ["/", "/@isabel_polizeikl/", f"/@isabel_polizeikl/{post.pk}/"]:
        assert client.get(url, HTTP_ACCEPT=AP)["Content-Type"].startswith(AP)
        for _ in range(2):
            assert client.get(url)["Content-Type"].startswith("text/html"), url


def test_negotiation_comes_before_the_session_and_the_login_wall():
    # An ActivityPub answer never depends on (nor sets) a session or a CSRF cookie. The
    # page cache's own middleware may come first: it never answers ActivityPub requests
    # (the two tests above hold whichever order they are in).
    names = list(django_settings.MIDDLEWARE)
    ours = names.index("federation.middleware.activitypub_negotiation")
    for name in ["django.contrib.sessions.middleware.SessionMiddleware",
                 "django.middleware.csrf.CsrfViewMiddleware",
                 "django.contrib.auth.middleware.LoginRequiredMiddleware"]:
        assert ours < names.index(name), name


def test_it_answers_404_for_unknown_channels(client, db):
    assert client.get("/@nobody_here/", HTTP_ACCEPT=AP).status_code == 404


def test_it_answers_a_channel_closed_with_its_posts_archived_as_gone(
        client, officer, press_officer):
    officer.deactivate(by=press_officer, posts_public=False)
    response = client.get("/@isabel_polizeikl/", HTTP_ACCEPT=AP)
    assert response.status_code == 410
    assert response.json()["type"] == "Tombstone"


def test_it_keeps_a_closed_channel_with_readable_posts(client, officer, press_officer):
    officer.deactivate(by=press_officer, posts_public=True)
    assert client.get("/@isabel_polizeikl/", HTTP_ACCEPT=AP).json()["type"] == "Person"
