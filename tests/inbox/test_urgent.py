"""Messages with words from the urgent list are flagged at the top of the officer's
inbox, with the emergency guidance."""

import pytest
import time_machine

from inbox.models import Conversation
from tests.inbox.conftest import at


@pytest.mark.django_db
def test_it_flags_a_question_with_an_urgent_word(citizen, officer, trigger_words):
    conversation = Conversation.start(citizen=citizen, officer=officer, subject="Nachbar",
                                      body="Ich werde seit Tagen BEDROHT.")
    assert conversation.urgent is True
    calm = Conversation.start(citizen=citizen, officer=officer, subject="Nachbar",
                              body="Mein Nachbar ist nett.")
    assert calm.urgent is False


@pytest.mark.django_db
def test_it_flags_a_later_reply_with_an_urgent_word(citizen, conversation, trigger_words):
    assert conversation.urgent is False
    conversation.reply(citizen, "Jetzt werde ich bedroht")
    conversation.refresh_from_db()
    assert conversation.urgent is True


@pytest.mark.django_db
def test_it_puts_urgent_questions_first_with_the_guidance(client, citizen, other_citizen,
                                                         officer, trigger_words):
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        Conversation.start(citizen=citizen, officer=officer, subject="Oldest",
                           body="Eine Frage.")
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        Conversation.start(citizen=other_citizen, officer=officer, subject="Younger",
                           body="Noch eine Frage.")
    with time_machine.travel(at(2026, 3, 2, 11), tick=False):
        Conversation.start(citizen=citizen, officer=officer, subject="Threat",
                           body="Ich werde bedroht.")
    client.force_login(officer.user)
    body = client.get("/studio/inbox/").content.decode()
    assert body.index("Threat") < body.index("Oldest") < body.index("Younger")
    assert "Possible emergency." in body
    assert 'class="inbox-flag"' in body
    conversation = Conversation.objects.get(subject="Threat")
    assert "Possible emergency." in client.get(conversation.get_studio_url()).content.decode()


@pytest.mark.django_db
def test_it_shows_no_emergency_guidance_without_urgent_questions(client, officer,
                                                                conversation):
    client.force_login(officer.user)
    assert "Possible emergency." not in client.get("/studio/inbox/").content.decode()
