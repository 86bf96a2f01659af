"""'Problem melden' and corrections in the open, in Chromium: a reader reports a
recognisable person on a phone; the press office takes the photo offline, resolves the
report and corrects the post at a desk; the corrected post's page. Each page passes axe."""

import time

import pytest
from django.core import mail

from posts.models import Post, ProblemReport
from tests.browser.conftest import login
from tests.conftest import PASSWORD
from tests.helpers.posts import publish
from tests.helpers.review import make_processed_post


def wait_for(condition, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


@pytest.mark.django_db(transaction=True)
def test_a_reader_reports_and_the_press_office_takes_down_resolves_and_corrects(
        page, desk, axe, officer, press_officer, monkeypatch):
    from portal import formguard

    monkeypatch.setattr(formguard, "MIN_SECONDS", 0)
    post = publish(make_processed_post(officer, caption="Fahrradkontrolle am Stiftsplatz"))

    # A reader on a phone, without an account.
    page.goto(post.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("link", name="Report a problem").click()
    axe(page)
    page.get_by_label("A person or a number plate is recognisable").check()
    page.get_by_label("The recognisable person is me").check()
    page.get_by_label("What should the press office know? (optional)").fill(
        "Ich bin die Person am Fahrrad.")
    page.get_by_label("Your e-mail address (optional)").fill("leser@example.org")
    with page.expect_navigation():
        page.get_by_role("button", name="Send report").click()
    assert "Thank you. The press office will look at your report." in page.content()
    report = ProblemReport.objects.get()
    assert report.that_is_me and report.email == "leser@example.org"

    # The press office at a desk (German): the report, one click offline, resolved.
    login(desk, press_officer.email, PASSWORD)
    desk.goto(f"/admin/posts/problemreport/{report.pk}/change/")
    axe(desk)
    with desk.expect_navigation():
        desk.get_by_role("button", name="Alle Fotos des Beitrags jetzt offline nehmen").click()
    assert "Foto vorübergehend entfernt" in desk.context.new_page().goto(
        post.get_absolute_url()).text()
    desk.get_by_label("Der Beitrag wurde geändert oder entfernt").check()
    desk.get_by_label("Anmerkung").fill("Wir haben das Foto entfernt und verpixeln es.")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Meldung erledigen").click()
    wait_for(lambda: any("leser@example.org" in m.to for m in mail.outbox))
    report.refresh_from_db()
    assert report.state == ProblemReport.State.RESOLVED

    # A correction in the open.
    desk.goto(f"/admin/posts/post/{post.pk}/correct/")
    axe(desk)
    desk.get_by_label("Bildtext:", exact=True).fill(
        "Fahrradkontrolle am Stiftsplatz in Kaiserslautern")
    desk.get_by_label("Grund der Korrektur (öffentlich sichtbar)").fill("Ort ergänzt")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Korrektur übernehmen").click()
    assert Post.objects.get(pk=post.pk).corrected_at is not None

    # The corrected post, as a reader sees it.
    page.goto(post.get_absolute_url())
    corrections = page.locator(".post-corrections")
    assert "Corrected on" in corrections.inner_text()
    assert "Caption – Ort ergänzt" in corrections.inner_text()
    axe(page)


@pytest.mark.django_db(transaction=True)
def test_an_officer_proposes_a_correction_on_the_phone(page, axe, officer):
    from posts.models import Correction

    post = publish(make_processed_post(officer, caption="Fahrradkontrolle am Stiftplatz"))
    login(page, officer.user.email, PASSWORD)
    page.goto("/studio/")
    with page.expect_navigation():
        page.locator(f"#post-{post.pk}").get_by_role("link", name="Correct").click()
    axe(page)
    page.get_by_label("Caption").fill("Fahrradkontrolle am Stiftsplatz")
    page.get_by_label("Reason for the correction (shown publicly)").fill("Tippfehler im Ort")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the correction to the press office").click()
    assert "Your correction waits for the press office." in page.content()
    (proposal,) = Correction.objects.all()
    assert proposal.state == Correction.State.PROPOSED
