"""Expired sessions and old task records (e-mails with address and text) are deleted
periodically, as the privacy page says."""

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.tasks import delete_expired_records


def session(expires_in):
    store = SessionStore()
    store["_auth_user_id"] = "1"
    store.set_expiry(expires_in)
    store.create()
    return store.session_key


def task_record(finished_days_ago, status="SUCCESSFUL"):
    now = timezone.now()
    finished = now - datetime.timedelta(days=finished_days_ago) \
        if finished_days_ago is not None else None
    return DBTaskResult.objects.create(
        status=status, enqueued_at=now - datetime.timedelta(days=30), finished_at=finished,
        args_kwargs={"args": ["anna@example.org", "inbox_answer", {}], "kwargs": {}},
        task_path="portal.emails.send_email", backend_name="default", run_after=now,
    ).pk


def test_it_is_a_periodic_task(settings):
    assert ("portal.tasks.delete_expired_records", 3600) in settings.PERIODIC_TASKS
    assert settings.TASK_RESULTS_KEEP_DAYS == 1


@pytest.mark.django_db
def test_it_deletes_expired_sessions_and_old_task_records(settings):
    settings.TASK_RESULTS_KEEP_DAYS = 14
    expired, live = session(-60), session(3600)
    old_sent = task_record(15)
    old_failed = task_record(20, status="FAILED")
    recent = task_record(13)
    waiting = task_record(None, status="READY")

    delete_expired_records.call()

    assert list(Session.objects.values_list("session_key", flat=True)) == [live]
    assert expired != live
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent, waiting}
    assert not DBTaskResult.objects.filter(pk__in=[old_sent, old_failed]).exists()


@pytest.mark.django_db
def test_the_list_of_sessions_forgets_ended_ones(citizen):
    from allauth.usersessions.models import UserSession

    live, ended = session(3600), session(-60)
    for key in (live, ended):
        UserSession.objects.create(user=citizen, session_key=key, ip="203.0.113.1",
                                   user_agent="Firefox")
    delete_expired_records.call()
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [live]
