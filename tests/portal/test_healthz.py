"""/healthz: "unhealthy" (503) without the database, "degraded" (200) without the cache
or with tasks waiting too long, "ok" otherwise. The real outages are in tests/faults."""

from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.models import TaskWorker


def test_it_reports_a_healthy_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "local",
                               "tasks": "immediate"}


def test_it_returns_503_when_the_database_is_unreachable(client, db):
    with mock.patch("portal.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unhealthy", "database": "OperationalError",
                               "cache": "local", "tasks": "unknown"}


def test_it_sets_no_cookie(client, db):
    assert not client.get("/healthz").cookies


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}
    settings.HEALTH_TASK_WAIT_SECONDS = 300


def waiting_task(age_seconds):
    from portal.tasks import delete_expired_records

    result = delete_expired_records.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - timezone.timedelta(seconds=age_seconds))


def test_it_reports_the_age_of_the_oldest_waiting_task(client, db, database_tasks):
    TaskWorker.objects.create(worker_id="w1")
    waiting_task(30)
    waiting_task(5)
    report = client.get("/healthz").json()
    assert report["status"] == "ok"
    assert report["tasks"] == {"waiting": 2, "oldest_waiting_seconds": 30, "workers": 1}


def test_it_is_degraded_when_a_task_waits_too_long(client, db, database_tasks):
    TaskWorker.objects.create(worker_id="w1")
    waiting_task(301)
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "degraded"


def test_it_is_degraded_when_tasks_wait_and_no_worker_is_seen(client, db, database_tasks):
    TaskWorker.objects.create(worker_id="gone", seen_at=timezone.now()
                              - timezone.timedelta(minutes=5))
    waiting_task(1)
    report = client.get("/healthz").json()
    assert report["status"] == "degraded" and report["tasks"]["workers"] == 0
