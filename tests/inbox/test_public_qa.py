"""Public Q&As on the officer's channel: only with consent, only once approved."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from inbox.models import Conversation, PublicQA


@pytest.fixture
def consented(citizen, officer):
    c = Conversation.start(citizen=citizen, officer=officer, subject="Blitzer",
                           body="Wo wird geblitzt?", consent_public=True)
    c.answer(officer.user, "Das steht montags auf der Website.")
    return c


@pytest.mark.django_db
def test_it_shows_only_approved_qas_on_the_channel_without_a_name(client, consented,
                                                                  officer, press_officer):
    qa = PublicQA.propose(consented, officer.user, "Wo wird <em>geblitzt</em>?",
                          "Auf der Website.")
    page = client.get("/@isabel_polizeikl/").content.decode()
    assert "geblitzt" not in page
    qa.approve(press_officer)
    page = client.get("/@isabel_polizeikl/").content.decode()
    assert "Wo wird &lt;em&gt;geblitzt&lt;/em&gt;?" in page
    assert "Auf der Website." in page
    assert "Anna" not in page and "anna@example.org" not in page
    assert "sessionid" not in client.cookies and "csrftoken" not in client.cookies
    qa.reject(press_officer, "Zurückgezogen")
    assert "geblitzt" not in client.get("/@isabel_polizeikl/").content.decode()


@pytest.mark.django_db
def test_it_needs_consent_an_answer_and_a_handling_person(citizen, officer, colleague,
                                                          consented, press_officer):
    with pytest.raises(PermissionDenied):
        PublicQA.propose(consented, colleague.user, "q", "a")
    with pytest.raises(PermissionDenied):
        PublicQA.propose(consented, citizen, "q", "a")
    unanswered = Conversation.start(citizen=citizen, officer=officer, subject="s", body="?",
                                    consent_public=True)
    with pytest.raises(ValidationError):
        PublicQA.propose(unanswered, officer.user, "q", "a")
    private = Conversation.start(citizen=citizen, officer=officer, subject="s", body="?")
    private.answer(officer.user, "!")
    with pytest.raises(ValidationError):
        PublicQA.propose(private, press_officer, "q", "a")
    assert PublicQA.propose(consented, press_officer, "q", "a").state == PublicQA.State.PROPOSED


@pytest.mark.django_db
def test_only_the_press_office_decides(consented, officer, press_officer):
    qa = PublicQA.propose(consented, officer.user, "q", "a")
    with pytest.raises(PermissionDenied):
        qa.approve(officer.user)
    with pytest.raises(ValidationError):
        qa.reject(press_officer, "  ")
    qa.approve(press_officer)
    assert qa.state == PublicQA.State.APPROVED


@pytest.mark.django_db
def test_it_links_the_channel_to_the_ask_page(client, officer):
    page = client.get("/@isabel_polizeikl/").content.decode()
    assert 'href="/@isabel_polizeikl/ask/"' in page
    client.force_login(officer.user)  # an officer does not ask themselves
    page = client.get("/@isabel_polizeikl/").content.decode()
    assert 'href="/@isabel_polizeikl/ask/"' not in page
