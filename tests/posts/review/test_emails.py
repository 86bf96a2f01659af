"""The officer hears from the press office by e-mail: published, changes requested,
rejected, withdrawn from public."""

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from posts import workflow
from tests.helpers.review import approve, make_checklist, make_post

NOTE = "Bitte das Kennzeichen verpixeln & neu einreichen."


@pytest.fixture(autouse=True)
def checklist(db):
    return make_checklist()


@pytest.fixture
def submitted(officer):
    post = make_post(officer, caption="Verkehrskontrolle an der B 270")
    workflow.submit(post, officer.user)
    return post


def only_mail():
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    return message, html


def test_it_tells_the_officer_that_changes_are_requested(
    submitted, press_officer, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.request_changes(submitted, press_officer, NOTE)

    message, html = only_mail()
    assert message.to == [officer.user.email]
    assert "Änderungen" in message.subject or "changes" in message.subject
    assert NOTE in message.body  # plain text: not HTML-escaped
    assert "Verkehrskontrolle an der B 270" in message.body
    assert "http://127.0.0.1:8000/studio/" in message.body
    assert 'href="http://127.0.0.1:8000/studio/"' in html
    assert "verpixeln &amp; neu" in html


def test_it_tells_the_officer_that_the_post_is_published(
    submitted, press_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approve(submitted, press_officer)

    message, html = only_mail()
    assert submitted.get_absolute_url() in message.body
    assert "/studio/" in html


def test_it_tells_the_officer_of_a_rejection_with_the_reason(
    submitted, press_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.reject(submitted, press_officer, "Zeigt Ermittlungsdetails.")

    message, _ = only_mail()
    assert "Zeigt Ermittlungsdetails." in message.body


def test_it_tells_the_officer_when_a_post_is_taken_off_the_public_pages(
    submitted, press_officer, django_capture_on_commit_callbacks
):
    approve(submitted, press_officer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(submitted, press_officer, "Person erkennbar.")

    message, _ = only_mail()
    assert "Person erkennbar." in message.body


def test_it_mails_a_scheduled_post_when_it_goes_public_not_when_approved(
    submitted, press_officer, django_capture_on_commit_callbacks
):
    at = timezone.now() + timezone.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        approve(submitted, press_officer, publish_at=at)
    assert mail.outbox == []

    with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
        workflow.publish_due()
    message, _ = only_mail()
    assert submitted.get_absolute_url() in message.body


def test_it_sends_nothing_for_a_submission_or_a_refused_transition(
    officer, citizen, django_capture_on_commit_callbacks
):
    post = make_post(officer)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(post, officer.user)
        with pytest.raises(Exception):  # noqa: B017 (any refusal)
            workflow.reject(post, citizen, NOTE)
    assert mail.outbox == []


def test_it_sends_nothing_before_the_transaction_commits(submitted, press_officer):
    workflow.request_changes(submitted, press_officer, NOTE)
    assert mail.outbox == []
