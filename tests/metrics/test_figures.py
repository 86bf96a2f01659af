"""Figures of a period, summed from the daily snapshots."""

import datetime

import pytest

from metrics.figures import Figures, Period
from metrics.models import DailySnapshot

from .conftest import DAY

HOUR = 3600


def figures(first, last):
    period = Period(first, last)
    return Figures(period, DailySnapshot.objects.between(first, last).for_figures())


def test_it_sums_a_period_per_officer_and_in_total(officer, colleague, history):
    result = figures(DAY - datetime.timedelta(days=2), DAY)
    isabel, felix = sorted(result.per_officer(), key=lambda r: r.label, reverse=True)
    assert isabel.officer == officer and felix.officer == colleague
    assert (isabel.followers, isabel.followers_gained, isabel.followers_lost) == (110, 23, 4)
    assert isabel.followers_change == 19
    assert (isabel.posts_published, isabel.views_posts, isabel.views_channel) == (3, 920, 110)
    assert (isabel.likes, isabel.comments_citizens, isabel.comments_officers) == (100, 13, 4)
    assert (isabel.questions_received, isabel.questions_answered, isabel.public_qas) == (6, 5, 1)
    # Over the whole period: 0.5 h, 1 h, 2 h, 10 h, 27.8 h.
    assert isabel.response_median == 2 * HOUR
    assert isabel.response_p90 == pytest.approx(36000 + (100000 - 36000) * 0.6)
    assert isabel.answered_within_target == 4
    assert isabel.within_target_percent == 80
    total = result.total()
    assert (total.followers, total.followers_gained, total.followers_lost) == (158, 73, 6)
    assert (total.likes, total.comments_citizens, total.views) == (101, 14, 1035)
    assert total.response_median == 2 * HOUR


def test_a_shorter_period_counts_only_its_days(officer, history):
    row, = [r for r in figures(DAY, DAY).per_officer() if r.officer == officer]
    assert (row.followers, row.followers_gained, row.likes) == (110, 7, 70)
    assert row.response_seconds == [1800, 100000]


def test_followers_per_day_and_weeks(officer, colleague, history):
    result = figures(DAY - datetime.timedelta(days=2), DAY)
    dates, series, total = result.followers_by_day()
    assert series[officer] == [100, 104, 110]
    assert series[colleague] == [None, 50, 48]
    assert total == [100, 154, 158]
    # DAY is a Tuesday: Sunday, Monday and Tuesday lie in two weeks.
    weeks = result.weeks()
    assert [monday.weekday() for monday, _t in weeks] == [0, 0]
    assert [t.likes for _m, t in weeks] == [25, 76]


def test_no_answers_give_no_response_time(officer):
    result = figures(DAY, DAY)
    assert result.total().response_median is None
    assert result.total().within_target_share is None
