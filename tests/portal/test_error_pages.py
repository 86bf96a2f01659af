"""The portal's own error pages: in the site's layout, German first, with a way back;
rendered without the database, and 503 (with the typed text shown back) when the
database is what failed. The real database outage is in tests/faults."""

import pytest
from django.test import Client

pytestmark = pytest.mark.urls("tests.portal.error_urls")

HEADINGS = {
    400: ("Ungültige Anfrage", "Bad request"),
    403: ("Kein Zugriff", "Access denied"),
    404: ("Seite nicht gefunden", "Page not found"),
    429: ("Zu viele Anfragen", "Too many requests"),
    500: ("Ein Fehler ist aufgetreten", "Something went wrong"),
    503: ("Vorübergehend nicht erreichbar", "Temporarily unavailable"),
}


@pytest.fixture
def failing_client(db):
    client = Client(raise_request_exception=False)
    return client


@pytest.mark.parametrize("status", sorted(HEADINGS))
def test_it_shows_each_error_in_german_in_the_site_layout(failing_client, settings, status):
    settings.LANGUAGE_CODE = "de"
    response = failing_client.get(f"/fail/{status}/", HTTP_REFERER="http://testserver/@x/")
    assert response.status_code == status
    html = response.content.decode()
    german, english = HEADINGS[status]
    assert f"<h1 id=\"error-heading\">{german}</h1>" in html and english not in html
    assert 'class="site-header"' in html and "Kein Notfallkanal" in html
    assert 'href="/">Zur Startseite</a>' in html
    assert 'href="http://testserver/@x/">Zurück zur vorigen Seite</a>' in html
    assert not response.cookies


@pytest.mark.parametrize("status", sorted(HEADINGS))
def test_it_shows_each_error_in_english_on_request(failing_client, settings, status):
    settings.LANGUAGE_CODE = "de"
    failing_client.cookies["django_language"] = "en"
    html = failing_client.get(f"/fail/{status}/").content.decode()
    assert f"<h1 id=\"error-heading\">{HEADINGS[status][1]}</h1>" in html


def test_it_offers_no_way_back_to_another_site(failing_client):
    html = failing_client.get("/fail/404/", HTTP_REFERER="https://evil.example/").content
    assert b"evil.example" not in html and b'href="/"' in html


def test_an_unknown_address_gets_the_404_page(failing_client):
    response = failing_client.get("/no-such-page/")
    assert response.status_code == 404 and b"Page not found" in response.content


def test_a_database_failure_is_a_503_that_shows_the_typed_text_back(failing_client):
    response = failing_client.post("/fail/503/", {
        "text": "Auf dem <b>Marktplatz</b> steht seit Tagen ein Fahrrad.",
        "password": "geheim-geheim", "next": "/@x/1/",
    })
    assert response.status_code == 503
    assert response["Retry-After"] == "30" and response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "What you wrote was not saved" in html
    assert "Auf dem &lt;b&gt;Marktplatz&lt;/b&gt; steht seit Tagen ein Fahrrad." in html
    assert "geheim" not in html and "/@x/1/" not in html


def test_a_bug_is_a_500_without_the_typed_text(failing_client):
    response = failing_client.post("/fail/500/", {"text": "Ein Kommentar"})
    assert response.status_code == 500 and b"Ein Kommentar" not in response.content


def test_an_expired_form_says_so_and_keeps_the_text(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "Eine Frage an die Polizei"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "The form has expired" in html and "Eine Frage an die Polizei" in html


def test_a_chunked_upload_without_length_is_told_why(client, settings):
    settings.LANGUAGE_CODE = "de"
    # As a chunked request arrives from gunicorn: no CONTENT_LENGTH at all.
    response = client.generic("POST", "/studio/new/", b"", CONTENT_LENGTH="",
                              HTTP_TRANSFER_ENCODING="chunked")
    assert response.status_code == 411
    assert "ohne Größenangabe gesendet" in response.content.decode()


def test_a_chunked_upload_from_the_upload_script_gets_json(client):
    response = client.generic("POST", "/studio/new/", b"", CONTENT_LENGTH="",
                              HTTP_TRANSFER_ENCODING="chunked", HTTP_ACCEPT="application/json")
    assert response.status_code == 411
    assert response.json()["ok"] is False
    assert "sent without its size" in response.json()["errors"][0]
