"""Conversations are kept only as long as needed; the numbers survive."""

import datetime

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import call_command

from inbox import stats
from inbox.models import AccessLog, Conversation, Message, PublicQA
from inbox.tasks import apply_retention
from tests.inbox.conftest import at


def closed_conversation(citizen, officer, closed_on, consent=False):
    with time_machine.travel(closed_on - datetime.timedelta(hours=5), tick=False):
        c = Conversation.start(citizen=citizen, officer=officer, subject="Alt",
                               body="Meine Adresse ist Musterweg 1", consent_public=consent)
    with time_machine.travel(closed_on - datetime.timedelta(hours=2), tick=False):
        c.answer(officer.user, "Antwort")
    with time_machine.travel(closed_on, tick=False):
        c.close(officer.user)
    return c


@pytest.mark.django_db
def test_it_is_a_periodic_task_with_a_default_of_180_days():
    assert ("inbox.tasks.apply_retention", 3600) in django_settings.PERIODIC_TASKS
    assert django_settings.INBOX_RETENTION_DAYS == 180


@pytest.mark.django_db
def test_it_anonymises_conversations_closed_longer_than_the_period(citizen, officer,
                                                                  settings):
    settings.INBOX_RETENTION_DAYS = 180
    old = closed_conversation(citizen, officer, at(2026, 1, 1))
    recent = closed_conversation(citizen, officer, at(2026, 5, 1))
    with time_machine.travel(at(2026, 7, 1), tick=False):  # 181 days after Jan 1
        result = apply_retention.enqueue().return_value
    assert result == {"closed": 0, "anonymised": 1}
    old.refresh_from_db()
    assert old.citizen is None and old.subject == "" and old.anonymised_at is not None
    assert not Message.objects.filter(conversation=old).exists()
    assert not Message.objects.filter(body__contains="Musterweg").exclude(
        conversation=recent).exists()
    # The numbers survive.
    assert old.officer == officer
    assert old.first_answered_at - old.created_at == datetime.timedelta(hours=3)
    assert old.message_count == 2
    assert old.state == Conversation.State.CLOSED
    recent.refresh_from_db()
    assert recent.citizen == citizen and recent.messages.count() == 2
    # Gone from the citizen's and the officer's pages.
    assert list(Conversation.objects.for_citizen(citizen)) == [recent]
    assert list(Conversation.objects.for_officer(officer)) == [recent]


@pytest.mark.django_db
def test_it_does_not_touch_anything_just_before_the_period_ends(citizen, officer):
    c = closed_conversation(citizen, officer, at(2026, 1, 1))
    with time_machine.travel(at(2026, 6, 29, 12), tick=False):  # 179 days
        apply_retention.enqueue()
    c.refresh_from_db()
    assert c.anonymised_at is None and c.messages.count() == 2


@pytest.mark.django_db
def test_it_keeps_the_response_time_figures_unchanged(citizen, officer):
    closed_conversation(citizen, officer, at(2026, 1, 1))
    period = (at(2025, 12, 1), at(2026, 2, 1))
    before = stats.response_times(*period)
    with time_machine.travel(at(2026, 8, 1), tick=False):
        apply_retention.enqueue()
    assert Conversation.objects.get().anonymised_at is not None
    assert stats.response_times(*period) == before
    assert before[0]["median"] == datetime.timedelta(hours=3)


@pytest.mark.django_db
def test_it_closes_answered_conversations_the_citizen_left_alone(citizen, officer, settings):
    settings.INBOX_AUTO_CLOSE_DAYS = 30
    with time_machine.travel(at(2026, 1, 1), tick=False):
        c = Conversation.start(citizen=citizen, officer=officer, subject="a", body="?")
        c.answer(officer.user, "!")
        waiting = Conversation.start(citizen=citizen, officer=officer, subject="b", body="?")
    with time_machine.travel(at(2026, 2, 15), tick=False):
        assert apply_retention.enqueue().return_value == {"closed": 1, "anonymised": 0}
    c.refresh_from_db()
    waiting.refresh_from_db()
    assert c.state == Conversation.State.CLOSED and c.closed_at == at(2026, 2, 15)
    assert waiting.state == Conversation.State.OPEN  # still owes an answer: never closed


