"""Problem reports are personal data: in the signed-in reporter's export, gone or
emptied when their account goes, and emptied after the retention period."""

import pytest
from django.utils import timezone

from portal.privacy import delete_account, export_data
from posts.models import ProblemReport
from posts.tasks import anonymise_problem_reports
from tests.helpers.posts import english, make_post  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_export_has_the_reports_of_the_signed_in_reporter(citizen, officer):
    post = make_post(officer)
    ProblemReport.objects.create(post=post, reason="recognisable", that_is_me=True,
                                 text="Das bin ich.", email="anna@example.org", reporter=citizen)
    ProblemReport.objects.create(post=post, reason="wrong", text="Von jemand anderem")

    (exported,) = export_data(citizen)["problem_reports"]
    assert exported["reason"] == "recognisable" and exported["text"] == "Das bin ich."
    assert exported["post"] == post.get_absolute_url() and exported["that_is_me"] is True


def test_deleting_the_account_deletes_resolved_reports_and_empties_open_ones(
        citizen, officer, press_officer):
    post = make_post(officer)
    done = ProblemReport.objects.create(post=post, reason="wrong", reporter=citizen,
                                        text="Falsch", email="anna@example.org")
    done.resolve(press_officer, "changed", "Korrigiert.")
    waiting = ProblemReport.objects.create(post=post, reason="recognisable", reporter=citizen,
                                           text="Ich", email="anna@example.org")

    delete_account(citizen)

    assert not ProblemReport.objects.filter(pk=done.pk).exists()
    waiting.refresh_from_db()
    assert (waiting.reporter, waiting.email, waiting.text, waiting.reason) == (
        None, "", "", "recognisable")


def test_address_and_text_go_after_the_retention_period(officer, press_officer, settings):
    settings.PROBLEM_REPORT_RETENTION_DAYS = 30
    post = make_post(officer)
    old, recent, open_one = (
        ProblemReport.objects.create(post=post, reason="wrong", text="Text",
                                     email="leser@example.org") for _ in range(3))
    for report in (old, recent):
        report.resolve(press_officer, "no_change", "Geprüft.")
    ProblemReport.objects.filter(pk=old.pk).update(
        resolved_at=timezone.now() - timezone.timedelta(days=31))

    assert anonymise_problem_reports.call() == 1
    assert anonymise_problem_reports.call() == 0  # once

    old.refresh_from_db()
    assert (old.email, old.text, old.outcome, old.reason) == ("", "", "no_change", "wrong")
    assert old.anonymised_at is not None
    for kept in (recent, open_one):
        kept.refresh_from_db()
        assert kept.email == "leser@example.org" and kept.text == "Text"


def test_the_privacy_page_says_what_a_report_stores_and_for_how_long(client, settings):
    settings.PROBLEM_REPORT_RETENTION_DAYS = 45
    html = " ".join(client.get("/privacy/").content.decode().split())
    assert "Anyone can report a problem with a post" in html
    assert "deleted 45 days after the report is resolved" in html


def test_the_retention_job_is_scheduled(settings):
    assert ("posts.tasks.anonymise_problem_reports", 3600) in settings.PERIODIC_TASKS
