"""The demo command creates weeks of history, the same on every run."""

import io

from django.core.management import call_command

from metrics import demo
from metrics.models import DailySnapshot
from portal.discovery import app_modules


class Command:
    stdout = io.StringIO()


def test_it_creates_ten_weeks_of_history_idempotently(officer, colleague, citizen, press_officer):
    assert demo in app_modules("demo")
    demo.create(Command(), officers=[officer, colleague], citizens=[citizen], press=press_officer)
    first = list(DailySnapshot.objects.order_by("date", "officer").values())
    demo.create(Command(), officers=[officer, colleague], citizens=[citizen], press=press_officer)
    again = list(DailySnapshot.objects.order_by("date", "officer").values())
    assert len(first) == 2 * 70
    def same(rows):
        return [{**r, "computed_at": None} for r in rows]

    assert same(first) == same(again)
    for row in first:
        assert row["questions_answered"] == len(row["response_seconds"])
    isabel = [r for r in first if r["officer_id"] == officer.pk]
    assert isabel[-1]["followers"] > isabel[0]["followers"]  # the channel grows


def test_the_demo_command_runs_it(db, settings, monkeypatch):
    from officers import demo as officers_demo
    from portal.management.commands import demo as command

    # The channels and ours alone.
    monkeypatch.setattr(command, "app_modules", lambda name: [officers_demo, demo])
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    assert DailySnapshot.objects.values("officer").distinct().count() == 2
