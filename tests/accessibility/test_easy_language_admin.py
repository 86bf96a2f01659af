"""The press office writes the pages in Leichte Sprache in the admin: the rules in the
help text, hints after saving, and a warning while one of the four is missing."""

import pytest
from django.urls import reverse

from accessibility.easy_language_rules import hints
from accessibility.models import EasyLanguagePage, Topic
from tests.accessibility.conftest import make_page
from tests.helpers.posts import english  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db
ADD = reverse("admin:accessibility_easylanguagepage_add")
LIST = reverse("admin:accessibility_easylanguagepage_changelist")


def test_the_form_explains_the_rules_of_leichte_sprache(press_client):
    html = press_client.get(ADD).content.decode()
    for rule in ("short sentences", "one statement in each sentence",
                 "Explain a difficult word", "No abbreviations"):
        assert rule in html


def test_the_press_office_writes_and_publishes_a_page(press_client, client):
    response = press_client.post(ADD, {
        "title": "Was finden Sie hier?", "slug": "was-finden-sie-hier", "topic": Topic.OFFER,
        "body": "Hier schreiben 2 Polizisten.", "order": "1", "published": "on"}, follow=True)
    assert response.status_code == 200
    page = EasyLanguagePage.objects.get()
    assert page.published and page.topic == Topic.OFFER
    assert "Hier schreiben 2 Polizisten." in client.get(page.get_absolute_url()).content.decode()


def test_it_hints_at_long_sentences_and_abbreviations_but_saves(press_client):
    body = ("Auf dieser Seite finden Sie z. B. viele Fotos von Polizistinnen und Polizisten "
            "aus Kaiserslautern bei ihrer täglichen Arbeit auf der Straße. Und mehr.")
    response = press_client.post(ADD, {
        "title": "Lang", "slug": "lang", "topic": "", "body": body, "order": "2"}, follow=True)
    html = response.content.decode()
    assert "more than 15 words" in html and "“z. B.”" in html
    assert "more than one sentence" in html
    assert EasyLanguagePage.objects.filter(slug="lang").exists()


def test_a_page_in_good_leichte_sprache_gets_no_hint():
    assert hints("Diese Seite ist von der Polizei.\nSie zeigt Fotos.\n\n## Wichtig\n"
                 "- Im Notfall rufen Sie 110 an.") == []


def test_a_slug_is_unique_and_bad_input_changes_nothing(press_client):
    make_page()
    response = press_client.post(ADD, {"title": "Noch eine", "slug": "was-finden-sie-hier",
                                       "body": "Text.", "order": "1"})
    assert response.status_code == 200 and EasyLanguagePage.objects.count() == 1
    response = press_client.post(ADD, {"title": "Leer", "slug": "Kein Slug!", "body": "",
                                       "order": "1"})
    assert response.status_code == 200 and EasyLanguagePage.objects.count() == 1


def test_the_list_warns_while_one_of_the_four_is_missing(press_client):
    make_page(topic=Topic.OFFER)
    html = press_client.get(LIST).content.decode()
    assert "Not yet published in Leichte Sprache" in html
    assert "How to find your way around the website" in html
    assert "What this website offers;" not in html


def test_officers_and_citizens_cannot_edit_the_pages(client, officer, citizen):
    for user in (officer.user, citizen):
        client.force_login(user)
        assert client.get(ADD).status_code in (302, 403)
