"""The portal's own processes (manage.py commands, gunicorn) started against real
servers for the fault tests and the scale-out rehearsal, each logging to a file."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent


class Portal:
    """One portal installation: its environment (database, cache, media) and the
    processes started from it."""

    def __init__(self, folder, *, database_url, **environment):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO"))},
            "DJANGO_SETTINGS_MODULE": "tests.faults.settings",
            "DATABASE_URL": database_url,
            "CACHE_URL": "locmemcache://revier",
            "MEDIA_ROOT": str(self.folder / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.folder / "private"),
            "TASK_TEMP_ROOT": str(self.folder / "tmp"),
            "TASK_HEARTBEAT_SECONDS": "0.5",
            "TASK_LEASE_SECONDS": "3",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
            **environment,
        }
        self.processes = []

    def manage(self, *args, check=True):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=self.env, check=check,
            capture_output=True, text=True, timeout=300)

    def start(self, name, *args, module=None):
        """Starts `manage.py args` (or `python -m module args`) in the background."""
        log = open(self.folder / f"{name}.log", "ab")  # noqa: SIM115 (closed in stop)
        command = [sys.executable, "-m", module, *args] if module else \
            [sys.executable, "manage.py", *args]
        process = subprocess.Popen(command, cwd=BASE_DIR, env=self.env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        process.log_path, process.log_file, process.name = self.folder / f"{name}.log", log, name
        self.processes.append(process)
        return process

    def worker(self, name="worker", *args):
        return self.start(name, "db_worker", "--interval", "0.1", "--no-startup-delay",
                          "--no-reload", *args)

    def scheduler(self, name="scheduler"):
        return self.start(name, "scheduler")

    def enqueue(self, task_path, *args):
        code = (f"from django.utils.module_loading import import_string as i; "
                f"print(i({task_path!r}).enqueue(*{args!r}).id)")
        return self.manage("shell", "-c", code).stdout.split()[-1]

    @staticmethod
    def log(process):
        return process.log_path.read_text(errors="replace")

    @staticmethod
    def kill(process, sig=signal.SIGKILL):
        if process.poll() is None:
            os.killpg(process.pid, sig)
            process.wait(30)

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                self.kill(process, signal.SIGTERM)
            process.log_file.close()
            # Shown by pytest when the test failed.
            print(f"--- {process.name} (exit {process.returncode}) ---")
            print(self.log(process)[-3000:])
        self.processes = []


def wait_until(check, *, timeout, step=0.1):
    """Returns the seconds it took for check() to hold; fails after `timeout`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if check():
                return time.monotonic() - started
        except Exception:  # noqa: S110 (the server may be down for a moment)
            pass
        time.sleep(step)
    raise AssertionError(f"not within {timeout} s")


def gunicorn(portal, name="web", *, port, workers=2):
    """An app server as in production (portal/gunicorn.conf.py) on 127.0.0.1:port."""
    portal.env.update(GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS=str(workers))
    process = portal.start(name, "-c", "portal/gunicorn.conf.py", "portal.wsgi",
                           module="gunicorn")
    process.url = f"http://127.0.0.1:{port}"
    return process
