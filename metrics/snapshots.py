"""Computes an officer's figures of one day from the live tables (DailySnapshot)."""

import datetime

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from metrics import sources
from metrics.models import DailySnapshot, DailyViews, FollowChange


def day_bounds(day):
    """[start, end) of a local calendar day as aware datetimes (23 or 25 hours long
    when the clocks change)."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tz)
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, tz)
    return start, end


def _follow_changes(day):
    on_day = {
        row["officer_id"]: (row["gained"], row["lost"])
        for row in FollowChange.objects.filter(date=day).values("officer_id", "gained", "lost")
    }
    after = {
        row["officer_id"]: (row["gained"] or 0, row["lost"] or 0)
        for row in FollowChange.objects.filter(date__gt=day)
        .values("officer_id").annotate(gained=Sum("gained"), lost=Sum("lost")).order_by()
    }
    return on_day, after


def _views(day):
    views = {}
    rows = (
        DailyViews.objects.filter(date=day)
        .values("officer_id", "kind").annotate(n=Sum("count")).order_by()
    )
    for row in rows:
        views[(row["officer_id"], row["kind"])] = row["n"]
    return views


def take(day):
    """Stores the snapshot of `day` for every officer that existed then; run again, it
    overwrites each row with the same values (as long as the live tables are the same).
    Returns the number of rows written."""
    start, end = day_bounds(day)
    followers_now = sources.follower_counts()
    fediverse_now = sources.fediverse_follower_counts()
    changes, changes_after = _follow_changes(day)
    views = _views(day)
    posts = sources.posts_published(start, end)
    likes = sources.likes(start, end)
    fediverse_interactions = sources.fediverse_interactions(start, end)
    comments = sources.comments(start, end)
    received = sources.questions_received(start, end)
    answers = sources.first_answer_seconds(start, end)
    public = sources.public_qas(start, end)

    written = 0
    with transaction.atomic():
        for officer_id in sources.officer_ids(created_before=end):
            gained, lost = changes.get(officer_id, (0, 0))
            gained_after, lost_after = changes_after.get(officer_id, (0, 0))
            # Today's count, minus what changed after that day: the count at its end.
            followers = followers_now.get(officer_id, 0) - gained_after + lost_after
            citizens, officers = comments.get(officer_id, (0, 0))
            seconds = sorted(answers.get(officer_id, []))
            DailySnapshot.objects.update_or_create(
                date=day,
                officer_id=officer_id,
                defaults={
                    "followers": max(0, followers),
                    "followers_gained": gained,
                    "followers_lost": lost,
                    "fediverse_followers": fediverse_now.get(officer_id, 0),
                    "posts_published": posts.get(officer_id, 0),
                    "views_posts": views.get((officer_id, DailyViews.Kind.POST), 0),
                    "views_channel": views.get((officer_id, DailyViews.Kind.CHANNEL), 0),
                    "likes": likes.get(officer_id, 0),
                    "comments_citizens": citizens,
                    "comments_officers": officers,
                    "questions_received": received.get(officer_id, 0),
                    "questions_answered": len(seconds),
                    "response_seconds": seconds,
                    "public_qas": public.get(officer_id, 0),
                    "fediverse_interactions": fediverse_interactions.get(officer_id, 0),
                },
            )
            written += 1
    return written
