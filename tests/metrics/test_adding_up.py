"""The follower figures of any period add up: followers at the start, plus the new,
minus the lost, are the followers at the end; for the demo history and for figures
counted from real follows."""

import datetime
import io

import pytest
from django.utils import timezone

from metrics import demo, snapshots
from metrics.figures import Figures, Period
from metrics.models import DailySnapshot
from officers.models import Follow
from tests.conftest import make_user

from .conftest import DAY, at, travel

ONE_DAY = datetime.timedelta(days=1)


def periods(first, last):
    """Every period of 1, 2, 3, 7, 30 days and longer that fits between first and last,
    and a few that start before the first snapshot."""
    result = []
    for days in (1, 2, 3, 7, 30, 90):
        end = last
        while end - datetime.timedelta(days=days - 1) >= first - 2 * ONE_DAY:
            result.append(Period(end - datetime.timedelta(days=days - 1), end))
            end -= datetime.timedelta(days=max(1, days // 2))
    return result


def check_every_period(first, last):
    snapshots = list(DailySnapshot.objects.for_figures())
    checked = 0
    for period in periods(first, last):
        inside = [s for s in snapshots if period.first <= s.date <= period.last]
        figures = Figures(period, inside)
        rows = figures.per_officer() + [figures.total()]
        for row in rows:
            assert row.followers_start + row.followers_gained - row.followers_lost \
                == row.followers, (period, row.label)
            checked += 1
    assert checked > 20
    return checked


def test_the_demo_history_adds_up_and_ends_at_the_real_figures(officer, colleague, citizen,
                                                              press_officer):
    for i in range(25):
        Follow.objects.create(user=make_user(f"fan{i}@example.org"), officer=officer)
    Follow.objects.create(user=citizen, officer=colleague)

    class Command:
        stdout = io.StringIO()

    demo.create(Command(), officers=[officer, colleague], citizens=[citizen], press=press_officer)
    today = timezone.localdate()
    check_every_period(today - datetime.timedelta(days=69 + 2), today)
    last_week = Figures(Period.last_days(7, today),
                        DailySnapshot.objects.between(today - 6 * ONE_DAY, today).for_figures())
    ends = {row.officer: row.followers for row in last_week.per_officer()}
    assert ends == {officer: 25, colleague: 1}
    assert last_week.total().followers == Follow.objects.count()


def test_figures_counted_from_real_follows_add_up(officer, colleague, citizen, other_citizen):
    people = [citizen, other_citizen] + [make_user(f"p{i}@example.org") for i in range(4)]
    days = [DAY + n * ONE_DAY for n in range(6)]
    # Follows and unfollows on several days, some within one day.
    plan = [
        (0, 9, "follow", 0, officer), (0, 10, "follow", 1, officer),
        (0, 11, "follow", 2, colleague),
        (1, 9, "unfollow", 0, officer), (1, 12, "follow", 3, officer),
        (2, 8, "follow", 4, officer), (2, 9, "unfollow", 4, officer), (2, 10, "follow", 0, officer),
        (4, 15, "unfollow", 1, officer), (4, 16, "follow", 5, colleague),
        (5, 9, "unfollow", 2, colleague),
    ]
    for day, hour, action, who, channel in plan:
        with travel(at(days[day], hour)):
            if action == "follow":
                Follow.objects.create(user=people[who], officer=channel)
            else:
                Follow.objects.get(user=people[who], officer=channel).delete()
    with travel(at(days[-1], 23, 30)):
        for day in days:
            snapshots.take(day)
    check_every_period(days[0], days[-1])
    assert DailySnapshot.objects.get(date=days[-1], officer=officer).followers == 2


@pytest.mark.parametrize("period_days", [7, 30])
def test_the_summary_shows_the_start_next_to_new_lost_and_end(client, press_officer, officer,
                                                              period_days):
    from .conftest import snap

    with travel(at(DAY, 15)):
        snap(officer, DAY - ONE_DAY, followers=104, followers_gained=6, followers_lost=2)
        snap(officer, DAY, followers=110, followers_gained=7, followers_lost=1)
        client.force_login(press_officer)
        response = client.get("/admin/metrics/pilotfigures/", {"period": str(period_days)})
    html = response.content.decode()
    row = html[html.index('data-officer="isabel_polizeikl"'):]
    cells = [c.split("</td>")[0] for c in row.split("<td>")[1:5]]
    assert cells == ["100", "13", "3", "110"]
    assert "Followers at the start" in html
