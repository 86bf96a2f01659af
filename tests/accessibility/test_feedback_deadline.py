"""A month to answer (BITV 2.0 § 7): counted in calendar months, shown, and flagged when
it has passed."""

import datetime

import pytest
import time_machine

from accessibility.models import Feedback
from accessibility.models.feedback import add_months, answer_deadline

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("day", "expected"), [
    ("2026-03-18", "2026-04-18"),
    ("2026-01-31", "2026-02-28"),
    ("2028-01-31", "2028-02-29"),
    ("2026-12-04", "2027-01-04"),
    ("2026-08-31", "2026-09-30"),
])
def test_a_month_ends_on_the_day_of_the_same_number_or_the_months_last(day, expected):
    assert str(add_months(datetime.date.fromisoformat(day), 1)) == expected


def test_the_deadline_counts_from_the_local_day_of_receipt(settings):
    # 23:30 UTC on 31 March is already 1 April in Kaiserslautern.
    received = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC)
    assert str(answer_deadline(received)) == "2026-05-01"
    settings.ACCESSIBILITY_FEEDBACK_ANSWER_MONTHS = 2
    assert str(answer_deadline(received)) == "2026-06-01"


def receive(at, **fields):
    with time_machine.travel(at, tick=False):
        return Feedback.receive(message="Der Kontrast ist zu schwach.", **fields)


def test_overdue_is_open_feedback_past_its_last_day():
    late = receive("2026-10-01 12:00 +02:00")
    on_time = receive("2026-11-20 12:00 +01:00")
    answered = receive("2026-10-02 12:00 +02:00")
    answered.mark_answered(None)
    with time_machine.travel("2026-11-02 09:00 +01:00", tick=False):
        assert list(Feedback.objects.overdue()) == [late]
        assert late.is_overdue and not on_time.is_overdue and not answered.is_overdue
    with time_machine.travel("2026-11-01 23:00 +01:00", tick=False):
        assert not Feedback.objects.overdue().exists()  # its last day is not over yet


def test_due_soon_is_open_feedback_due_within_the_week():
    soon = receive("2026-10-28 12:00 +01:00")
    later = receive("2026-11-20 12:00 +01:00")
    with time_machine.travel("2026-11-25 12:00 +01:00", tick=False):
        assert list(Feedback.objects.due_soon(7)) == [soon]
        assert later not in Feedback.objects.due_soon(7)


def test_feedback_can_be_answered_once():
    feedback = receive("2026-11-20 12:00 +01:00")
    feedback.mark_answered(None, "Danke, ist behoben.")
    assert feedback.status == Feedback.Status.ANSWERED and feedback.answered_at
    with pytest.raises(Exception, match="answered already"):
        feedback.mark_answered(None)


def test_the_reference_names_year_and_number():
    feedback = receive("2026-11-20 12:00 +01:00")
    assert feedback.reference == f"BF-2026-{feedback.pk:05d}"
