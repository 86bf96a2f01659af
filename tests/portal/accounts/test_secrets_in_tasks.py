"""What the task table keeps (until its records are deleted, and in every backup) holds
no secret: no reset or verification link, no switch-off token, no e-mail text. The
worker makes the links when it sends the mail, and they work."""

import json
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from tests.conftest import PASSWORD


@pytest.fixture
def stored_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}


def stored_arguments():
    return json.dumps([r.args_kwargs for r in DBTaskResult.objects.all()])


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_password_reset_task_carries_no_link(client, citizen, stored_tasks):
    client.post("/accounts/password/reset/", {"email": citizen.email})
    stored = stored_arguments()
    assert DBTaskResult.objects.count() == 1
    assert "/accounts/password/reset/key/" not in stored
    assert "password" not in stored.replace("password_reset", "")  # no text either
    assert mail.outbox == []

    run_worker()
    (email,) = mail.outbox
    path = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", email.body)[1]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    new = "ein ganz neues Passwort 2026"
    response = client.post(form_url, {"password1": new, "password2": new})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.check_password(new)


@pytest.mark.django_db(transaction=True)
def test_a_verification_task_carries_no_link(client, stored_tasks):
    client.post("/accounts/signup/", {"email": "neu@example.org", "password1": PASSWORD,
                                      "password2": PASSWORD})
    stored = stored_arguments()
    assert "confirm-email" not in stored
    assert "neu@example.org" in stored  # the address it goes to, nothing more

    run_worker()
    (email,) = mail.outbox
    path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", email.body)[1]
    assert client.post(path).status_code == 302
    from allauth.account.models import EmailAddress

    assert EmailAddress.objects.get(email="neu@example.org").verified


@pytest.mark.django_db(transaction=True)
def test_a_reply_email_task_carries_no_switch_off_token(stored_tasks, citizen, other_citizen):
    from portal.emails import queue_email

    queue_email(citizen.email, "comment_reply", {"url": "https://x.example/p/1/",
                                                 "replier": "B", "officer": "I"},
                unsubscribe=citizen.pk)
    assert "replies-off" not in stored_arguments()
    run_worker()
    (email,) = mail.outbox
    assert "/accounts/emails/replies-off/" in email.extra_headers["List-Unsubscribe"]
    assert "/accounts/emails/replies-off/" in email.body


@pytest.mark.django_db(transaction=True)
def test_a_link_for_an_account_deleted_meanwhile_is_not_sent(client, citizen, stored_tasks):
    client.post("/accounts/password/reset/", {"email": citizen.email})
    citizen.delete()
    run_worker()
    assert mail.outbox == []
