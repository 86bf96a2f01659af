"""The task worker that outlives faults (`manage.py db_worker` runs this one; the
command of django-tasks-db exits on any database error that is not a lock).

- The database goes away (restart, failover): the worker logs it, waits with a growing
  pause (0.5 s doubling up to 30 s) and goes on once it answers. A task that lost the
  database halfway is not marked failed: it is put back and runs again.
- A worker dies (killed, machine lost): every worker writes a heartbeat
  (`portal.models.TaskWorker`) every TASK_HEARTBEAT_SECONDS from a thread of its own, also
  during a long task. Any worker puts a running task back when the worker that took it
  has not been seen for TASK_LEASE_SECONDS; after TASK_MAX_ATTEMPTS tries it is marked
  failed instead (a task that kills its worker must not kill them all).
- Temporary files (a video being encoded) live in a folder of the worker's own under
  TASK_TEMP_ROOT, locked while it runs; a new worker removes the folders nobody holds.

Tasks are therefore run at least once: each must be safe to run again (they claim their
work with a conditional update, see posts.tasks.process_media). When a task goes back in
the queue, `portal.signals.task_put_back` lets its app release what the lost attempt had
claimed.
"""

import contextlib
import fcntl
import logging
import os
import shutil
import tempfile
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connection, connections, transaction
from django.db.utils import OperationalError
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from portal.health import DATABASE_DOWN
from portal.models import TaskWorker
from portal.signals import task_put_back

logger = logging.getLogger("portal.worker")


class Backoff:
    def __init__(self, first=0.5, longest=30.0):
        self.first, self.longest, self.delay = first, longest, None

    def next(self):
        self.delay = self.first if self.delay is None else min(self.delay * 2, self.longest)
        return self.delay

    def reset(self):
        self.delay = None


def close_connections():
    """Forget connections a fault left broken, so the next query opens a new one."""
    for conn in connections.all(initialized_only=True):
        with contextlib.suppress(Exception):
            conn.close()


def beat(worker_id):
    now = timezone.now()
    updated = TaskWorker.objects.filter(pk=worker_id).update(seen_at=now)
    if not updated:
        TaskWorker.objects.get_or_create(pk=worker_id, defaults={"seen_at": now})


def put_back(result, *, reason):
    """Puts a task that is marked running but has no worker back in the queue (or marks
    it failed after TASK_MAX_ATTEMPTS). Conditional, so that two workers sweeping at
    once put it back once. Returns 1 if this call did it."""
    still_lost = DBTaskResult.objects.filter(
        pk=result.pk, status="RUNNING", started_at=result.started_at)
    args_kwargs = result.args_kwargs
    if len(result.worker_ids) >= settings.TASK_MAX_ATTEMPTS:
        logger.error("task %s (%s) failed: %s, %d attempts", result.pk, result.task_path,
                     reason, len(result.worker_ids))
        return still_lost.update(
            status="FAILED", finished_at=timezone.now(), return_value=None,
            exception_class_path="portal.worker.WorkerLost",
            traceback=f"{reason}; given up after {len(result.worker_ids)} attempts",
        )
    logger.warning("task %s (%s) runs again: %s", result.pk, result.task_path, reason)
    with transaction.atomic():
        put = still_lost.update(status="READY", started_at=None)
        if put:
            task_put_back.send(sender=DBTaskResult, task_path=result.task_path,
                               args=args_kwargs["args"], kwargs=args_kwargs["kwargs"])
    return put


def recover_lost_tasks():
    """Running tasks whose worker has not been seen for TASK_LEASE_SECONDS go back in
    the queue. Returns how many."""
    now = timezone.now()
    cutoff = now - timezone.timedelta(seconds=settings.TASK_LEASE_SECONDS)
    alive = set(TaskWorker.objects.filter(seen_at__gte=cutoff).values_list("pk", flat=True))
    recovered = 0
    running = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    for result in running.only("pk", "task_path", "worker_ids", "started_at", "args_kwargs"):
        if result.worker_ids and result.worker_ids[-1] in alive:
            continue
        recovered += put_back(result, reason="its worker stopped answering")
    TaskWorker.objects.filter(seen_at__lt=now - timezone.timedelta(days=1)).delete()
    return recovered


