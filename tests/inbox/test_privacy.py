"""The citizen's data: the export, and what deleting the account leaves behind."""

import json

import pytest

from inbox.models import Conversation, Message, PublicQA
from inbox.privacy import export, forget


@pytest.mark.django_db
def test_it_exports_only_the_citizens_own_conversations(citizen, officer, conversation,
                                                        other_conversation):
    conversation.answer(officer.user, "Samstags.")
    [data] = export(citizen)["questions"]
    json.dumps(data)  # serialisable as it is
    assert data["id"] == str(conversation.public_id)
    assert data["officer"] == "isabel_polizeikl"
    assert data["subject"] == "Fahrradcodierung"
    assert [(m["from"], m["text"]) for m in data["messages"]] == [
        ("you", "Wann kann ich mein Fahrrad codieren lassen?"), ("officer", "Samstags.")]


@pytest.mark.django_db
def test_it_anonymises_the_conversations_of_a_deleted_account(citizen, officer, conversation,
                                                             other_conversation,
                                                             press_officer):
    Conversation.objects.filter(pk=conversation.pk).update(consent_public=True)
    conversation.refresh_from_db()
    conversation.answer(officer.user, "Samstags.")
    PublicQA.propose(conversation, officer.user, "Frage", "Antwort").approve(press_officer)
    citizen.delete()
    conversation.refresh_from_db()
    assert conversation.citizen is None and conversation.subject == ""
    assert conversation.anonymised_at is not None
    assert conversation.state == Conversation.State.CLOSED
    assert not Message.objects.filter(conversation=conversation).exists()
    assert not PublicQA.objects.exists()  # the consent ended with the account
    assert conversation.first_answered_at is not None  # the figures stay
    assert other_conversation.messages.count() == 1


@pytest.mark.django_db
def test_it_offers_forget_for_the_account_deletion(citizen, conversation):
    assert forget(citizen) == 1
    conversation.refresh_from_db()
    assert conversation.anonymised_at is not None and conversation.citizen is None
    assert export(citizen) == {"questions": []}


@pytest.mark.django_db
def test_it_keeps_answers_when_a_staff_user_is_deleted(citizen, officer, conversation,
                                                      press_officer):
    conversation.answer(officer.user, "Samstags.")
    press_officer.delete()
    assert conversation.messages.count() == 2