@pytest.mark.django_db
def test_it_keeps_approved_public_qas_and_drops_proposals(citizen, officer, press_officer):
    published = closed_conversation(citizen, officer, at(2026, 1, 1), consent=True)
    proposed = closed_conversation(citizen, officer, at(2026, 1, 2), consent=True)
    PublicQA.propose(published, officer.user, "Frage?", "Antwort.").approve(press_officer)
    PublicQA.propose(proposed, officer.user, "Frage 2?", "Antwort 2.")
    AccessLog.record_if_not_assigned(press_officer, published, AccessLog.Why.ADMIN)
    with time_machine.travel(at(2026, 12, 1), tick=False):
        apply_retention.enqueue()
    assert list(PublicQA.objects.values_list("question", flat=True)) == ["Frage?"]
    assert AccessLog.objects.get().conversation == published


@pytest.mark.django_db
def test_the_admin_history_keeps_no_subject_or_dropped_proposal(client, citizen, officer,
                                                                press_officer):
    """The admin's history names objects by their str(): the citizen's subject, the
    proposed question. Anonymising leaves the entries (who closed it, when) by id only."""
    from django.contrib.admin.models import LogEntry

    conversation = closed_conversation(citizen, officer, at(2026, 1, 1), consent=True)
    Conversation.objects.filter(pk=conversation.pk).update(subject="Mein Nachbar Herr X")
    proposal = PublicQA.propose(conversation, officer.user, "Frage von Anna?", "Antwort.")
    client.force_login(press_officer)
    client.post("/admin/inbox/conversation/?state=all",
                {"action": "close", "_selected_action": [conversation.pk]})
    client.post("/admin/inbox/publicqa/", {"action": "reject", "apply": "1", "note": "Nein",
                                          "_selected_action": [proposal.pk]})
    reprs = set(LogEntry.objects.values_list("object_repr", flat=True))
    assert reprs == {"Mein Nachbar Herr X", "Frage von Anna?"}
    with time_machine.travel(at(2026, 12, 1), tick=False):
        apply_retention.enqueue()
    entry = LogEntry.objects.get()
    assert entry.object_repr == f"#{conversation.pk}"
    assert entry.object_id == str(conversation.pk)


@pytest.mark.django_db
def test_it_has_a_dry_run(citizen, officer, capsys):
    c = closed_conversation(citizen, officer, at(2026, 1, 1))
    with time_machine.travel(at(2026, 12, 1), tick=False):
        call_command("inbox_retention", "--dry-run")
        assert "would anonymise 1" in capsys.readouterr().out
        c.refresh_from_db()
        assert c.anonymised_at is None and c.messages.count() == 2
        call_command("inbox_retention")
        assert "anonymised 1" in capsys.readouterr().out
    c.refresh_from_db()
    assert c.anonymised_at is not None


@pytest.mark.django_db
def test_it_is_safe_to_run_twice(citizen, officer):
    c = closed_conversation(citizen, officer, at(2026, 1, 1))
    with time_machine.travel(at(2026, 12, 1), tick=False):
        assert apply_retention.enqueue().return_value["anonymised"] == 1
    first = Conversation.objects.get(pk=c.pk).anonymised_at
    with time_machine.travel(at(2026, 12, 2), tick=False):
        assert apply_retention.enqueue().return_value["anonymised"] == 0
    assert Conversation.objects.get(pk=c.pk).anonymised_at == first


@pytest.mark.django_db
def test_an_open_question_of_a_closed_channel_is_closed_and_later_anonymised(
        citizen, officer, colleague, press_officer, settings):
    """The citizen wrote last and the channel was closed: nobody will answer, so the
    question does not stay for ever (the privacy page promises a period)."""
    settings.INBOX_AUTO_CLOSE_DAYS = 30
    settings.INBOX_RETENTION_DAYS = 180
    with time_machine.travel(at(2026, 1, 1), tick=False):
        orphan = Conversation.start(citizen=citizen, officer=officer, subject="a", body="?")
        covered = Conversation.start(citizen=citizen, officer=officer, subject="b", body="?")
        covered.assign(colleague, by=press_officer)
        officer.deactivate(by=press_officer, posts_public=True)
    with time_machine.travel(at(2026, 2, 15), tick=False):
        assert apply_retention.enqueue().return_value == {"closed": 1, "anonymised": 0}
    orphan.refresh_from_db()
    covered.refresh_from_db()
    assert orphan.state == Conversation.State.CLOSED
    assert covered.state == Conversation.State.OPEN  # the colleague still answers it
    with time_machine.travel(at(2026, 8, 15), tick=False):
        assert apply_retention.enqueue().return_value == {"closed": 0, "anonymised": 1}
    orphan.refresh_from_db()
    assert orphan.anonymised_at is not None and orphan.subject == ""
    assert not Message.objects.filter(conversation=orphan).exists()
