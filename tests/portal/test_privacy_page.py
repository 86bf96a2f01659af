"""The privacy page says what is stored and for how long, with the periods the settings
set; the promises it makes that are not pinned elsewhere are pinned here.

Pinned elsewhere: deletion (tests/portal/accounts/test_delete_account.py), inbox retention and
the access log (tests/inbox/test_retention.py), expired sessions and task records
(tests/portal/test_housekeeping.py), view counting (tests/metrics/test_counting.py)."""

import pytest

from posts.models import CommentReport
from tests.helpers.comments import comment_on, publish


def privacy_page(client):
    response = client.get("/privacy/")
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


@pytest.mark.django_db
def test_it_names_each_kind_of_record_with_its_period(client):
    html = privacy_page(client)
    for promise in (
        "When you report a comment, we store which comment, your account, the reason",
        "is held for review: only you can see it until the press office",
        "If the press office mutes an account, we store since when and an internal note",
        "Whenever someone else from the police opens it",
        "To confirm your address we send you a link that is valid for 3 days.",
        "You stay signed in for 14 days unless you sign out.",
        "is deleted 1 day after sending.",
        "must protect their accounts with a second factor",
        "without IP address, cookie or user id.",
        "after 1 hour at the latest.",
        "for 365 days. It holds nothing but the language.",
        "An answered conversation closes when nobody has written in it for 30 days; so "
        "does one the officer can no longer answer because the channel was closed.",
        "Questions and answers are deleted 180 days after a conversation is closed",
        # tests/posts/media/test_offline.py pins it.
        "its files are removed from the public addresses at once. A copy your browser "
        "already loaded may stay in its cache for up to 60 minutes.",
    ):
        assert promise in html, promise


@pytest.mark.django_db
def test_the_periods_follow_the_settings(client, settings):
    settings.SESSION_COOKIE_AGE = 24 * 60 * 60
    settings.INBOX_RETENTION_DAYS = 90
    settings.TASK_RESULTS_KEEP_DAYS = 7
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "question": "5/d"}
    html = privacy_page(client)
    assert "You stay signed in for 1 day unless you sign out." in html
    assert "Questions and answers are deleted 90 days after" in html
    assert "is deleted 7 days after sending." in html
    assert "after 24 hours at the latest." in html


def test_a_report_is_kept_after_review_and_the_press_office_does_not_see_who_reported(
        client, press_officer, officer, citizen, other_citizen):
    post = publish(officer)
    comment = comment_on(post, other_citizen, "Ein Kommentar")
    comment.report(citizen, CommentReport.Reason.SPAM)
    comment.hide(press_officer, "Spam")
    report = CommentReport.objects.get()
    assert report.resolved_at is not None  # marked as reviewed, not deleted
    client.force_login(press_officer)
    html = client.get(f"/admin/posts/comment/{comment.pk}/change/").content.decode()
    assert "Spam or advertising" in html
    assert citizen.email not in html and "Anna" not in html


@pytest.mark.django_db
def test_the_page_is_german_by_default(client, settings):
    settings.LANGUAGE_CODE = "de"
    html = privacy_page(client)
    assert "<h1>Datenschutz</h1>" in html
    assert "Sie bleiben 14 Tage lang angemeldet" in html
    assert "Wenn Sie einen Kommentar melden" in html
