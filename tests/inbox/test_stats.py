"""Response-time figures per officer from known data."""

import datetime

import pytest
import time_machine

from inbox import stats
from inbox.models import Conversation
from tests.inbox.conftest import at

H = datetime.timedelta(hours=1)
MONDAY_8 = at(2026, 3, 2, 8)


def answered_after(citizen, officer, hours, asked=MONDAY_8):
    with time_machine.travel(asked, tick=False):
        c = Conversation.start(citizen=citizen, officer=officer, subject="q", body="?")
    if hours is not None:
        with time_machine.travel(asked + hours * H, tick=False):
            c.answer(officer.user, "!")
    return c


def test_percentile_interpolates_between_the_nearest_ranks():
    values = list(range(1, 11))
    assert stats.percentile(values, 50) == 5.5
    assert stats.percentile(values, 90) == pytest.approx(9.1)
    assert stats.percentile([7], 90) == 7
    assert stats.percentile([], 50) is None


@pytest.mark.django_db
def test_it_computes_median_and_90th_percentile_per_officer(citizen, officer, colleague):
    for hours in range(1, 11):  # answered after 1, 2, … 10 hours
        answered_after(citizen, officer, hours)
    answered_after(citizen, officer, None)  # still waiting
    answered_after(citizen, colleague, 4)
    answered_after(citizen, colleague, 2)
    rows = stats.response_times(at(2026, 3, 1), at(2026, 3, 3))
    felix, isabel = rows
    assert isabel["officer"] == officer
    assert (isabel["asked"], isabel["answered"], isabel["waiting"]) == (11, 10, 1)
    assert isabel["median"] == 5.5 * H
    assert isabel["p90"] == 9.1 * H
    assert felix["officer"] == colleague
    assert (felix["median"], felix["p90"]) == (3 * H, 3.8 * H)


@pytest.mark.django_db
def test_it_ignores_automatic_replies_and_questions_outside_the_period(citizen, officer):
    import datetime as dt

    from inbox.models import DutyHours

    DutyHours.objects.create(officer=officer, weekday=0, start=dt.time(9), end=dt.time(10))
    answered_after(citizen, officer, 30, asked=at(2026, 3, 2, 20))  # gets an automatic reply
    answered_after(citizen, officer, 1, asked=at(2026, 2, 1, 9))  # outside the period
    [row] = stats.response_times(at(2026, 3, 1), at(2026, 3, 3))
    assert row["asked"] == 1
    assert row["median"] == 30 * H


@pytest.mark.django_db
def test_it_has_no_figures_without_answers(citizen, officer):
    answered_after(citizen, officer, None)
    [row] = stats.response_times(at(2026, 3, 1), at(2026, 3, 3))
    assert row["median"] is None and row["p90"] is None and row["waiting"] == 1
