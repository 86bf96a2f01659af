"""Inbox fixtures on top of the personas in tests/conftest.py."""

import datetime

import pytest
from django.test import Client

from inbox.models import CannedReply, Conversation, PublicQA, TriggerWord


@pytest.fixture
def client():
    """Pages in English, so the tests read the msgids whatever the German catalogue
    says (German is the default language)."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def conversation(citizen, officer):
    """The citizen's question to the owner officer (no duty hours: no automatic reply)."""
    return Conversation.start(citizen=citizen, officer=officer, subject="Fahrradcodierung",
                              body="Wann kann ich mein Fahrrad codieren lassen?")


@pytest.fixture
def other_conversation(other_citizen, colleague):
    return Conversation.start(citizen=other_citizen, officer=colleague, subject="Praktikum",
                              body="Gibt es Schülerpraktika?")


@pytest.fixture
def trigger_words(db):
    TriggerWord.objects.create(kind=TriggerWord.Kind.EMERGENCY_HINT, word="einbruch")
    TriggerWord.objects.create(kind=TriggerWord.Kind.EMERGENCY_HINT, word="Notfall")
    TriggerWord.objects.create(kind=TriggerWord.Kind.URGENT, word="bedroht")


@pytest.fixture
def referral(db):
    return CannedReply.objects.create(
        title="Onlinewache", kind=CannedReply.Kind.NOT_FOR_THIS_CHANNEL,
        body="Anzeigen bitte über die Onlinewache.")


@pytest.fixture
def canned(db):
    return CannedReply.objects.create(title="Danke", body="Vielen Dank für Ihre Frage!")


def at(year, month, day, hour=12, minute=0):
    """An aware local (Europe/Berlin) time for frozen clocks."""
    from zoneinfo import ZoneInfo

    return datetime.datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("Europe/Berlin"))


def propose_qas(citizen, officer):
    """Two answered questions, each proposed as a public Q&A by the officer."""
    qas = []
    for subject in ("eins", "zwei"):
        c = Conversation.start(citizen=citizen, officer=officer, subject=subject, body="?",
                               consent_public=True)
        c.answer(officer.user, "!")
        qas.append(PublicQA.propose(c, officer.user, f"Frage {subject}", "Antwort"))
    return qas
