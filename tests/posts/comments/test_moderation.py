"""The press office moderates: hide, restore, delete, reports, mute, close comments."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from posts.models import BlockedWord, Comment, CommentReport, Post
from tests.conftest import make_user
from tests.helpers.comments import FETCH, comment_on


def report(client, comment, reason="insult"):
    return client.post(f"/comments/{comment.pk}/report/", {"reason": reason}, **FETCH)


@pytest.fixture
def comment(post, citizen):
    return comment_on(post, citizen, "Ein ganz normaler Kommentar")


# The transitions -------------------------------------------------------------------

def test_the_press_office_hides_and_restores(comment, press_officer, post):
    assert comment.hide(press_officer, "Beleidigung")
    assert comment.state == Comment.State.HIDDEN
    assert comment.moderated_by == press_officer
    post.refresh_from_db()
    assert post.comment_count == 0
    assert comment.restore(press_officer)
    assert comment.state == Comment.State.VISIBLE
    post.refresh_from_db()
    assert post.comment_count == 1


def test_the_press_office_deletes_the_text(comment, press_officer, post):
    assert comment.delete_by(press_officer, "Drohung")
    comment.refresh_from_db()
    assert comment.state == Comment.State.DELETED
    assert comment.body == ""
    assert comment.moderation_note == "Drohung"
    assert not comment.restore(press_officer)  # deleted is final


@pytest.mark.parametrize("who", ["citizen", "other_citizen", "officer"])
def test_only_the_press_office_moderates(comment, request, who):
    user = request.getfixturevalue(who)
    user = getattr(user, "user", user)
    with pytest.raises(PermissionDenied):
        comment.hide(user)
    with pytest.raises(PermissionDenied):
        comment.restore(user)


def test_hiding_twice_counts_once(comment, press_officer, post):
    comment.hide(press_officer)
    comment.hide(press_officer)
    post.refresh_from_db()
    assert post.comment_count == 0


def test_a_hidden_comment_shows_only_to_its_author_marked_hidden(client, comment, citizen,
                                                                 other_citizen, press_officer,
                                                                 post):
    comment.hide(press_officer)
    client.force_login(other_citizen)
    assert "Ein ganz normaler Kommentar" not in client.get(post.get_absolute_url()).content.decode()
    client.force_login(citizen)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Ein ganz normaler Kommentar" in html
    assert "The press office has hidden this comment." in html


# Reports ---------------------------------------------------------------------------

def test_a_citizen_reports_a_comment(client, comment, other_citizen):
    client.force_login(other_citizen)
    response = report(client, comment)
    assert response.status_code == 200
    assert "press office will look" in response.content.decode()
    comment.refresh_from_db()
    assert comment.report_count == 1
    assert comment.needs_review
    assert comment.state == Comment.State.VISIBLE


def test_reporting_twice_counts_once(client, comment, other_citizen):
    client.force_login(other_citizen)
    report(client, comment)
    report(client, comment)
    comment.refresh_from_db()
    assert comment.report_count == 1
    assert CommentReport.objects.count() == 1


def test_nobody_reports_their_own_comment(citizen_client, comment):
    assert report(citizen_client, comment).status_code == 409
    assert not CommentReport.objects.exists()


def test_enough_reports_hide_the_comment_until_reviewed(client, comment, post, settings,
                                                       press_officer):
    assert settings.COMMENT_REPORTS_TO_HIDE == 3
    reporters = [make_user(f"melder{i}@example.org") for i in range(3)]
    for i, reporter in enumerate(reporters):
        client.force_login(reporter)
        report(client, comment)
        comment.refresh_from_db()
        assert comment.state == (Comment.State.HIDDEN if i == 2 else Comment.State.VISIBLE)
    assert comment.held_reason == Comment.HeldReason.REPORTED
    assert comment.needs_review
    post.refresh_from_db()
    assert post.comment_count == 0
    # The press office finds it harmless: shown again, reports resolved, out of the queue.
    comment.restore(press_officer)
    comment.refresh_from_db()
    assert comment.state == Comment.State.VISIBLE
    assert not comment.needs_review
    assert comment.report_count == 0
    assert not CommentReport.objects.filter(resolved_at__isnull=True).exists()


def test_the_threshold_is_a_setting(client, comment, other_citizen, settings):
    settings.COMMENT_REPORTS_TO_HIDE = 1
    client.force_login(other_citizen)
    report(client, comment)
    comment.refresh_from_db()
    assert comment.state == Comment.State.HIDDEN


def test_reports_are_rate_limited(client, post, citizen, other_citizen, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report": "1/h"}
    first, second = comment_on(post, citizen, "eins"), comment_on(post, citizen, "zwei")
    client.force_login(other_citizen)
    assert report(client, first).status_code == 200
    assert report(client, second).status_code == 429
    assert CommentReport.objects.count() == 1


def test_an_unverified_citizen_cannot_report(client, comment):
    client.force_login(make_user("neu@example.org", verified=False))
    assert report(client, comment).status_code == 403


# The admin -------------------------------------------------------------------------

CHANGELIST = "/admin/posts/comment/"


def test_the_queue_shows_held_and_reported_comments_oldest_first(client, press_officer, post,
                                                                citizen, other_citizen):
    comment_on(post, citizen, "Unauffällig")
    held = comment_on(post, citizen, "Ruf an: 0151 23456789")
    reported = comment_on(post, citizen, "Gemeldet")
    reported.report(other_citizen, CommentReport.Reason.INSULT)
    client.force_login(press_officer)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert shown == [held, reported]


def test_the_press_office_hides_with_an_action(client, press_officer, comment, post):
    client.force_login(press_officer)
    response = client.post(CHANGELIST + "?queue=all", {
        "action": "hide", "_selected_action": [comment.pk],
    }, follow=True)
    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.state == Comment.State.HIDDEN
    assert "1 comment hidden." in response.content.decode()


@pytest.mark.parametrize("action, state", [("restore", Comment.State.VISIBLE),
                                           ("delete_text", Comment.State.DELETED)])
def test_the_press_office_restores_and_deletes_with_actions(client, press_officer, post,
                                                           citizen, action, state):
    held = comment_on(post, citizen, "Ruf an: 0151 23456789")
    client.force_login(press_officer)
    client.post(CHANGELIST, {"action": action, "_selected_action": [held.pk]})
    held.refresh_from_db()
    assert held.state == state
    assert not held.needs_review


def test_the_press_office_mutes_an_author(client, press_officer, comment, citizen, post):
    client.force_login(press_officer)
    client.post(CHANGELIST + "?queue=all", {"action": "mute_authors",
                                            "_selected_action": [comment.pk]})
    citizen.refresh_from_db()
    assert citizen.is_muted
    client.force_login(citizen)
    assert client.post(f"/@{post.officer.handle}/{post.pk}/comments/", {"body": "x"},
                       **FETCH).status_code == 403


def test_the_press_office_unmutes_in_the_user_admin(client, press_officer, citizen):
    citizen.mute("Test")
    client.force_login(press_officer)
    response = client.get("/admin/portal/user/")
    assert response.status_code == 200
    client.post("/admin/portal/user/", {"action": "unmute", "_selected_action": [citizen.pk]})
    citizen.refresh_from_db()
    assert not citizen.is_muted


def test_the_press_office_cannot_change_users_otherwise(client, press_officer, citizen):
    client.force_login(press_officer)
    url = f"/admin/portal/user/{citizen.pk}/change/"
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="is_staff"' not in response.content.decode()
    client.post(url, {"email": citizen.email, "is_staff": "on", "is_superuser": "on"})
    citizen.refresh_from_db()
    assert not citizen.is_staff and not citizen.is_superuser


def test_the_press_office_closes_comments_on_a_post(client, press_officer, comment, post):
    client.force_login(press_officer)
    client.post(CHANGELIST + "?queue=all", {"action": "close_post_comments",
                                            "_selected_action": [comment.pk]})
    post.refresh_from_db()
    assert post.comments_closed


def test_the_press_office_keeps_the_blocked_words(client, press_officer):
    client.force_login(press_officer)
    response = client.post("/admin/posts/blockedword/add/", {"word": "  Vollpfosten  "})
    assert response.status_code == 302
    assert BlockedWord.objects.get().word == "vollpfosten"


def test_citizens_and_officers_have_no_moderation_admin(client, citizen, officer):
    for user in (citizen, officer.user):
        client.force_login(user)
        response = client.get(CHANGELIST)
        assert response.status_code == 403


def test_the_press_office_role_has_the_moderation_permissions(press_officer):
    for permission in ("posts.change_comment", "posts.add_blockedword", "portal.mute_user",
                       "portal.view_user"):
        assert press_officer.has_perm(permission), permission
    assert not press_officer.has_perm("portal.change_user")
    assert not press_officer.has_perm("posts.delete_comment")


def test_closing_comments_is_offered_to_the_post_admin(rf, press_officer, post):
    from posts.admin.comments import close_comments, open_comments

    class Recorder:
        def message_user(self, request, message, level=None):
            self.message = message

    recorder = Recorder()
    close_comments(recorder, rf.post("/"), Post.objects.filter(pk=post.pk))
    post.refresh_from_db()
    assert post.comments_closed
    open_comments(recorder, rf.post("/"), Post.objects.filter(pk=post.pk))
    post.refresh_from_db()
    assert not post.comments_closed


def test_the_admin_lists_comments_in_a_fixed_number_of_queries(client, press_officer, post,
                                                               citizen,
                                                               django_assert_max_num_queries):
    for i in range(3):
        comment_on(post, citizen, f"Ruf an: 0151 2345678{i}")
    client.force_login(press_officer)
    with CaptureQueriesContext(connection) as few:
        client.get(CHANGELIST)
    for i in range(10):
        comment_on(post, make_user(f"b{i}@example.org"), f"Ruf an: 0151 3345678{i}")
    with django_assert_max_num_queries(len(few)):
        client.get(CHANGELIST)

