"""The systemd units of deploy/systemd/ as an operator installs them: systemd itself
checks them (`systemd-analyze verify`, which reports every directive it would ignore),
and each unit's command, started the way systemd starts it (its working directory, only
the variables of its EnvironmentFile, `%i`/`%H` filled in), does its work and stops
cleanly on SIGTERM within the unit's stop timeout. Restarting a stopped process is
systemd's own work (`Restart=always`); the worker's and scheduler's survival of database
outages is tested in test_worker_faults.py."""

import configparser
import getpass
import os
import shlex
import signal
import socket
import subprocess
import urllib.request

import psycopg
import pytest

from tests.faults.processes import BASE_DIR, Portal, wait_until
from tests.servers import free_port

pytestmark = pytest.mark.once

UNITS = BASE_DIR / "deploy" / "systemd"
UNIT_NAMES = ["revier-web.service", "revier-worker@.service", "revier-scheduler.service"]
# What systemd passes to a service besides its EnvironmentFile.
SYSTEMD_ENVIRONMENT = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                       "LANG": "C.UTF-8"}


@pytest.fixture(scope="module")
def environment_file(cluster, tmp_path_factory):
    """/etc/revier/env of this installation: the portal's variables, nothing inherited."""
    folder = tmp_path_factory.mktemp("installation")
    portal = Portal(folder, database_url=cluster.url)
    portal.manage("migrate", "--no-input", "-v", "0")
    variables = {key: value for key, value in portal.env.items() if key not in os.environ
                 or key in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    path = folder / "env"
    path.write_text("".join(f"{key}={value}\n" for key, value in variables.items()))
    return path


def installed(name, folder, environment_file):
    """The unit as installed on this machine: the checkout in place of /srv/revier, the
    current user in place of `revier`, the test's environment file."""
    text = (UNITS / name).read_text()
    for shipped, here in [("/srv/revier", str(BASE_DIR)),
                          ("User=revier", f"User={getpass.getuser()}"),
                          ("/etc/revier/env", str(environment_file))]:
        assert shipped in text, f"{name} no longer names {shipped}"
        text = text.replace(shipped, here)
    path = folder / name
    path.write_text(text)
    return path


def service(path):
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str
    unit.read(path)
    return unit["Service"]


def start(path, instance="1"):
    """Starts the unit's ExecStart as systemd would, in a process group of its own."""
    section = service(path)
    command = section["ExecStart"].replace("%i", instance).replace("%H", socket.gethostname())
    environment = dict(SYSTEMD_ENVIRONMENT)
    for line in open(section["EnvironmentFile"]).read().splitlines():
        key, _, value = line.partition("=")
        environment[key] = value
    log = open(path.with_suffix(".log"), "wb")  # noqa: SIM115 (closed in stop)
    process = subprocess.Popen(shlex.split(command), cwd=section["WorkingDirectory"],
                               env=environment, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    process.log, process.log_path = log, path.with_suffix(".log")
    return process


def stop(process, path):
    """SIGTERM to the main process (KillMode=mixed, systemd's default too), then waits the
    unit's TimeoutStopSec; returns the exit status. A process that is still there after it
    would get systemd's SIGKILL: the test fails."""
    timeout = float(service(path).get("TimeoutStopSec", "90"))
    try:
        process.send_signal(signal.SIGTERM)
        return process.wait(timeout)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        process.log.close()
        print(process.log_path.read_text(errors="replace")[-3000:])


def stopped_cleanly(status):
    # systemd counts exit 0 and death by SIGTERM as a clean stop (SuccessExitStatus).
    return status in (0, -signal.SIGTERM)


def query(cluster, sql, parameters=()):
    with psycopg.connect(cluster.url.replace("postgres://", "postgresql://"),
                         autocommit=True) as conn:
        return conn.execute(sql, parameters).fetchall()


def task_rows(cluster, task_path):
    return query(cluster, "SELECT status FROM django_tasks_database_dbtaskresult "
                          "WHERE task_path = %s", [task_path])


@pytest.mark.parametrize("name", UNIT_NAMES)
def test_systemd_accepts_every_directive_of_the_unit(name, tmp_path, environment_file):
    path = installed(name, tmp_path, environment_file)
    checked = subprocess.run(["systemd-analyze", "verify", "--man=no", str(path)],
                             capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stderr
    # Unknown or misspelt directives are only warnings ("ignoring"): none may be there.
    assert name not in checked.stderr, checked.stderr
    section = service(path)
    assert section["Restart"] == "always"
    assert float(section["RestartSec"]) > 0


def test_systemd_verify_catches_a_misspelt_directive(tmp_path, environment_file):
    path = installed("revier-scheduler.service", tmp_path, environment_file)
    path.write_text(path.read_text().replace("Restart=always", "Restart=allways"))
    checked = subprocess.run(["systemd-analyze", "verify", "--man=no", str(path)],
                             capture_output=True, text=True, timeout=60)
    assert "allways" in checked.stderr


def test_web_unit_serves_and_stops_on_sigterm(tmp_path, environment_file):
    port = free_port()
    with_bind = tmp_path / "env"
    with_bind.write_text(environment_file.read_text() + f"GUNICORN_BIND=127.0.0.1:{port}\n")
    path = installed("revier-web.service", tmp_path, with_bind)
    process = start(path)
    wait_until(lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
               .status == 200, timeout=60)
    assert stopped_cleanly(stop(process, path))


def test_worker_unit_runs_a_task_and_stops_on_sigterm(tmp_path, environment_file, cluster):
    path = installed("revier-worker@.service", tmp_path, environment_file)
    process = start(path, instance="7")
    portal = Portal(tmp_path / "enqueue", database_url=cluster.url)
    portal.enqueue("tests.faults.tasks.tick")
    wait_until(lambda: ("SUCCESSFUL",) in task_rows(cluster, "tests.faults.tasks.tick"),
               timeout=60)
    # The worker took its id from the unit's `%H-%i`, as its heartbeat row shows.
    assert query(cluster, "SELECT worker_id FROM portal_taskworker") == [
        (f"{socket.gethostname()}-7",)]
    assert stopped_cleanly(stop(process, path))


def test_scheduler_unit_enqueues_periodic_tasks_and_stops_on_sigterm(
        tmp_path, environment_file, cluster):
    before = len(task_rows(cluster, "tests.faults.tasks.tick"))
    path = installed("revier-scheduler.service", tmp_path, environment_file)
    process = start(path)
    # tests.faults.settings ticks every second.
    wait_until(lambda: len(task_rows(cluster, "tests.faults.tasks.tick")) >= before + 2,
               timeout=60)
    assert stopped_cleanly(stop(process, path))
