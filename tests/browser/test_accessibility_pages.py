"""Leichte Sprache, sign language and the feedback form in a real browser on a phone:
reached from the header's pictograms and the footer, and free of axe violations."""

import re

import pytest
from playwright.sync_api import expect

from accessibility import demo, videos
from accessibility.models import EasyLanguagePage, Feedback, SignLanguageVideo, Topic
from portal import formguard
from tests.accessibility.conftest import sign_video


@pytest.mark.django_db(transaction=True)
def test_a_reader_finds_easy_language_sign_language_and_reports_a_barrier(
        page, axe, live_server, monkeypatch):
    for order, (topic, slug, title, body) in enumerate(demo.PAGES, start=1):
        EasyLanguagePage.objects.create(slug=slug, title=title, body=body, topic=topic,
                                        order=order, published=True)
    video = SignLanguageVideo(title="Was finden Sie hier?", topic=Topic.OFFER, published=True,
                              description="Ein Testbild.")
    video.original.save("x", sign_video((320, 240), fps=25), save=True)
    assert videos.process(video) == "ready"
    # A person needs more than a moment to write; the test does not.
    monkeypatch.setattr(formguard, "MIN_SECONDS", 0)

    # Every page's header: a pictogram with its name for each.
    page.goto("/")
    header = page.locator("header")
    easy = header.get_by_role("link", name="Leichte Sprache")
    signs = header.get_by_role("link", name="Gebärdensprache")
    expect(easy).to_be_visible()
    expect(signs).to_be_visible()
    expect(easy.locator("svg")).to_be_visible()
    expect(signs.locator("svg")).to_be_visible()
    for link in (easy, signs):
        box = link.bounding_box()
        assert box["height"] >= 44, box  # a target a thumb can hit
    axe(page)

    # Leichte Sprache: the list, then a page, in German whatever the interface language.
    easy.click()
    expect(page).to_have_url(re.compile(r"/leichte-sprache/$"))
    expect(page.locator("h1")).to_have_text("Leichte Sprache")
    axe(page)
    page.get_by_role("link", name="So finden Sie sich auf der Seite zurecht").click()
    expect(page.locator("article[lang=de] h1")).to_have_text(
        "So finden Sie sich auf der Seite zurecht")
    expect(page.locator("article h2").first).to_have_text("Oben: der Kopf von der Seite")
    axe(page)

    # Sign language: the video with its poster and a download link naming size and length.
    page.locator("header").get_by_role("link", name="Gebärdensprache").click()
    expect(page.locator("video")).to_have_attribute("poster", re.compile(r"\.jpg$"))
    download = page.get_by_role("link", name=re.compile(r"Video herunterladen"))
    expect(download).to_contain_text(re.compile(r"MP4, .*(KB|bytes), 0:01 min"))
    axe(page)

    # The footer's "Report a barrier", from a page in Leichte Sprache.
    page.goto("/leichte-sprache/mehr-informationen/")
    page.locator("footer").get_by_role("link", name="Report a barrier").click()
    expect(page.locator("h1")).to_have_text("Report a barrier")
    expect(page.locator(".trap input")).not_to_be_in_viewport()
    axe(page)
    page.get_by_label("Your message").fill("Das Video hat keine Untertitel.")
    page.get_by_label("Your e-mail address (optional)").fill("kein-at")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".errorlist")).to_contain_text("valid email")
    axe(page)
    page.get_by_label("Your e-mail address (optional)").fill("anna@example.org")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("h1")).to_have_text("Thank you for your message")
    feedback = Feedback.objects.get()
    expect(page.locator("main")).to_contain_text(feedback.reference)
    assert feedback.page == "/leichte-sprache/mehr-informationen/"
    assert feedback.email == "anna@example.org"
    axe(page)
