"""Demo history for the pilot figures: ten weeks of daily snapshots per officer, so
the charts show something on a fresh demo. Idempotent: the same numbers every run.

The history is made up and ends the day before yesterday. Yesterday and today are
left to the periodic task (take_daily_snapshots), which computes them from the live
demo data, so the last two days show the (much smaller) real demo figures."""

import datetime
import random

from django.utils import timezone

from metrics.models import DailySnapshot

WEEKS = 10
FIELDS = [
    "followers", "followers_gained", "followers_lost", "posts_published", "views_posts",
    "views_channel", "likes", "comments_citizens", "comments_officers",
    "questions_received", "questions_answered", "response_seconds", "public_qas",
]


def history(officer, days, last_day):
    """Made-up but plausible daily figures of `officer`, oldest first: followers grow
    fast in the first weeks of a channel, participation follows the posts."""
    rng = random.Random(officer.handle)  # noqa: S311 (demo numbers, not security)
    followers = rng.randint(40, 120)
    rows = []
    for n in range(days):
        day = last_day - datetime.timedelta(days=days - 1 - n)
        weekend = day.weekday() >= 5
        posts = rng.choices([0, 1, 2], weights=[4, 5, 1] if not weekend else [7, 3, 0])[0]
        gained = max(0, int(rng.gauss(18 - n * 0.12, 5)) + posts * rng.randint(3, 12))
        lost = max(0, int(rng.gauss(2, 1.5)))
        followers += gained - lost
        questions = rng.randint(0, 4)
        answered = min(questions + rng.randint(0, 1), questions + 1)
        seconds = sorted(
            int(rng.lognormvariate(9.2, 0.9)) for _ in range(answered)  # mostly 2–20 h
        )
        rows.append(DailySnapshot(
            date=day, officer=officer, followers=followers, followers_gained=gained,
            followers_lost=lost, posts_published=posts,
            views_posts=posts * rng.randint(150, 600) + rng.randint(40, 200),
            views_channel=rng.randint(30, 160),
            likes=posts * rng.randint(20, 90) + rng.randint(0, 25),
            comments_citizens=posts * rng.randint(1, 9) + rng.randint(0, 3),
            comments_officers=rng.randint(0, 2 + posts),
            questions_received=questions, questions_answered=len(seconds),
            response_seconds=seconds, public_qas=1 if questions and rng.random() < 0.15 else 0,
        ))
    return rows


def create(command, *, officers, citizens, press, **context):
    last_day = timezone.localdate() - datetime.timedelta(days=2)
    rows = [row for officer in officers for row in history(officer, WEEKS * 7, last_day)]
    DailySnapshot.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["date", "officer"], update_fields=FIELDS,
    )
    command.stdout.write(f"Pilot figures: {WEEKS} weeks of history for {len(officers)} officers.")
