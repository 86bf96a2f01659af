"""Push messages of the inbox: a question waiting for the officer (urgent ones as such),
an answer for the citizen; the kind and a link, never the text."""

import json

import pytest

from inbox.models import Conversation
from portal.push.kinds import Kind
from tests.helpers.push_service import subscribe, turn_on


@pytest.fixture
def officer_phone(client, officer, push):
    client.force_login(officer.user)
    return subscribe(client, push)


@pytest.fixture
def citizen_phone(client, citizen, push):
    client.force_login(citizen)
    return subscribe(client, push)


def ask(citizen, officer, body="Wann kann ich mein Fahrrad codieren lassen?"):
    return Conversation.start(citizen=citizen, officer=officer, subject="Fahrradcodierung",
                              body=body)


@pytest.mark.django_db
def test_a_new_question_is_pushed_to_the_officer_as_a_link_to_the_studio(
        officer_phone, officer, citizen, push, django_capture_on_commit_callbacks):
    turn_on(officer.user, Kind.QUESTION)
    with django_capture_on_commit_callbacks(execute=True):
        conversation = ask(citizen, officer)
    [message] = push.messages(officer_phone)
    assert json.loads(message) == {"kind": "question", "url": conversation.get_studio_url(),
                                   "title": "A new question is waiting for you"}
    assert "Fahrrad" not in message


@pytest.mark.django_db
def test_an_urgent_question_is_pushed_as_urgent_to_an_officer_who_chose_that(
        officer_phone, officer, citizen, push, trigger_words,
        django_capture_on_commit_callbacks):
    turn_on(officer.user, Kind.URGENT_QUESTION)
    with django_capture_on_commit_callbacks(execute=True):
        ask(citizen, officer, body="Wann kann ich mein Fahrrad codieren lassen?")
        ask(citizen, officer, body="Ich werde von meinem Nachbarn bedroht.")
    assert [json.loads(m)["kind"] for m in push.messages(officer_phone)] == [
        "urgent_question"]


@pytest.mark.django_db
def test_an_answer_is_pushed_to_the_citizen(
        citizen_phone, officer, citizen, push, django_capture_on_commit_callbacks):
    turn_on(citizen, Kind.ANSWER)
    conversation = ask(citizen, officer)
    with django_capture_on_commit_callbacks(execute=True):
        conversation.answer(officer.user, "Jeden Dienstag auf der Wache.")
    [message] = push.messages(citizen_phone)
    assert json.loads(message)["url"] == conversation.get_absolute_url()
    assert "Dienstag" not in message


@pytest.mark.django_db
def test_nothing_is_pushed_to_whoever_did_not_turn_it_on(
        officer_phone, citizen_phone, officer, citizen, push,
        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(citizen, officer).answer(officer.user, "Jeden Dienstag.")
    assert push.messages(officer_phone) == push.messages(citizen_phone) == []
