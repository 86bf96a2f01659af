"""Decisions taken with admin actions are kept in the object's admin history as codes
and put into words when the history is shown, in the reader's language
(portal/admin_history.py, templates/admin/object_history.html)."""

import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from inbox.models import Conversation, PublicQA
from tests.inbox.conftest import propose_qas

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def history(client, obj, language):
    opts = obj._meta
    url = f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/history/"
    response = client.get(url, **language)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('id="change-history"'):]


def decisions(obj):
    return [json.loads(entry.change_message) for entry in LogEntry.objects.filter(
        object_id=str(obj.pk), content_type=ContentType.objects.get_for_model(obj),
    ).order_by("pk")]


@pytest.fixture
def press(client, press_officer):
    client.force_login(press_officer)
    return client


def test_assigning_and_closing_are_stored_as_codes(press, citizen, officer, colleague):
    conversation = Conversation.start(citizen=citizen, officer=officer, subject="Frage",
                                      body="?")
    changelist = "/admin/inbox/conversation/"
    selected = {"_selected_action": [conversation.pk]}
    press.post(changelist, {"action": "assign", "apply": "1", "officer": colleague.pk,
                            **selected}, **GERMAN)
    press.post(changelist, {"action": "close", **selected}, **GERMAN)
    assert decisions(conversation) == [
        [{"decision": {"code": "assigned", "officer": "Felix (@felix_polizeikl)"}}],
        [{"decision": {"code": "closed"}}],
    ]
    english = history(press, conversation, ENGLISH)
    assert "Assigned to Felix (@felix_polizeikl)." in english and "Closed." in english
    german = history(press, conversation, GERMAN)
    assert "Geschlossen." in german and "Closed" not in german


def test_approving_and_rejecting_public_qas_are_stored_as_codes(press, citizen, officer):
    qas = propose_qas(citizen, officer)
    url = "/admin/inbox/publicqa/"
    press.post(url, {"action": "approve", "_selected_action": [qas[0].pk]}, **GERMAN)
    press.post(url, {"action": "reject", "_selected_action": [qas[1].pk], "apply": "1",
                     "note": "Zu persönlich"}, **GERMAN)
    assert decisions(qas[0]) == [[{"decision": {"code": "approved"}}]]
    assert decisions(qas[1]) == [[{"decision": {"code": "rejected",
                                                "reason": "Zu persönlich"}}]]
    assert "Approved." in history(press, qas[0], ENGLISH)
    assert "Rejected or withdrawn: Zu persönlich" in history(press, qas[1], ENGLISH)


def test_muting_and_unmuting_are_stored_as_codes(press, citizen):
    press.post("/admin/portal/user/", {"action": "mute", "_selected_action": [citizen.pk]},
               **GERMAN)
    press.post("/admin/portal/user/", {"action": "unmute", "_selected_action": [citizen.pk]},
               **GERMAN)
    assert decisions(citizen) == [[{"decision": {"code": "muted"}}],
                                  [{"decision": {"code": "unmuted"}}]]
    english = history(press, citizen, ENGLISH)
    assert "Muted." in english and "Unmuted." in english
    assert "Stummgeschaltet" not in english


def test_entries_recorded_as_words_are_still_shown_translated(press, press_officer, citizen):
    """Entries from before the codes stored English words ("Muted")."""
    for words in ("Muted", "Wrote to the citizen"):
        LogEntry.objects.log_actions(press_officer.pk, [citizen], CHANGE,
                                     change_message=words, single_object=True)
    german = history(press, citizen, GERMAN)
    assert "Stummgeschaltet" in german and "Wrote to the citizen" in german
    assert "Muted" in history(press, citizen, ENGLISH)


def test_an_assignment_recorded_as_words_is_still_shown(press, press_officer, citizen,
                                                        officer):
    conversation = Conversation.start(citizen=citizen, officer=officer, subject="Frage",
                                      body="?")
    LogEntry.objects.log_actions(press_officer.pk, [conversation], CHANGE,
                                 change_message="Assigned to Felix", single_object=True)
    assert "Assigned to Felix." in history(press, conversation, ENGLISH)


def test_django_s_own_entries_read_as_before(press, press_officer, citizen):
    LogEntry.objects.log_actions(press_officer.pk, [citizen], CHANGE,
                                 change_message=[{"changed": {"fields": ["display_name"]}}],
                                 single_object=True)
    assert "Changed display_name." in history(press, citizen, ENGLISH)


def test_the_german_admin_reads_german(press, citizen, officer, colleague):
    conversation = Conversation.start(citizen=citizen, officer=officer, subject="Frage",
                                      body="?", consent_public=True)
    conversation.answer(officer.user, "!")
    qa = PublicQA.propose(conversation, officer.user, "Frage?", "Antwort")
    press.post("/admin/inbox/conversation/?state=all", {
        "action": "assign", "apply": "1", "officer": colleague.pk,
        "_selected_action": [conversation.pk]}, **ENGLISH)
    press.post("/admin/inbox/publicqa/", {"action": "approve", "_selected_action": [qa.pk]},
               **ENGLISH)
    german = history(press, conversation, GERMAN)
    assert "Zugewiesen an Felix (@felix_polizeikl)." in german and "Aktion" in german
    assert "Freigegeben." in history(press, qa, GERMAN)
