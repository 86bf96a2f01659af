"""The figures as CSV for the evaluation report: one row per officer and day.

Columns (fixed; new ones are only ever added at the end):

    date                      day, YYYY-MM-DD (local time, Europe/Berlin)
    officer                   the officer's handle
    followers                 followers at the end of the day
    followers_new             follows made that day
    followers_lost            follows undone that day (also by deleted accounts)
    posts_published           posts published that day
    views_posts               views of the officer's post pages (bots left out)
    views_channel             views of the channel page (bots left out)
    likes                     likes given that day to the officer's posts
    comments_citizens         comments by citizens on the officer's posts
    comments_officers         comments by officers and the press office
    questions_received        questions asked that day
    questions_answered        questions first answered that day
    response_median_hours     median time from question to first answer, hours;
                              empty when nothing was answered
    response_p90_hours        90th percentile of the same, hours (linear between ranks,
                              as the inbox figures)
    answered_within_target    answers given within settings.INBOX_TARGET_HOURS
    answered_within_target_share  that as a share of questions_answered (0 to 1)
    public_qas                questions and answers made public that day
    fediverse_followers       followers on other servers (Mastodon & co.) at the end of
                              the day, their own number (not in `followers`)
    fediverse_interactions    likes and boosts from other servers received that day by
                              the officer's posts, their own number (not in `likes`)

Numbers use a dot as decimal separator, whatever the interface language.
"""

import csv

from django.http import HttpResponse

COLUMNS = [
    "date", "officer", "followers", "followers_new", "followers_lost", "posts_published",
    "views_posts", "views_channel", "likes", "comments_citizens", "comments_officers",
    "questions_received", "questions_answered", "response_median_hours",
    "response_p90_hours", "answered_within_target", "answered_within_target_share",
    "public_qas", "fediverse_followers", "fediverse_interactions",
]


def _hours(seconds):
    return "" if seconds is None else f"{seconds / 3600:.2f}"


def row(snapshot):
    answered = len(snapshot.response_seconds)
    within = snapshot.answered_within_target
    return [
        snapshot.date.isoformat(), snapshot.officer.handle, snapshot.followers,
        snapshot.followers_gained, snapshot.followers_lost, snapshot.posts_published,
        snapshot.views_posts, snapshot.views_channel, snapshot.likes,
        snapshot.comments_citizens, snapshot.comments_officers,
        snapshot.questions_received, snapshot.questions_answered,
        _hours(snapshot.response_median), _hours(snapshot.response_p90),
        within, f"{within / answered:.3f}" if answered else "", snapshot.public_qas,
        snapshot.fediverse_followers, snapshot.fediverse_interactions,
    ]


def csv_response(snapshots, filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    for snapshot in snapshots:
        writer.writerow(row(snapshot))
    return response
