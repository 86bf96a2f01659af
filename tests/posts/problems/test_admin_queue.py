"""The press office's queue of problem reports: claim, resolve with a note (e-mailed to
a reader who left an address), take a recognisable photo offline in one click."""

import pytest
from django.core import mail
from django.urls import reverse

from posts.models import ProblemReport
from tests.conftest import make_user
from tests.helpers.posts import english, make_post  # noqa: F401

pytestmark = pytest.mark.django_db
State = ProblemReport.State


@pytest.fixture
def press(client, press_officer):
    client.force_login(press_officer)
    return client


def report_on(post, **fields):
    return ProblemReport.objects.create(post=post, **{"reason": "wrong", **fields})


def act(client, report, decision, data=None):
    return client.post(reverse("admin:posts_problemreport_act", args=[report.pk, decision]),
                       data or {})


def change_url(report):
    return reverse("admin:posts_problemreport_change", args=[report.pk])


def test_the_queue_shows_what_waits_and_filters_by_reason(press, officer, press_officer):
    post = make_post(officer, caption="Kontrolle am Bahnhof")
    waiting = report_on(post, reason="outdated")
    claimed = report_on(post, reason="recognisable")
    claimed.claim(press_officer)
    done = report_on(post, reason="offensive")
    done.resolve(press_officer, "no_change", "Kein Verstoß.")

    listing = reverse("admin:posts_problemreport_changelist")
    page = press.get(listing).context["cl"].result_list
    assert list(page) == [waiting, claimed]
    assert list(press.get(listing, {"reason__exact": "outdated"}).context["cl"].result_list) \
        == [waiting]
    assert list(press.get(listing, {"queue": "resolved"}).context["cl"].result_list) == [done]


def test_a_citizen_or_an_officer_cannot_open_the_queue(client, officer, citizen):
    report = report_on(make_post(officer))
    for user in (citizen, officer.user):
        client.force_login(user)
        assert client.get(change_url(report)).status_code in (302, 403)
        act(client, report, "claim")
        report.refresh_from_db()
        assert report.state == State.OPEN


def test_claim_then_resolve_without_an_address_sends_no_mail(press, officer, press_officer,
                                                             django_capture_on_commit_callbacks):
    report = report_on(make_post(officer))
    act(press, report, "claim")
    report.refresh_from_db()
    assert (report.state, report.claimed_by) == (State.CLAIMED, press_officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = act(press, report, "resolve", {"outcome": "changed", "note": "Korrigiert."})
    assert response["Location"] == reverse("admin:posts_problemreport_changelist")
    report.refresh_from_db()
    assert (report.state, report.outcome, report.resolution_note, report.resolved_by) == (
        State.RESOLVED, "changed", "Korrigiert.", press_officer)
    assert mail.outbox == []


def test_resolving_tells_the_reader_with_an_address_once(press, officer,
                                                         django_capture_on_commit_callbacks):
    from posts.tasks import send_problem_report_outcome

    report = report_on(make_post(officer), email="leser@example.org", language="de")
    with django_capture_on_commit_callbacks(execute=True):
        act(press, report, "resolve", {"outcome": "changed",
                                       "note": "Wir haben die Angabe korrigiert."})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["leser@example.org"]
    assert message.subject == "Ihre Meldung zu einem Beitrag der Polizei"  # German, "Ihre"
    assert "Wir haben die Angabe korrigiert." in message.body
    assert report.post.get_absolute_url() in message.body
    assert send_problem_report_outcome.call(report.pk) == "skipped"  # never twice
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_the_task_carries_only_the_id(press, officer, settings):
    import json

    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}
    report = report_on(make_post(officer), email="leser@example.org")
    act(press, report, "resolve", {"outcome": "no_change", "note": "Vertrauliche Notiz"})
    stored = json.dumps([r.args_kwargs for r in DBTaskResult.objects.all()])
    assert DBTaskResult.objects.count() == 1
    assert "Vertrauliche Notiz" not in stored and "leser@example.org" not in stored
    assert mail.outbox == []

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    (message,) = mail.outbox
    assert "Vertrauliche Notiz" in message.body


def test_resolving_needs_an_outcome_and_a_note(press, officer):
    report = report_on(make_post(officer))
    for data in ({"outcome": "changed", "note": " "}, {"outcome": "maybe", "note": "x"},
                 {"outcome": "changed", "note": "x" * 2001}):
        act(press, report, "resolve", data)
        report.refresh_from_db()
        assert report.state == State.OPEN


def test_a_report_claimed_by_a_colleague_is_theirs(press, officer, press_officer):
    colleague = make_user("presse2@polizei.example", group="Press office", is_staff=True)
    report = report_on(make_post(officer))
    report.claim(colleague)
    act(press, report, "claim")
    act(press, report, "resolve", {"outcome": "changed", "note": "Erledigt."})
    report.refresh_from_db()
    assert (report.state, report.claimed_by) == (State.CLAIMED, colleague)
    assert "is working on this report" in press.get(change_url(report)).content.decode()


def test_one_click_takes_the_named_photo_offline_and_links_to_redaction(
        press, client, officer, django_capture_on_commit_callbacks):
    post = make_post(officer, photos=2)
    first, second = post.media.all()
    url = second.jpeg(480)["url"]
    report = report_on(post, reason="recognisable", media=second, that_is_me=True)

    page = press.get(change_url(report)).content.decode()
    assert reverse("posts:studio_redact", args=[post.pk, second.pk]) in page
    assert reverse("posts:studio_redact", args=[post.pk, first.pk]) not in page
    with django_capture_on_commit_callbacks(execute=True):
        act(press, report, "take_offline")

    second.refresh_from_db()
    first.refresh_from_db()
    assert second.is_offline and not first.is_offline
    client.logout()
    assert client.get(url).status_code == 404
    assert "Photo temporarily removed" in client.get(post.get_absolute_url()).content.decode()


def test_without_a_named_photo_all_photos_go_offline(press, officer,
                                                     django_capture_on_commit_callbacks):
    post = make_post(officer, photos=2)
    report = report_on(post, reason="recognisable")
    with django_capture_on_commit_callbacks(execute=True):
        act(press, report, "take_offline")
    assert all(item.is_offline for item in post.media.all())


def test_a_report_of_another_reason_takes_nothing_offline(press, officer):
    post = make_post(officer)
    report = report_on(post, reason="outdated")
    assert "take_offline" not in press.get(change_url(report)).content.decode()
    act(press, report, "take_offline")
    assert not post.media.get().is_offline


def test_reports_cannot_be_added_or_deleted(press, officer):
    report = report_on(make_post(officer))
    assert press.get(reverse("admin:posts_problemreport_add")).status_code == 403
    assert press.post(reverse("admin:posts_problemreport_delete", args=[report.pk]),
                      {"post": "yes"}).status_code == 403
    assert ProblemReport.objects.filter(pk=report.pk).exists()
