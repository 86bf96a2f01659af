"""The accessibility statement names what is not yet accessible, why and the
alternatives, the way to give feedback, and the enforcement body of the setting."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from accessibility.models import SignLanguageVideo, Topic
from portal import pagecache
from tests.accessibility.conftest import make_page
from tests.helpers.posts import english  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db
URL = "/accessibility/"


def test_it_names_barriers_with_why_and_the_alternative(client):
    html = client.get(URL).content.decode()
    assert "What is not yet accessible" in html
    assert "Videos without subtitles" in html and "Why:" in html and "Alternative:" in html
    assert 'href="/accessibility/feedback/?from=/accessibility/"' in html


def test_it_names_the_federal_conciliation_body_by_default(client):
    html = client.get(URL).content.decode()
    assert "Schlichtungsstelle nach § 16 BGG" in html
    assert "info@schlichtungsstelle-bgg.de" in html and "10117 Berlin" in html


def test_rhineland_palatinate_names_its_own_body(client, settings):
    settings.ACCESSIBILITY_ENFORCEMENT_BODY = "rheinland-pfalz"
    html = client.get(URL).content.decode()
    assert "durchsetzungsstelle@mastd.rlp.de" in html and "55116 Mainz" in html
    assert "schlichtungsstelle-bgg" not in html


def test_an_unknown_body_fails_the_system_check(settings):
    settings.ACCESSIBILITY_ENFORCEMENT_BODY = "bayern"
    with pytest.raises(SystemCheckError, match="accessibility.E001"):
        call_command("check")


def test_it_says_which_explanations_are_missing_in_each_form(client):
    make_page(topic=Topic.OFFER)
    SignLanguageVideo.objects.create(title="x", topic=Topic.OFFER, published=True,
                                     status=SignLanguageVideo.Status.READY, video="v/a/b.mp4")
    html = client.get(URL).content.decode()
    assert "Explanations not yet in Leichte Sprache" in html
    missing = html[html.index("Explanations not yet in Leichte Sprache"):]
    missing = missing[:missing.index("</dd>")]
    assert "How to find your way around the website" in missing
    assert "What this website offers" not in missing
    for slug, topic in [("b", Topic.NAVIGATION), ("c", Topic.STATEMENT), ("d", Topic.MORE)]:
        make_page(slug, topic=topic)
    html = client.get(URL).content.decode()
    assert "Explanations not yet in Leichte Sprache" not in html
    assert "Explanations not yet in German Sign Language" in html


def test_it_is_german_by_default(client, settings):
    settings.LANGUAGE_CODE = "de"
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Erklärung zur Barrierefreiheit" in html and "Durchsetzungsverfahren" in html


def test_it_offers_the_shared_mailbox_beside_the_form_when_there_is_one(client, settings):
    assert "mailto:barrierefreiheit" not in client.get(URL).content.decode()
    settings.ACCESSIBILITY_FEEDBACK_EMAIL = "barrierefreiheit@polizei.example"
    pagecache.bump("accessibility")  # a new setting comes with a restart; the test has none
    assert 'href="mailto:barrierefreiheit@polizei.example"' in client.get(URL).content.decode()
