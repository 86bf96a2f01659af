"""What feedback keeps and for how long: the export and deletion of an account, the
retention job, and the privacy page that says so."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command

from accessibility import privacy, retention
from accessibility.models import Feedback
from accessibility.tasks import apply_feedback_retention
from portal.privacy import delete_account, export_data, privacy_modules
from tests.helpers.posts import english  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db


def answered(at, message="Danke"):
    with time_machine.travel(at, tick=False):
        feedback = Feedback.receive(message=message)
        feedback.mark_answered(None)
    return feedback


def test_answered_feedback_is_deleted_after_its_retention_period(settings):
    settings.ACCESSIBILITY_FEEDBACK_RETENTION_DAYS = 180
    old = answered("2026-01-10 12:00 +01:00", "alt")
    recent = answered("2026-10-10 12:00 +02:00", "neu")
    with time_machine.travel("2025-12-01 12:00 +01:00", tick=False):
        still_open = Feedback.receive(message="noch offen")
    with time_machine.travel("2026-11-01 12:00 +01:00", tick=False):
        assert retention.run(dry_run=True) == 1
        assert Feedback.objects.count() == 3
        assert apply_feedback_retention.call() == 1
    assert set(Feedback.objects.all()) == {recent, still_open}
    assert not Feedback.objects.filter(pk=old.pk).exists()


def test_the_retention_job_is_periodic_and_has_a_dry_run(capsys):
    assert ("accessibility.tasks.apply_feedback_retention", 3600) in settings.PERIODIC_TASKS
    answered("2020-01-10 12:00 +01:00")
    call_command("feedback_retention", "--dry-run")
    assert "Would delete 1" in capsys.readouterr().out
    assert Feedback.objects.count() == 1
    call_command("feedback_retention")
    assert not Feedback.objects.exists()


def test_feedback_sent_while_signed_in_is_exported_and_deleted_with_the_account(citizen):
    Feedback.receive(message="Kontrast zu schwach", sender=citizen, email=citizen.email)
    Feedback.receive(message="Von jemand anderem")
    data = export_data(citizen)
    (item,) = data["accessibility_feedback"]
    assert item["message"] == "Kontrast zu schwach" and item["status"] == "open"
    delete_account(citizen)
    assert list(Feedback.objects.values_list("message", flat=True)) == ["Von jemand anderem"]


def test_the_app_registers_its_privacy_module():
    assert privacy in privacy_modules()


def test_the_privacy_page_says_what_feedback_keeps_and_how_long(client, settings):
    settings.ACCESSIBILITY_FEEDBACK_RETENTION_DAYS = 90
    html = client.get("/privacy/").content.decode()
    section = html[html.index('<h2 id="feedback">'):]
    section = section[:section.index("<h2", 5)]
    assert "90 days after the answer, the message is deleted" in section
    assert "the page you came from" in section and "e-mail address only if you give" in section
    assert "the counter expires after 1 hour" in section
    assert "confirmations per e-mail address (for a day)" in section


def test_an_old_open_message_is_kept_until_it_is_answered():
    with time_machine.travel(datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)):
        Feedback.receive(message="vergessen")
    assert retention.run() == 0 and Feedback.objects.count() == 1
