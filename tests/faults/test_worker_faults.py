"""The task worker and the scheduler outlive a real database restart, and a task whose
worker was killed runs again on another, with its temporary files removed. Real
processes (manage.py db_worker, manage.py scheduler) on a throwaway PostgreSQL cluster
that the test stops and starts."""

import os
import time

import psycopg
import pytest

from tests.faults.processes import Portal, wait_until

pytestmark = pytest.mark.once


@pytest.fixture(scope="module")
def migrated(cluster, tmp_path_factory):
    portal = Portal(tmp_path_factory.mktemp("portal"), database_url=cluster.url)
    portal.manage("migrate", "--no-input", "-v", "0")
    return portal


@pytest.fixture
def portal(migrated, cluster):
    cluster.start() if not running(cluster) else None
    with connect(cluster) as conn:
        conn.execute("DELETE FROM django_tasks_database_dbtaskresult")
        conn.execute("DELETE FROM portal_taskworker")
    yield migrated
    migrated.stop_all()
    if not running(cluster):
        cluster.start()


def running(cluster):
    try:
        connect(cluster).close()
    except psycopg.OperationalError:
        return False
    return True


def connect(cluster):
    return psycopg.connect(cluster.url.replace("postgres://", "postgresql://"),
                           autocommit=True, connect_timeout=2)


def results(cluster, task_path=None):
    with connect(cluster) as conn:
        rows = conn.execute(
            "SELECT id, task_path, status, worker_ids, return_value"
            " FROM django_tasks_database_dbtaskresult ORDER BY enqueued_at").fetchall()
    return [row for row in rows if task_path is None or row[1] == task_path]


def result(cluster, task_id):
    return next(row for row in results(cluster) if str(row[0]).replace("-", "")
                == task_id.replace("-", ""))


def test_it_keeps_working_through_a_database_restart(portal, cluster):
    worker, scheduler = portal.worker(), portal.scheduler()
    ticks = "tests.faults.tasks.tick"
    wait_until(lambda: any(r[2] == "SUCCESSFUL" for r in results(cluster, ticks)), timeout=60)

    cluster.stop()
    time.sleep(3)
    assert worker.poll() is None and scheduler.poll() is None
    assert "database unavailable" in portal.log(worker)
    assert "database unavailable" in portal.log(scheduler)

    outage_over = time.monotonic()
    cluster.start()
    ticks_before = len(results(cluster, "tests.faults.tasks.tick"))
    task_id = portal.enqueue("portal.tasks.delete_expired_records")
    wait_until(lambda: result(cluster, task_id)[2] == "SUCCESSFUL", timeout=40)
    wait_until(lambda: len([r for r in results(cluster, "tests.faults.tasks.tick")
                            if r[2] == "SUCCESSFUL"]) > ticks_before, timeout=40)
    recovery = time.monotonic() - outage_over
    assert worker.poll() is None and scheduler.poll() is None
    assert "the database answers again" in portal.log(worker)
    assert "the database answers again" in portal.log(scheduler)
    print(f"worker and scheduler back {recovery:.1f} s after the database")


def test_it_runs_a_task_again_that_lost_the_database_halfway(portal, cluster):
    worker = portal.worker()
    task_id = portal.enqueue("tests.faults.tasks.slow_on_first_attempt", 3)
    wait_until(lambda: result(cluster, task_id)[2] == "RUNNING", timeout=30)
    cluster.stop()
    time.sleep(4)  # the task reaches for the database while it is down
    cluster.start()
    wait_until(lambda: result(cluster, task_id)[2] == "SUCCESSFUL", timeout=60)
    _, _, _, worker_ids, return_value = result(cluster, task_id)
    assert return_value == 2 and len(worker_ids) == 2  # run again, not marked failed
    assert worker.poll() is None


def test_it_takes_up_the_task_of_a_killed_worker_and_removes_its_files(portal, cluster):
    first = portal.worker("first")
    task_id = portal.enqueue("tests.faults.tasks.slow_on_first_attempt", 120)
    wait_until(lambda: result(cluster, task_id)[2] == "RUNNING", timeout=30)
    temp_root = portal.folder / "tmp"
    wait_until(lambda: any(name.startswith("partial-") for _, _, names in os.walk(temp_root)
                           for name in names), timeout=10)
    portal.kill(first)
    killed = time.monotonic()

    second = portal.worker("second")
    took = wait_until(lambda: result(cluster, task_id)[2] == "SUCCESSFUL", timeout=60)
    _, _, _, worker_ids, return_value = result(cluster, task_id)
    assert return_value == 2 and len(set(worker_ids)) == 2
    assert "runs again: its worker stopped answering" in portal.log(second)
    # The killed worker's folder (and its half-written file) is gone.
    leftovers = [name for _, _, names in os.walk(temp_root) for name in names
                 if name.startswith("partial-")]
    assert leftovers == []
    print(f"task taken up {time.monotonic() - killed:.1f} s after the kill "
          f"(lease 3 s; {took:.1f} s after the second worker started)")
