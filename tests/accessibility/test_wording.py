"""The accessibility pages speak formally ("Sie") in German, Leichte Sprache included."""

import re

import pytest

from accessibility import demo
from tests.portal.accounts.test_account_emails import INFORMAL

pytestmark = pytest.mark.django_db


def main_text(response):
    html = response.content.decode()
    return re.sub(r"<[^>]+>", " ", html[html.index("<main"):html.index("</main>")])


@pytest.mark.parametrize("url", [
    "/accessibility/", "/accessibility/feedback/", "/leichte-sprache/",
    "/leichte-sprache/was-finden-sie-hier/", "/leichte-sprache/so-finden-sie-sich-zurecht/",
    "/leichte-sprache/barriere-freiheit/", "/leichte-sprache/mehr-informationen/",
    "/gebaerdensprache/",
])
def test_the_german_pages_say_sie(client, settings, url):
    settings.LANGUAGE_CODE = "de"
    for order, (topic, slug, title, body) in enumerate(demo.PAGES, start=1):
        demo.EasyLanguagePage.objects.create(slug=slug, title=title, body=body, topic=topic,
                                             order=order, published=True)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    text = main_text(response)
    assert not INFORMAL.search(text), INFORMAL.search(text)
    assert " Sie " in text
