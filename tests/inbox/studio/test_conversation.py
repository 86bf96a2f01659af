"""The officer answers in the studio: answer, canned replies, referral, close."""

import pytest
from django.core import mail

from inbox.models import Conversation, PublicQA


@pytest.mark.django_db
def test_it_answers_and_emails_the_citizen_a_link_only(client, officer, conversation,
                                                       django_capture_on_commit_callbacks):
    client.force_login(officer.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(conversation.get_studio_url(),
                               {"body": "Am Samstag auf dem Stiftsplatz."})
    assert response.status_code == 302
    assert response["Location"] == "/studio/inbox/"
    conversation.refresh_from_db()
    assert conversation.state == Conversation.State.ANSWERED
    assert conversation.first_answered_at is not None
    assert conversation.waiting_since is None
    answer = conversation.thread().last()
    assert answer.is_from_staff and answer.author == officer.user
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["anna@example.org"]
    link = f"http://127.0.0.1:8000/questions/{conversation.public_id}/"
    assert link in email.body
    assert link in email.alternatives[0][0]
    for part in (email.subject, email.body, email.alternatives[0][0]):
        assert "Stiftsplatz" not in part
        assert "Fahrradcodierung" not in part  # not even the subject


@pytest.mark.django_db
def test_it_keeps_the_first_answer_time_when_answering_again(client, officer, citizen,
                                                            conversation):
    client.force_login(officer.user)
    client.post(conversation.get_studio_url(), {"body": "Erste Antwort"})
    conversation.refresh_from_db()
    first = conversation.first_answered_at
    conversation.reply(citizen, "Danke, und wann genau?")
    conversation.refresh_from_db()
    assert conversation.state == Conversation.State.OPEN
    assert conversation.waiting_since is not None
    client.post(conversation.get_studio_url(), {"body": "Um 10 Uhr"})
    conversation.refresh_from_db()
    assert conversation.first_answered_at == first
    assert conversation.state == Conversation.State.ANSWERED


@pytest.mark.django_db
def test_it_inserts_a_canned_reply_into_the_answer(client, officer, conversation, canned):
    client.force_login(officer.user)
    page = client.get(conversation.get_studio_url()).content.decode()
    assert 'id="canned-form"' in page and "Danke" in page
    assert 'id="inbox-canned"' in page  # the texts for static/js/inbox.js
    response = client.get(conversation.get_studio_url(), {"canned": canned.pk})
    assert "Vielen Dank für Ihre Frage!</textarea>" in response.content.decode()


@pytest.mark.django_db
def test_it_refers_with_the_chosen_text_and_closes(client, officer, conversation, referral,
                                                  django_capture_on_commit_callbacks):
    client.force_login(officer.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{conversation.get_studio_url()}refer/",
                               {"canned_reply": referral.pk})
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.state == Conversation.State.NOT_FOR_THIS_CHANNEL
    assert conversation.closed_at is not None
    assert conversation.thread().last().body == referral.body
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_it_refers_only_with_a_referral_text(client, officer, conversation, canned):
    client.force_login(officer.user)
    client.post(f"{conversation.get_studio_url()}refer/", {"canned_reply": canned.pk})
    conversation.refresh_from_db()
    assert conversation.state == Conversation.State.OPEN


@pytest.mark.django_db
def test_it_closes_and_the_citizen_can_no_longer_reply(client, officer, citizen,
                                                      conversation):
    client.force_login(officer.user)
    client.post(f"{conversation.get_studio_url()}close/")
    conversation.refresh_from_db()
    assert conversation.state == Conversation.State.CLOSED
    assert conversation.closed_at is not None
    client.force_login(citizen)
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert 'name="body"' not in page
    client.post(conversation.get_absolute_url(), {"body": "Hallo?"})
    assert conversation.messages.count() == 1
    client.force_login(officer.user)
    client.post(conversation.get_studio_url(), {"body": "Zu spät"})
    assert conversation.messages.count() == 1


@pytest.mark.django_db
def test_it_proposes_a_public_qa_only_with_consent(client, officer, citizen, conversation):
    client.force_login(officer.user)
    client.post(conversation.get_studio_url(), {"body": "Samstags."})
    url = f"{conversation.get_studio_url()}propose/"
    assert client.get(url).status_code == 302  # no consent: back to the conversation
    assert "propose/" not in client.get(conversation.get_studio_url()).content.decode()
    Conversation.objects.filter(pk=conversation.pk).update(consent_public=True)
    form = client.get(url).content.decode()
    assert "Wann kann ich mein Fahrrad codieren lassen?" in form  # prefilled
    response = client.post(url, {"question": "Wann wird codiert?", "answer": "Samstags."})
    assert response.status_code == 302
    qa = PublicQA.objects.get()
    assert qa.state == PublicQA.State.PROPOSED
    assert qa.officer == officer and qa.proposed_by == officer.user
    assert qa.question == "Wann wird codiert?"
    assert client.post(url, {"question": "x", "answer": "y"}).status_code == 302
    assert PublicQA.objects.count() == 1


@pytest.mark.django_db
def test_it_lets_the_citizen_reply_and_wait_again(client, citizen, officer, conversation):
    conversation.answer(officer.user, "Samstags.")
    client.force_login(citizen)
    response = client.post(conversation.get_absolute_url(), {"body": "Danke! Und sonntags?"})
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.state == Conversation.State.OPEN
    assert conversation.thread().last().body == "Danke! Und sonntags?"


@pytest.mark.django_db
def test_it_limits_citizen_replies(client, citizen, conversation, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "question_reply": "1/h"}
    client.force_login(citizen)
    assert client.post(conversation.get_absolute_url(), {"body": "eins"}).status_code == 302
    assert client.post(conversation.get_absolute_url(), {"body": "zwei"}).status_code == 429
    assert conversation.messages.count() == 2


@pytest.mark.django_db
def test_it_lets_a_muted_citizen_read_but_not_reply(client, citizen, conversation):
    from django.utils import timezone

    citizen.muted_at = timezone.now()
    citizen.save()
    client.force_login(citizen)
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "Wann kann ich mein Fahrrad codieren lassen?" in page
    assert 'name="body"' not in page
    client.post(conversation.get_absolute_url(), {"body": "Trotzdem"})
    assert conversation.messages.count() == 1
