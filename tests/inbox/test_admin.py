"""The press office in the admin: oversight, assignment, access log, public Q&As,
response times."""

import pytest
import time_machine

from inbox.models import AccessLog, Conversation, PublicQA
from tests.inbox.conftest import at, propose_qas

CHANGELIST = "/admin/inbox/conversation/"


@pytest.mark.django_db
def test_it_shows_waiting_conversations_by_default(client, press_officer, conversation,
                                                  other_conversation, officer):
    conversation.answer(officer.user, "Antwort")
    client.force_login(press_officer)
    body = client.get(CHANGELIST).content.decode()
    assert other_conversation.subject in body
    assert conversation.subject not in body
    body = client.get(CHANGELIST, {"state": "all"}).content.decode()
    assert conversation.subject in body and other_conversation.subject in body


@pytest.mark.django_db
def test_it_filters_by_officer_and_waiting_time(client, press_officer, citizen, officer,
                                               colleague):
    with time_machine.travel(at(2026, 3, 1, 9), tick=False):
        Conversation.start(citizen=citizen, officer=officer, subject="Four days", body="?")
    with time_machine.travel(at(2026, 3, 5, 8), tick=False):
        Conversation.start(citizen=citizen, officer=colleague, subject="Fresh one", body="?")
    client.force_login(press_officer)
    with time_machine.travel(at(2026, 3, 5, 10), tick=False):
        body = client.get(CHANGELIST, {"waiting": "3"}).content.decode()
        assert "Four days" in body and "Fresh one" not in body
        body = client.get(CHANGELIST, {"officer__id__exact": colleague.pk}).content.decode()
        assert "Four days" not in body and "Fresh one" in body


@pytest.mark.django_db
def test_it_records_every_opening_by_the_press_office(client, press_officer, conversation):
    client.force_login(press_officer)
    client.get(CHANGELIST)  # the list shows no messages: not recorded
    assert not AccessLog.objects.exists()
    response = client.get(f"{CHANGELIST}{conversation.pk}/change/")
    assert "Wann kann ich mein Fahrrad codieren lassen?" in response.content.decode()
    entry = AccessLog.objects.get()
    assert entry.user == press_officer and entry.user_email == press_officer.email
    assert entry.conversation == conversation and entry.why == AccessLog.Why.ADMIN
    client.get(f"{CHANGELIST}{conversation.pk}/change/")
    assert AccessLog.objects.count() == 2


@pytest.mark.django_db
def test_it_records_the_addressed_officer_reading_a_reassigned_conversation(
        client, officer, colleague, press_officer, conversation):
    conversation.assign(colleague, press_officer)
    client.force_login(officer.user)
    assert client.get(conversation.get_studio_url()).status_code == 200
    entry = AccessLog.objects.get()
    assert entry.user == officer.user and entry.why == AccessLog.Why.STUDIO


@pytest.mark.django_db
def test_it_keeps_conversations_read_only_in_the_admin(client, press_officer, conversation):
    client.force_login(press_officer)
    url = f"{CHANGELIST}{conversation.pk}/change/"
    response = client.post(url, {"subject": "geändert", "state": "closed"})
    assert response.status_code == 403
    conversation.refresh_from_db()
    assert conversation.subject == "Fahrradcodierung"
    assert client.get(f"{CHANGELIST}{conversation.pk}/delete/").status_code == 403


@pytest.mark.django_db
def test_it_assigns_conversations_to_another_officer(client, press_officer, conversation,
                                                    colleague):
    client.force_login(press_officer)
    data = {"action": "assign", "_selected_action": [conversation.pk]}
    response = client.post(CHANGELIST, data)
    assert response.status_code == 200
    assert 'name="officer"' in response.content.decode()
    response = client.post(CHANGELIST, {**data, "apply": "1", "officer": colleague.pk})
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.assigned_to == colleague
    assert AccessLog.objects.get().why == AccessLog.Why.ASSIGN
    assert Conversation.objects.for_officer(colleague).get() == conversation
    client.post(CHANGELIST, {**data, "apply": "1", "officer": ""})
    conversation.refresh_from_db()
    assert conversation.assigned_to is None
    assert not Conversation.objects.for_officer(colleague).exists()


