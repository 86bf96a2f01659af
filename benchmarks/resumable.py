"""Resumable uploads (tus) over a connection that drops: a generated 200 MB video sent by
tus-js-client (node, the browser's client) to the portal under gunicorn, through a proxy
on 127.0.0.1 that counts every byte the client sends and cuts all connections at the
given points (and refuses new ones for a second, as a dead spot would).

    .venv/bin/python benchmarks/resumable.py [--size-mb 200] [--chunk-mb 4]

Needs `npm ci` (node_modules/, `make test` or `make benchmark` runs it). Runs on its own
SQLite database and media folders in a temporary folder. Prints, for no, one and three
interruptions, the bytes sent in all (request lines, headers and bodies) against the
file's size, the requests made and the wall time.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from fractions import Fraction
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="revier-resumable-"))
ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    "SECRET_KEY": "benchmark-only-secret-key-not-for-production-use-0123456789",
    "HTTPS": "false", "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1",
    "DATABASE_URL": f"sqlite:///{TMP / 'db.sqlite3'}",
    "MEDIA_ROOT": str(TMP / "media"), "PRIVATE_MEDIA_ROOT": str(TMP / "private"),
    "CACHE_URL": "dbcache://cache_table",
    "TASK_BACKEND": "django_tasks.backends.dummy.DummyBackend",
    "LOG_LEVEL": "ERROR",
}
os.environ.update(ENV)

import django  # noqa: E402

django.setup()

import av  # noqa: E402
import numpy as np  # noqa: E402
from allauth.mfa.models import Authenticator  # noqa: E402
from allauth.mfa.totp.internal.auth import generate_totp_secret  # noqa: E402
from allauth.mfa.utils import encrypt  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string  # noqa: E402

from officers.models import Officer, Station  # noqa: E402
from portal.models import OFFICERS, User  # noqa: E402
from posts.models import ResumableUpload  # noqa: E402


def make_video(path, size):
    """Lossless H.264 of noise at 720p: incompressible, so the file is as large as asked
    with few frames, and a real video that the server's inspection accepts."""
    rng = np.random.default_rng(1)
    frame_bytes = 1280 * 720 * 3 // 2
    with path.open("wb") as f, av.open(f, "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=30,
                                      options={"qp": "0", "preset": "ultrafast"})
        stream.width, stream.height, stream.pix_fmt = 1280, 720, "yuv420p"
        index = 0
        while f.tell() < size - 2 * frame_bytes:
            pixels = rng.integers(0, 256, (720, 1280, 3), dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            frame.pts, frame.time_base = index, Fraction(1, 30)
            container.mux(stream.encode(frame))
            index += 1
        container.mux(stream.encode(None))
    return path.stat().st_size


def officer_session():
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    user = User.objects.create_user(email="bench@polizei.example")  # no password: no login
    user.groups.add(Group.objects.get(name=OFFICERS))
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP,
                                 data={"secret": encrypt(generate_totp_secret())})
    Officer.objects.create(user=user, handle="bench", display_name="Bench",
                           station=Station.objects.create(name="PI Bench"))
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    csrf = _get_new_csrf_string()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}; csrftoken={csrf}"
    return cookie, csrf


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CuttingProxy:
    """A TCP proxy that counts the bytes from the client and can cut every connection."""

    def __init__(self, upstream):
        self.upstream = upstream
        self.sent = 0
        self.connections = 0
        self.lock = threading.Lock()
        self.open = set()
        self.refuse_until = 0.0
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            client, _ = self.server.accept()
            if time.monotonic() < self.refuse_until:
                client.close()
                continue
            upstream = socket.create_connection(("127.0.0.1", self.upstream))
            with self.lock:
                self.open.update({client, upstream})
                self.connections += 1
            threading.Thread(target=self.pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self.pump, args=(upstream, client, False), daemon=True).start()

    def pump(self, source, target, counted):
        try:
            while data := source.recv(256 * 1024):
                if counted:
                    with self.lock:
                        self.sent += len(data)
                target.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, target):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()
            with self.lock:
                self.open.discard(source)
                self.open.discard(target)

    def cut(self, dead_seconds=1.0):
        self.refuse_until = time.monotonic() + dead_seconds
        with self.lock:
            sockets = list(self.open)
        for s in sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def run(video, size, cookie, csrf, port, cuts, chunk):
    proxy = CuttingProxy(port)
    started = time.monotonic()
    client = subprocess.Popen(
        ["node", str(ROOT / "benchmarks" / "tus_upload.js"), str(video),
         f"http://127.0.0.1:{proxy.port}/studio/uploads/", cookie, csrf, str(chunk)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )
    points = [size * (i + 1) // (cuts + 1) for i in range(cuts)]
    while client.poll() is None:
        if points and proxy.sent >= points[0]:
            points.pop(0)
            proxy.cut()
        time.sleep(0.01)
    out, err = client.communicate()
    if client.returncode != 0 or "done" not in out:
        raise SystemExit(f"the upload failed: {err or out}")
    upload = ResumableUpload.objects.get()
    assert upload.is_complete and upload.offset == size
    ResumableUpload.objects.all().delete()
    return proxy.sent, proxy.connections, time.monotonic() - started


def main():
    (ROOT / "var" / "static").mkdir(parents=True, exist_ok=True)  # whitenoise looks there
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--chunk-mb", type=int, default=4)
    args = parser.parse_args()
    video = TMP / "clip.mp4"
    size = make_video(video, args.size_mb * 1000 * 1000)
    cookie, csrf = officer_session()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", "2", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env={**os.environ, **ENV},
        # Each cut piece is logged as a bad request: kept out of the table.
        stderr=(TMP / "gunicorn.log").open("w"),
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port)).close()
                break
            except OSError:
                time.sleep(0.1)
        print(f"file: {size:,} bytes ({size / 1e6:.1f} MB), pieces of {args.chunk_mb} MB, "
              f"gunicorn with 2 sync workers, over 127.0.0.1")
        print(f"{'interruptions':>13} | {'bytes sent':>13} | {'vs file':>8} | "
              f"{'connections':>11} | {'seconds':>7}")
        for cuts in (0, 1, 3):
            sent, connections, seconds = run(video, size, cookie, csrf, port, cuts,
                                             args.chunk_mb * 1024 * 1024)
            print(f"{cuts:>13} | {sent:>13,} | {sent / size:>7.1%} | {connections:>11} | "
                  f"{seconds:>7.1f}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
