"""The officer who answers a conversation learns by e-mail when a question waits for
them: a link to the studio, never the text."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from inbox.models import Conversation


@pytest.fixture
def ask(citizen, officer, django_capture_on_commit_callbacks):
    def ask(subject="Fahrradcodierung", body="Wann kann ich mein Fahrrad codieren lassen?"):
        with django_capture_on_commit_callbacks(execute=True):
            return Conversation.start(citizen=citizen, officer=officer, subject=subject,
                                      body=body)

    return ask


def assert_link_only(email, conversation, *texts):
    link = f"http://127.0.0.1:8000{conversation.get_studio_url()}"
    assert link in email.body and link in email.alternatives[0][0]
    for part in (email.subject, email.body, email.alternatives[0][0]):
        for text in texts:
            assert text not in part


@pytest.mark.django_db
def test_a_new_question_emails_the_officer_a_link_only(ask, officer):
    conversation = ask()
    (email,) = mail.outbox
    assert email.to == [officer.user.email]
    assert email.subject == "A question waits for your answer"
    assert_link_only(email, conversation, "Fahrradcodierung", "codieren")


@pytest.mark.django_db
def test_an_urgent_question_says_so_in_the_subject(ask, trigger_words):
    conversation = ask(body="Ich werde von meinem Nachbarn bedroht.")
    (email,) = mail.outbox
    assert email.subject == "Urgent: a question waits for your answer"
    assert "emergency or a threat" in email.body
    assert_link_only(email, conversation, "bedroht", "Nachbarn")


@pytest.mark.django_db
def test_the_e_mail_is_in_german_by_default(ask, settings):
    settings.LANGUAGE_CODE = "de"  # the portal's default (the tests read English)
    ask()
    assert mail.outbox[0].subject == "Eine Frage wartet auf Ihre Antwort"


@pytest.mark.django_db
def test_a_reply_emails_the_officer_only_when_it_waits_for_them_again(
        ask, citizen, officer, django_capture_on_commit_callbacks):
    conversation = ask()
    with django_capture_on_commit_callbacks(execute=True):
        conversation.reply(citizen, "Und wo genau?")  # still waiting: no second e-mail
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        conversation.answer(officer.user, "Am Stiftsplatz.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        conversation.reply(citizen, "Danke, und wann?")
    (email,) = mail.outbox
    assert email.to == [officer.user.email]


@pytest.mark.django_db
def test_an_assignment_emails_the_new_officer(ask, colleague, press_officer,
                                              django_capture_on_commit_callbacks):
    conversation = ask()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        conversation.assign(colleague, by=press_officer)
    (email,) = mail.outbox
    assert email.to == [colleague.user.email]


@pytest.mark.django_db
def test_an_officer_without_an_active_account_gets_no_e_mail(ask, officer):
    user = officer.user
    user.is_active = False
    user.save()
    ask()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_refused_question_sends_nothing(citizen, officer, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError), django_capture_on_commit_callbacks(execute=True):
        Conversation.start(citizen=citizen, officer=officer, subject="Leer", body="   ")
    assert mail.outbox == []
    assert not Conversation.objects.exists()
