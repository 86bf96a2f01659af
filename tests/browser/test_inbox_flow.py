"""A citizen asks, the officer answers from the studio on a phone, the citizen reads the
answer; another citizen cannot open the conversation."""

import re

import pytest
from playwright.sync_api import expect

from inbox.models import CannedReply, Conversation, TriggerWord
from tests.browser.conftest import login
from tests.conftest import PASSWORD


@pytest.mark.django_db(transaction=True)
def test_it_carries_a_question_from_citizen_to_officer_and_back(
        page, axe, live_server, officer, citizen, other_citizen):
    TriggerWord.objects.create(kind=TriggerWord.Kind.EMERGENCY_HINT, word="einbruch")
    CannedReply.objects.create(title="Danke", body="Vielen Dank für Ihre Frage!")

    # The citizen asks from the channel page and is told this is no emergency channel.
    login(page, citizen.email, PASSWORD)
    page.goto(f"/@{officer.handle}/")
    page.locator(".inbox-ask-link a").click()
    expect(page).to_have_url(re.compile(r"/@isabel_polizeikl/ask/$"))
    notice = page.locator("#inbox-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("110")
    expect(notice.locator('a[href="tel:110"]')).to_be_visible()
    axe(page)

    # A word from the list brings up the guidance while typing, and the form waits for
    # the confirmation; removing the word hides it again.
    guidance = page.locator("#inbox-guidance")
    expect(guidance).to_be_hidden()
    page.fill("#id_subject", "Einbruch im Keller?")
    expect(guidance).to_be_visible()
    page.fill("#id_subject", "Fahrradcodierung")
    expect(guidance).to_be_hidden()

    page.fill("#id_body", "Wann kann ich mein Fahrrad codieren lassen?")
    page.click("#question-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/questions/[0-9a-f-]{36}/$"))
    conversation = Conversation.objects.get()
    thread_url = conversation.get_absolute_url()

    # The officer answers from the studio inbox on the phone.
    page.context.clear_cookies()
    login(page, officer.user.email, PASSWORD)
    page.goto("/studio/inbox/")
    waiting = page.locator("#inbox-waiting")
    expect(waiting).to_contain_text("Fahrradcodierung")
    axe(page)
    waiting.get_by_role("link", name="Fahrradcodierung").click()
    answer = page.locator("#answer-form textarea")
    page.click("#canned-form button[type=submit]")  # inserted in place, no reload
    expect(answer).to_have_value("Vielen Dank für Ihre Frage!")
    answer.fill("Am Samstag auf dem Stiftsplatz.")
    page.click("#answer-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/studio/inbox/$"))
    expect(page.locator("#inbox-waiting")).to_have_count(0)

    # The citizen sees the answer at /questions/.
    page.context.clear_cookies()
    login(page, citizen.email, PASSWORD)
    page.goto("/questions/")
    page.get_by_role("link", name="Fahrradcodierung").click()
    expect(page.locator(".inbox-thread")).to_contain_text("Am Samstag auf dem Stiftsplatz.")
    axe(page)

    # Another citizen gets a 404 for the same address.
    page.context.clear_cookies()
    login(page, other_citizen.email, PASSWORD)
    response = page.goto(thread_url)
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Stiftsplatz")
