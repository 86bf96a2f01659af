"""Pages in Leichte Sprache: /leichte-sprache/ lists the published ones, each has its
own address, and every page of the portal links to them from its header."""

import pytest

from accessibility.models import SignLanguageVideo, Topic
from tests.accessibility.conftest import make_page
from tests.helpers.posts import english  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db


def test_it_lists_published_pages_in_their_order(client):
    make_page("zweite", title="So finden Sie sich zurecht", order=2, topic=Topic.NAVIGATION)
    make_page("erste", title="Was finden Sie hier?", order=1)
    make_page("entwurf", title="Noch nicht fertig", published=False, topic="")
    html = client.get("/leichte-sprache/").content.decode()
    assert html.index("Was finden Sie hier?") < html.index("So finden Sie sich zurecht")
    assert "Noch nicht fertig" not in html
    assert '<div lang="de" class="easy-language">' in html


def test_a_page_shows_its_text_line_by_line_in_german(client):
    make_page(body="## Wer schreibt hier?\nHier schreiben 2 Polizisten.\nSie heißen Isabel "
                   "und Felix.\n\n- Fotos\n- Videos\n\n[Mehr](/gebaerdensprache/)")
    response = client.get("/leichte-sprache/was-finden-sie-hier/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<article lang="de" class="easy-language">' in html
    assert "<h2>Wer schreibt hier?</h2>" in html
    assert "<p>Hier schreiben 2 Polizisten.<br>\nSie heißen Isabel und Felix.</p>" in html
    assert "<ul><li>Fotos</li><li>Videos</li></ul>" in html
    assert '<a href="/gebaerdensprache/">Mehr</a>' in html


def test_an_unpublished_or_unknown_page_is_not_found(client):
    make_page(published=False)
    assert client.get("/leichte-sprache/was-finden-sie-hier/").status_code == 404
    assert client.get("/leichte-sprache/gibt-es-nicht/").status_code == 404


def test_the_authors_html_never_reaches_the_page(client):
    make_page(body='<script>alert(1)</script>\n[klick](javascript:alert(1))\n'
                   '[weg](//example.org/)')
    html = client.get("/leichte-sprache/was-finden-sie-hier/").content.decode()
    main = html[html.index("<article"):html.index("</article>")]
    assert "<script>" not in main and "&lt;script&gt;" in main
    assert 'href="javascript' not in main and 'href="//example.org' not in main


def test_a_change_in_the_admin_shows_at_once_on_the_stored_page(client):
    page = make_page()
    assert "Sie zeigen ihre Arbeit." in client.get(page.get_absolute_url()).content.decode()
    page.body = "Neuer Text."
    page.save()
    assert "Neuer Text." in client.get(page.get_absolute_url()).content.decode()
    page.published = False
    page.save()
    assert client.get(page.get_absolute_url()).status_code == 404


def test_a_page_links_to_the_same_explanation_in_sign_language_and_its_neighbours(client):
    make_page("erste", title="Erste", order=1)
    make_page("zweite", title="Zweite", order=2, topic=Topic.NAVIGATION)
    video = SignLanguageVideo.objects.create(
        title="Was finden Sie hier?", topic=Topic.OFFER, published=True,
        status=SignLanguageVideo.Status.READY, video="v/ab/x.mp4")
    html = client.get("/leichte-sprache/erste/").content.decode()
    assert f'href="/gebaerdensprache/#video-{video.pk}"' in html
    assert 'href="/leichte-sprache/zweite/" rel="next"' in html
    assert 'rel="prev"' not in html


@pytest.mark.parametrize("url", ["/", "/privacy/", "/accessibility/", "/leichte-sprache/",
                                 "/accessibility/feedback/", "/does-not-exist/"])
def test_every_page_links_both_from_its_header_with_pictogram_and_text(client, url):
    html = client.get(url).content.decode()
    header = html[html.index("<header"):html.index("</header>")]
    for href, label in [("/leichte-sprache/", "Leichte Sprache"),
                        ("/gebaerdensprache/", "Gebärdensprache")]:
        link = header[header.index(f'<a href="{href}" lang="de">'):]
        link = link[:link.index("</a>")]
        assert '<svg class="access-icon" aria-hidden="true"' in link
        assert f"<span>{label}</span>" in link


def test_every_page_links_to_the_feedback_form_with_where_it_was(client):
    html = client.get("/privacy/").content.decode()
    footer = html[html.index("<footer"):]
    assert '<a href="/accessibility/feedback/?from=/privacy/">Report a barrier</a>' in footer
