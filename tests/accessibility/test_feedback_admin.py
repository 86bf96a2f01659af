"""The press office's queue of feedback: open first and by deadline, overdue items
flagged and filterable, answered by e-mail or marked answered."""

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.urls import reverse

from accessibility.models import Feedback
from tests.helpers.posts import english  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db
LIST = reverse("admin:accessibility_feedback_changelist")


def receive(at, message="Der Kontrast ist zu schwach.", **fields):
    with time_machine.travel(at, tick=False):
        return Feedback.receive(message=message, **fields)


@pytest.fixture
def queue():
    return {
        "late": receive("2026-10-01 12:00 +02:00", "Video ohne Untertitel", email="a@example.org"),
        "fresh": receive("2026-11-28 12:00 +01:00", "Knopf zu klein"),
        "done": receive("2026-10-05 12:00 +02:00", "Schon erledigt"),
    }


def test_the_queue_opens_on_open_feedback_with_overdue_ones_flagged(press_client, queue):
    queue["done"].mark_answered(None)
    with time_machine.travel("2026-11-05 10:00 +01:00", tick=False):
        html = press_client.get(LIST).content.decode()
    assert "Video ohne Untertitel" in html and "Knopf zu klein" in html
    assert "Schon erledigt" not in html
    assert "overdue by 4 days" in html and 'class="deadline-overdue"' in html
    assert "1 message has not been answered within its deadline." in html
    assert html.index("Video ohne Untertitel") < html.index("Knopf zu klein")


def test_overdue_items_can_be_filtered(press_client, queue):
    with time_machine.travel("2026-11-05 10:00 +01:00", tick=False):
        html = press_client.get(LIST + "?deadline=overdue").content.decode()
    assert "Video ohne Untertitel" in html and "Knopf zu klein" not in html


def test_answered_feedback_shows_under_its_status(press_client, queue):
    queue["done"].mark_answered(None)
    html = press_client.get(LIST + "?status=answered").content.decode()
    assert "Schon erledigt" in html and "Knopf zu klein" not in html


def test_the_answer_goes_to_the_sender_and_closes_the_item(
        press_client, press_officer, queue, django_capture_on_commit_callbacks):
    feedback = queue["late"]
    change = reverse("admin:accessibility_feedback_change", args=[feedback.pk])
    page = press_client.get(change).content.decode()
    assert "Send the answer and mark as answered" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = press_client.post(
            reverse("admin:accessibility_feedback_answer", args=[feedback.pk]),
            {"answer": "Wir haben Untertitel ergänzt.", "how": "send"})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.ANSWERED
    assert feedback.answered_by == press_officer
    assert feedback.answer == "Wir haben Untertitel ergänzt."
    (message,) = mail.outbox
    assert message.to == ["a@example.org"] and "Wir haben Untertitel ergänzt." in message.body
    assert LogEntry.objects.filter(object_id=str(feedback.pk)).exists()


def test_without_an_address_it_is_marked_answered_another_way(
        press_client, queue, django_capture_on_commit_callbacks):
    feedback = queue["fresh"]
    url = reverse("admin:accessibility_feedback_answer", args=[feedback.pk])
    press_client.post(url, {"answer": "x", "how": "send"})
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.OPEN  # no address to send to: nothing changed
    with django_capture_on_commit_callbacks(execute=True):
        press_client.post(url, {"answer": "Am Telefon erklärt.", "how": "elsewhere"})
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.ANSWERED and not mail.outbox


def test_an_empty_answer_is_not_sent(press_client, queue):
    url = reverse("admin:accessibility_feedback_answer", args=[queue["late"].pk])
    press_client.post(url, {"answer": "  ", "how": "send"}, follow=True)
    queue["late"].refresh_from_db()
    assert queue["late"].status == Feedback.Status.OPEN and not mail.outbox


def test_marking_answered_from_the_list(press_client, queue):
    press_client.post(LIST, {"action": "mark_answered_elsewhere",
                             "_selected_action": [queue["late"].pk, queue["fresh"].pk]})
    assert list(Feedback.objects.open()) == [queue["done"]]


def test_what_the_sender_wrote_is_never_edited(press_client, queue):
    feedback = queue["late"]
    change = reverse("admin:accessibility_feedback_change", args=[feedback.pk])
    press_client.post(change, {"message": "Anders", "status": "answered"})
    feedback.refresh_from_db()
    assert feedback.message == "Video ohne Untertitel" and feedback.status == "open"


def test_only_the_press_office_reaches_the_queue(client, citizen, officer, queue):
    client.force_login(citizen)
    assert client.get(LIST).status_code in (302, 403)
    client.force_login(officer.user)
    assert client.get(LIST).status_code in (302, 403)
    url = reverse("admin:accessibility_feedback_answer", args=[queue["late"].pk])
    client.post(url, {"answer": "x", "how": "send"})
    assert Feedback.objects.get(pk=queue["late"].pk).status == Feedback.Status.OPEN


def test_the_admins_history_names_feedback_by_its_reference_not_its_words(
        press_client, queue):
    feedback = queue["late"]
    press_client.post(reverse("admin:accessibility_feedback_answer", args=[feedback.pk]),
                      {"answer": "", "how": "elsewhere"})
    press_client.post(reverse("admin:accessibility_feedback_delete", args=[feedback.pk]),
                      {"post": "yes"})
    assert not Feedback.objects.filter(pk=feedback.pk).exists()
    reprs = set(LogEntry.objects.values_list("object_repr", flat=True))
    assert reprs == {feedback.reference}
