"""The press office's admin on a desk: every page it uses passes axe, and on a post's
change page the review decision comes first, above the photos."""

import re

import pytest
from playwright.sync_api import expect

from accessibility.models import EasyLanguagePage, Feedback
from federation.models import RemoteReport
from inbox.models import Conversation
from posts.models import Comment, Correction, Post, ProblemReport
from tests.browser.conftest import login
from tests.conftest import PASSWORD
from tests.helpers.comments import comment_on, publish
from tests.helpers.review import make_checklist, make_processed_post


@pytest.mark.django_db(transaction=True)
def test_the_decision_comes_first_on_a_submitted_post(desk, axe, officer, press_officer):
    make_checklist()
    post = make_processed_post(officer, caption="Fahrradkontrolle am Stiftsplatz",
                               state=Post.State.SUBMITTED)
    login(desk, press_officer.email, PASSWORD)
    desk.goto(f"/admin/posts/post/{post.pk}/change/")
    approve = desk.locator("button[name=publish_now]")
    request_changes = desk.locator("#review-request-changes-note")
    photo = desk.locator("img.review-media").first
    # Seen first: the checklist and both decisions are in the first screen.
    for element in (desk.locator("input[name=approve-checklist]").first, approve,
                    request_changes):
        box = element.bounding_box()
        assert box["y"] + box["height"] <= 900, box
    assert photo.bounding_box()["y"] > approve.bounding_box()["y"] or \
        photo.bounding_box()["x"] > approve.bounding_box()["x"]
    # No list bullets of the admin's next to the photos of the blurred areas.
    item = desk.locator("li.redaction-review-item").first
    assert item.evaluate("e => getComputedStyle(e).listStyleType") == "none"
    axe(desk)


def admin_pages(desk):
    """Every kind of page the press office reaches from the admin's index: each list,
    and the change page of its first row (or, for an empty list, its add page: the same
    template with an empty form)."""
    desk.goto("/admin/")
    lists = sorted({a.get_attribute("href") for a in
                    desk.locator("#content-main table th a").all()})
    adds = {a.get_attribute("href") for a in desk.locator("#content-main a.addlink").all()}
    pages = ["/admin/", *lists]
    for url in lists:
        desk.goto(url)
        first = desk.locator("#result_list tbody tr th a, #result_list tbody tr td a").first
        if first.count():
            pages.append(first.get_attribute("href"))
        elif url + "add/" in adds:
            pages.append(url + "add/")
    return pages


@pytest.mark.django_db(transaction=True)
def test_every_admin_page_of_the_press_office_passes_axe(desk, axe, officer, citizen,
                                                         press_officer):
    make_checklist()
    post = publish(officer, caption="Verkehrskontrolle am Bahnhof")
    comment_on(post, citizen)
    make_processed_post(officer, caption="Fahrradkontrolle", state=Post.State.SUBMITTED)
    Conversation.start(citizen=citizen, officer=officer, subject="Parken am Markt",
                       body="Darf ich samstags am Markt parken?")
    ProblemReport.objects.create(post=post, reason="outdated", text="Die Kontrolle ist vorbei.")
    Correction.objects.create(post=post, field="caption", old_value=post.caption,
                              new_value="Verkehrskontrolle am Hauptbahnhof",
                              reason="Ort genauer", proposed_by=officer.user)
    assert Comment.objects.exists()
    # Accessibility: a page in Leichte Sprache, and feedback with its answer form.
    EasyLanguagePage.objects.create(slug="start", title="Was finden Sie hier?",
                                    body="Hier schreiben 2 Polizisten.", published=True)
    Feedback.receive(message="Das Video hat keine Untertitel.", email="anna@example.org")
    # The Fediverse: a held reply of someone on another server, their report of a post.
    author = {"uri": "https://social.example/users/anna", "handle": "@anna@social.example",
              "name": "Anna", "profile": "https://social.example/@anna"}
    Comment.receive_remote(post=post, parent=None, author=author, body="Danke!",
                           remote_id="https://social.example/users/anna/statuses/1",
                           url="https://social.example/@anna/1")
    RemoteReport.objects.create(activity_id="https://social.example/flags/1",
                                reporter_uri="https://social.example/actor",
                                reporter_handle="@social.example@social.example",
                                post=post, objects_reported=[], content="Spam")

    login(desk, press_officer.email, PASSWORD)
    pages = admin_pages(desk)
    assert len(pages) > 15, pages
    assert {"/admin/accessibility/feedback/", "/admin/accessibility/signlanguagevideo/add/",
            "/admin/accessibility/easylanguagepage/", "/admin/federation/remotereport/",
            f"/admin/federation/remotereport/{RemoteReport.objects.get().pk}/change/",
            } <= {p.split("?")[0] for p in pages}, pages
    for url in [*pages, f"/admin/posts/post/{post.pk}/history/",
                "/admin/metrics/pilotfigures/?period=30"]:
        desk.goto(url)
        expect(desk.locator("#content")).to_be_visible()
        assert not re.search(r"Server Error|Page not found", desk.title()), url
        axe(desk)
