"""Demo history for the pilot figures: ten weeks of daily snapshots per officer, so
the charts show something on a fresh demo. Idempotent: the same numbers every run
(as long as the demo's follows are the same).

Runs after the other demo modules and ends exactly at today's real figures: the
demo's follows, all made a moment ago, are spread over the made-up weeks (as
FollowChange rows, the same record the live counting keeps), so the follower curve
climbs to the real count and every period adds up (start + new - lost = end).
Yesterday and today are then computed from the live tables, as the periodic task
(take_daily_snapshots) does."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from metrics import snapshots, sources
from metrics.models import DailySnapshot, FollowChange

WEEKS = 10
FIELDS = [
    "followers", "followers_gained", "followers_lost", "posts_published", "views_posts",
    "views_channel", "likes", "comments_citizens", "comments_officers",
    "questions_received", "questions_answered", "response_seconds", "public_qas",
]


def follow_changes(rng, days, followers):
    """[(gained, lost)] per day, oldest first, from no follower to `followers` at the
    end: each follower arrives on some day (more often early and on posting days), and
    a few more come and go again."""
    weights = [max(0.2, 3 - n * 0.03) for n in range(days)]
    gained, lost = [0] * days, [0] * days
    for day in rng.choices(range(days), weights=weights, k=followers):
        gained[day] += 1
    for _ in range(followers // 5):
        came = rng.choices(range(days), weights=weights)[0]
        went = rng.randint(came, days - 1)
        gained[came] += 1
        lost[went] += 1
    return list(zip(gained, lost, strict=True))


def history(officer, days, last_day, followers_at_end):
    """Made-up but plausible daily figures of `officer`, oldest first, with the
    followers at the end of `last_day` as given; participation follows the posts."""
    rng = random.Random(officer.handle)  # noqa: S311 (demo numbers, not security)
    changes = follow_changes(rng, days, followers_at_end)
    followers = 0
    rows = []
    for n, (gained, lost) in enumerate(changes):
        day = last_day - datetime.timedelta(days=days - 1 - n)
        weekend = day.weekday() >= 5
        posts = rng.choices([0, 1, 2], weights=[4, 5, 1] if not weekend else [7, 3, 0])[0]
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
    today = timezone.localdate()
    last_day = today - datetime.timedelta(days=2)
    first_day = last_day - datetime.timedelta(days=WEEKS * 7 - 1)
    ids = [officer.pk for officer in officers]
    now = sources.follower_counts()
    with transaction.atomic():
        # The demo's follows, made just now, move into the history.
        FollowChange.objects.filter(officer_id__in=ids, date__gte=first_day).delete()
        rows = [row for officer in officers
                for row in history(officer, WEEKS * 7, last_day, now.get(officer.pk, 0))]
        DailySnapshot.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["date", "officer"],
            update_fields=FIELDS,
        )
        FollowChange.objects.bulk_create([
            FollowChange(date=row.date, officer_id=row.officer.pk,
                         gained=row.followers_gained, lost=row.followers_lost)
            for row in rows if row.followers_gained or row.followers_lost
        ])
        for day in (today - datetime.timedelta(days=1), today):
            snapshots.take(day)
    command.stdout.write(f"Pilot figures: {WEEKS} weeks of history for {len(officers)} officers.")