class Heartbeat(threading.Thread):
    def __init__(self, worker_id):
        super().__init__(name="heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            try:
                beat(self.worker_id)
            except DATABASE_DOWN as exc:
                logger.debug("heartbeat failed: %s", exc)
            finally:
                connection.close()  # this thread's own connection
            self.stopped.wait(settings.TASK_HEARTBEAT_SECONDS)


class TempFolder:
    """The worker's own folder for temporary files (tempfile's default while it runs),
    locked with flock so that a starting worker can tell it from a dead one's."""

    def __init__(self, worker_id, root=None):
        self.root = root or settings.TASK_TEMP_ROOT
        self.path = os.path.join(self.root, worker_id)

    def remove_abandoned(self):
        os.makedirs(self.root, exist_ok=True)
        for name in os.listdir(self.root):
            folder = os.path.join(self.root, name)
            if not os.path.isdir(folder) or folder == self.path:
                continue
            try:
                handle = open(os.path.join(folder, ".lock"), "a")  # noqa: SIM115
            except OSError:
                handle = None
            try:
                if handle is not None:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a running worker holds it
            finally:
                if handle is not None:
                    handle.close()
            logger.info("removing temporary files a stopped worker left: %s", folder)
            shutil.rmtree(folder, ignore_errors=True)

    def __enter__(self):
        self.remove_abandoned()
        os.makedirs(self.path, exist_ok=True)
        self.lock = open(os.path.join(self.path, ".lock"), "a")  # noqa: SIM115
        fcntl.flock(self.lock, fcntl.LOCK_EX)
        self.previous, tempfile.tempdir = tempfile.tempdir, self.path
        return self

    def __exit__(self, *exc):
        tempfile.tempdir = self.previous
        shutil.rmtree(self.path, ignore_errors=True)
        self.lock.close()


class ResilientWorker(Worker):
    """django-tasks-db's worker, with the loop made to survive the database going away
    (see the module's docstring). It claims and runs tasks exactly as the original."""

    def run(self):
        heartbeat = Heartbeat(self.worker_id)
        with TempFolder(self.worker_id):
            heartbeat.start()
            try:
                return self._run()
            finally:
                heartbeat.stopped.set()

    def _run(self):
        logger.info("worker %s starts on queues %s", self.worker_id, ",".join(self.queue_names))
        backoff = Backoff()
        next_sweep = 0.0
        lost_database = False
        while self.running:
            try:
                close_old_connections()
                if lost_database:
                    self.put_back_own_tasks()
                    logger.warning("worker %s: the database answers again", self.worker_id)
                    lost_database = False
                    backoff.reset()
                if time.monotonic() >= next_sweep:
                    recover_lost_tasks()
                    next_sweep = time.monotonic() + settings.TASK_LEASE_SECONDS / 4
                task_result, retrieved = self.claim_next()
                if task_result is not None:
                    self.run_task(task_result)
            except DATABASE_DOWN as exc:
                lost_database = True
                delay = backoff.next()
                logger.warning("worker %s: database unavailable (%s), trying again in %.1f s",
                               self.worker_id, str(exc).strip().splitlines()[0] if str(exc)
                               else type(exc).__name__, delay)
                close_connections()
                time.sleep(delay)
                continue
            if self.batch and retrieved and task_result is None:
                return None
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return None
            if self.running and task_result is None:
                time.sleep(self.interval)

    def claim_next(self):
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        try:
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
        except OperationalError as exc:
            if is_locked_database_exception(exc):
                return None, False
            raise
        return task_result, True

    def run_task(self, db_task_result):
        # A task that lost the database is not recorded as failed (that write would fail
        # too, or record a fault as the task's own failure): the error goes up to the
        # loop, which puts the task back once the database answers.
        record_failure = db_task_result.set_failed

        def set_failed(exc):
            if isinstance(exc, DATABASE_DOWN) and not is_locked_database_exception(exc):
                raise exc
            record_failure(exc)

        db_task_result.set_failed = set_failed
        super().run_task(db_task_result)

    def put_back_own_tasks(self):
        """After an outage: the task this worker was running when the database went away
        is still marked running under its id."""
        for result in DBTaskResult.objects.running().only(
                "pk", "task_path", "worker_ids", "started_at", "args_kwargs"):
            if result.worker_ids and result.worker_ids[-1] == self.worker_id:
                put_back(result, reason="the database went away while it ran")