@pytest.mark.django_db
def test_it_counts_assigned_conversations_in_words(client, press_officer, conversation,
                                                   other_conversation, colleague):
    """A real plural, not "conversation(s)": German needs "Unterhaltung"/"Unterhaltungen"."""
    client.force_login(press_officer)
    data = {"action": "assign", "apply": "1", "officer": colleague.pk}
    response = client.post(CHANGELIST, {**data, "_selected_action": [conversation.pk]},
                           follow=True)
    assert "1 conversation assigned to Felix (@felix_polizeikl)." in response.content.decode()
    response = client.post(
        CHANGELIST, {**data, "_selected_action": [conversation.pk, other_conversation.pk]},
        follow=True)
    assert "2 conversations assigned to Felix (@felix_polizeikl)." in response.content.decode()


@pytest.mark.django_db
def test_it_approves_and_rejects_public_qas_with_a_reason(client, press_officer, officer,
                                                         citizen):
    qas = propose_qas(citizen, officer)
    client.force_login(press_officer)
    url = "/admin/inbox/publicqa/"
    client.post(url, {"action": "approve", "_selected_action": [qas[0].pk]})
    qas[0].refresh_from_db()
    assert qas[0].state == PublicQA.State.APPROVED and qas[0].decided_by == press_officer
    assert qas[0].published_at is not None
    data = {"action": "reject", "_selected_action": [qas[1].pk], "apply": "1"}
    assert client.post(url, {**data, "note": ""}).status_code == 200  # reason owed
    qas[1].refresh_from_db()
    assert qas[1].state == PublicQA.State.PROPOSED
    client.post(url, {**data, "note": "Zu persönlich"})
    qas[1].refresh_from_db()
    assert qas[1].state == PublicQA.State.REJECTED and qas[1].decision_note == "Zu persönlich"


@pytest.mark.django_db
def test_it_keeps_the_access_log_read_only(client, press_officer, conversation):
    AccessLog.record_if_not_assigned(press_officer, conversation, AccessLog.Why.ADMIN)
    entry = AccessLog.objects.get()
    client.force_login(press_officer)
    assert client.get("/admin/inbox/accesslog/").status_code == 200
    assert client.get("/admin/inbox/accesslog/add/").status_code == 403
    assert client.post(f"/admin/inbox/accesslog/{entry.pk}/change/",
                       {"why": "assign"}).status_code == 403
    assert client.post(f"/admin/inbox/accesslog/{entry.pk}/delete/",
                       {"post": "yes"}).status_code == 403
    assert AccessLog.objects.get().why == AccessLog.Why.ADMIN


@pytest.mark.django_db
def test_it_shows_response_times_per_officer(client, press_officer, citizen, officer):
    with time_machine.travel(at(2026, 3, 2, 8), tick=False):
        c = Conversation.start(citizen=citizen, officer=officer, subject="q", body="?")
    with time_machine.travel(at(2026, 3, 2, 10, 30), tick=False):
        c.answer(officer.user, "!")
    client.force_login(press_officer)
    assert "response-times/" in client.get(CHANGELIST).content.decode()
    response = client.get(f"{CHANGELIST}response-times/",
                          {"since": "2026-03-01", "until": "2026-03-02"})
    body = response.content.decode()
    assert response.status_code == 200
    row = body[body.index("<tbody>"):body.index("</tbody>")]
    assert "Isabel" in row and "2.5 h" in row


@pytest.mark.django_db
def test_it_manages_canned_replies_trigger_words_and_duty_hours(client, press_officer):
    client.force_login(press_officer)
    for model in ("cannedreply", "triggerword", "dutyhours", "publicqa"):
        assert client.get(f"/admin/inbox/{model}/").status_code == 200, model
    for model in ("cannedreply", "triggerword", "dutyhours"):
        assert client.get(f"/admin/inbox/{model}/add/").status_code == 200, model
