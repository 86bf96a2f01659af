"""The demo command creates weeks of history, the same on every run, that ends at the
real figures of the demo."""

import io

from django.core.management import call_command

from metrics import demo
from metrics.models import DailySnapshot
from officers.models import Follow
from portal.discovery import app_modules
from tests.conftest import make_user


class Command:
    stdout = io.StringIO()


def follow_by_many(officer, n):
    for i in range(n):
        Follow.objects.create(user=make_user(f"fan{officer.pk}-{i}@example.org"), officer=officer)


def test_it_creates_ten_weeks_of_history_idempotently(officer, colleague, citizen, press_officer):
    from posts import demo as posts_demo

    modules = app_modules("demo")
    assert modules.index(demo) > modules.index(posts_demo)  # after the follows are made
    follow_by_many(officer, 12)
    follow_by_many(colleague, 3)
    demo.create(Command(), officers=[officer, colleague], citizens=[citizen], press=press_officer)
    first = list(DailySnapshot.objects.order_by("date", "officer").values())
    demo.create(Command(), officers=[officer, colleague], citizens=[citizen], press=press_officer)
    again = list(DailySnapshot.objects.order_by("date", "officer").values())
    # Ten weeks made up, yesterday and today counted from the live tables.
    assert len(first) == 2 * (70 + 2)

    def same(rows):
        return [{**r, "computed_at": None} for r in rows]

    assert same(first) == same(again)
    for row in first:
        assert row["questions_answered"] == len(row["response_seconds"])
    isabel = [r for r in first if r["officer_id"] == officer.pk]
    assert isabel[-1]["followers"] > isabel[0]["followers"]  # the channel grows
    # ... and ends exactly at the real count, on the last made-up day as today.
    assert isabel[-3]["followers"] == isabel[-1]["followers"] == 12
    assert [r["followers"] for r in first if r["officer_id"] == colleague.pk][-1] == 3


def test_the_demo_command_runs_it(db, settings, monkeypatch):
    from officers import demo as officers_demo
    from portal.management.commands import demo as command

    # The channels and ours alone.
    monkeypatch.setattr(command, "app_modules", lambda name: [officers_demo, demo])
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    assert DailySnapshot.objects.values("officer").distinct().count() == 2
