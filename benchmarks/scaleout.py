"""Scale-out rehearsal: the portal on several machines' worth of processes, with faults.

    python benchmarks/scaleout.py [--database-url URL] [--duration 30]

Starts, as separate processes sharing one PostgreSQL (DATABASE_URL, default the local
server's database revier_scaleout, emptied first), one Redis and one SeaweedFS (S3; both
started here on free ports, tests/servers.py): two gunicorn app servers A and B on
different ports, two task workers and one scheduler. Then:

1. an officer uploads a photo through A; either worker processes it; its renditions are
   listed on B (the studio) and served by the S3 store;
2. a citizen comments through A; the time until B's public post page shows it (stated
   stale time: PAGE_CACHE_STALE_SECONDS, 2 s);
3. a load run of --duration seconds: readers spread over the healthy app servers (a
   health check every 0.5 s stands for the load balancer) and one upload a second, while
   one worker is killed (SIGKILL) and app server B is stopped (SIGTERM) halfway.
   Printed: requests served, errors, uploads accepted, processed and lost (must be 0),
   public objects without a row (must be 0), and how long recovery took.
"""

import argparse
import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import urllib3  # noqa: E402
from PIL import Image  # noqa: E402

from tests.faults.processes import Portal, gunicorn, wait_until  # noqa: E402
from tests.servers import RedisServer, SeaweedFS, free_port  # noqa: E402

http = urllib3.PoolManager(maxsize=16, retries=False,
                           timeout=urllib3.Timeout(connect=1, read=20))


def jpeg(seed):
    buffer = io.BytesIO()
    rng = random.Random(seed)
    Image.new("RGB", (800, 600), tuple(rng.randrange(256) for _ in range(3))).save(
        buffer, "JPEG", quality=80)
    return buffer.getvalue()


def cookie_header(cookies):
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def csrf_for(base, path, cookies):
    response = http.request("GET", base + path, headers={"Cookie": cookie_header(cookies)},
                            redirect=False)
    for header in response.headers.getlist("Set-Cookie"):
        name, _, rest = header.partition("=")
        if name == "csrftoken":
            cookies["csrftoken"] = rest.split(";", 1)[0]
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.data)
    return match.group(1).decode() if match else cookies.get("csrftoken")


def upload(base, officer, seed):
    cookies = dict(officer)
    token = csrf_for(base, "/studio/new/", cookies)
    response = http.request("POST", base + "/studio/new/", fields={
        "csrfmiddlewaretoken": token, "caption": f"Streife {seed}", "place_name": "Altstadt",
        "media": (f"photo-{seed}.jpg", jpeg(seed), "image/jpeg"),
        "alt_text": "Ein Streifenwagen vor der Inspektion",
    }, headers={"Cookie": cookie_header(cookies), "Referer": base + "/studio/new/"},
        redirect=False)
    return response.status == 302


def sql(env, query):
    """The rows of one query on the shared database."""
    import psycopg

    url = env["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(query).fetchall()


def prepare_database(url):
    import psycopg

    base, name = url.rsplit("/", 1)
    admin = base.replace("postgres://", "postgresql://", 1) + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


class Balancer:
    """Sends each request to one of the app servers that passed their last health check."""

    def __init__(self, servers):
        self.servers = list(servers)
        self.healthy = list(servers)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.check, daemon=True)
        self.thread.start()

    def check(self):
        while not self.stopped.is_set():
            healthy = []
            for url in self.servers:
                try:
                    if http.request("GET", url + "/healthz", timeout=0.5).status == 200:
                        healthy.append(url)
                except Exception:  # noqa: S110 (down: left out)
                    pass
            self.healthy = healthy or self.healthy
            self.stopped.wait(0.5)

    def pick(self):
        return random.choice(self.healthy)

    def get(self, path):
        """GET through a healthy server; a refused connection is tried once on another,
        as a proxy does (nginx: proxy_next_upstream error). Returns (status, retried)."""
        first = self.pick()
        try:
            return http.request("GET", first + path).status, False
        except urllib3.exceptions.HTTPError:
            others = [url for url in self.healthy if url != first] or [first]
            return http.request("GET", random.choice(others) + path).status, True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get(
        "SCALEOUT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/revier_scaleout"))
    parser.add_argument("--duration", type=int, default=30, help="seconds of the load run")
    parser.add_argument("--readers", type=int, default=4, help="concurrent readers")
    args = parser.parse_args()

    prepare_database(args.database_url)
    s3, redis = SeaweedFS().start(), RedisServer().start()
    folder = Path(tempfile.mkdtemp(prefix="revier-scaleout-"))
    portal = Portal(folder, database_url=args.database_url,
                    CACHE_URL=f"rediscache://127.0.0.1:{redis.port}/0",
                    DJANGO_SETTINGS_MODULE="benchmarks.scaleout_settings",
                    TASK_HEARTBEAT_SECONDS="2", TASK_LEASE_SECONDS="10",
                    **s3.environment())
    try:
        run(args, portal, s3)
    finally:
        portal.stop_all() if os.environ.get("SCALEOUT_SHOW_LOGS") else quiet_stop(portal)
        redis.stop()
        s3.remove()


def quiet_stop(portal):
    for process in portal.processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        process.log_file.close()
    portal.processes = []


def run(args, portal, s3):
    env = portal.env
    portal.manage("migrate", "--no-input", "-v", "0")
    made = json.loads(portal.manage(
        "shell", "-c", "from tests.faults.seed import create; create(officer_session=True)"
    ).stdout.splitlines()[-1])
    officer = {"sessionid": made["officer_session"]}
    citizen = {"sessionid": made["session"]}
    a = gunicorn(portal, "web-a", port=free_port())
    b = gunicorn(portal, "web-b", port=free_port())
    workers = [portal.worker(name, "--worker-id", name) for name in ("worker-1", "worker-2")]
    portal.scheduler()
    for server in (a, b):
        wait_until(lambda s=server: http.request("GET", s.url + "/healthz").status == 200,
                   timeout=60)
    print(f"app servers A {a.url} and B {b.url}, 2 workers, 1 scheduler; PostgreSQL "
          f"{args.database_url.rsplit('@', 1)[-1]}, Redis, SeaweedFS {s3.endpoint_url}")

    # 1. Upload through A, processed by either worker, visible on B and in the S3 store.
    started = time.monotonic()
    assert upload(a.url, officer, 0), "the upload through A was refused"
    took = wait_until(lambda: sql(env, "SELECT count(*) FROM posts_mediaitem "
                                       "WHERE status = 'ready'")[0][0] == 1, timeout=60)
    renditions = sql(env, "SELECT renditions FROM posts_mediaitem")[0][0]
    worker_ids = sql(env, "SELECT worker_ids FROM django_tasks_database_dbtaskresult "
                          "WHERE task_path = 'posts.tasks.process_media'")[0][0]
    studio_b = http.request("GET", b.url + "/studio/",
                            headers={"Cookie": cookie_header(officer)}).data.decode()
    name = renditions[0]["name"]
    # A draft: the studio shows it through signed links, the S3 store has it privately.
    listed_on_b = "/studio/media/" in studio_b
    signed = studio_b.split('src="/studio/media/', 1)[-1].split('"', 1)[0]
    shown = http.request("GET", f"{b.url}/studio/media/{signed}",
                         headers={"Cookie": cookie_header(officer)})
    public = http.request("GET", f"{s3.endpoint_url}/{s3.bucket}/public/{name}")
    print(f"1. upload through A ready after {time.monotonic() - started:.1f} s "
          f"(processing {took:.1f} s, worker {worker_ids[-1][:8]}); listed on B: "
          f"{'yes' if listed_on_b else 'NO'}, its signed link on B: {shown.status} "
          f"{shown.headers.get('Content-Type')}; public on S3 (a draft: 404): "
          f"{public.status}")

    # 2. A comment through A shows on B's public post page within the stale time.
    post_path = made["post"]
    http.request("GET", b.url + post_path)  # B has the page stored before the change
    cookies = dict(citizen)
    token = csrf_for(a.url, post_path, cookies)
    text = f"Danke für die Streife! {random.randrange(10**6)}"
    written = time.monotonic()
    response = http.request("POST", a.url + post_path + "comments/", fields={
        "csrfmiddlewaretoken": token, "body": text, "next": post_path},
        headers={"Cookie": cookie_header(cookies), "Referer": a.url + post_path},
        redirect=False, encode_multipart=False)
    assert response.status in (200, 302), response.status
    shown = wait_until(lambda: text.encode() in http.request("GET", b.url + post_path).data,
                       timeout=30, step=0.05)
    print(f"2. comment through A shown on B's public page after {shown:.2f} s "
          f"(stated stale time {2} s; {time.monotonic() - written:.2f} s with the POST)")

    # 3. Load with faults: a worker killed, app server B stopped.
    balancer = Balancer([a.url, b.url])
    counts = {"served": 0, "errors": 0, "retried": 0}
    lock = threading.Lock()
    stop = threading.Event()
    pages = ["/", made["channel"], post_path, "/feed.atom"]

    def reader():
        while not stop.is_set():
            retried = False
            try:
                status, retried = balancer.get(random.choice(pages))
                ok = status == 200
            except Exception:
                ok = False
            with lock:
                counts["served" if ok else "errors"] += 1
                counts["retried"] += retried

    uploads = {"accepted": 0, "refused": 0}

    def uploader():
        seed = 1
        while not stop.is_set():
            try:
                accepted = upload(balancer.pick(), officer, seed)
            except Exception:
                accepted = False
            uploads["accepted" if accepted else "refused"] += 1
            seed += 1
            stop.wait(1)

    threads = [threading.Thread(target=reader) for _ in range(args.readers)]
    threads.append(threading.Thread(target=uploader))
    load_started = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(args.duration / 3)
    # SIGKILL, at a moment worker 1 is processing an upload if that comes within 5 s.
    running = ("SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = "
               "'RUNNING' AND worker_ids->>-1 = 'worker-1' "
               "AND task_path = 'posts.tasks.process_media'")
    try:
        wait_until(lambda: sql(env, running)[0][0] > 0, timeout=5, step=0.02)
    except AssertionError:
        pass
    portal.kill(workers[0])
    killed_at = time.monotonic() - load_started
    time.sleep(args.duration / 3)
    portal.kill(b, signal.SIGTERM)  # graceful: gunicorn finishes its requests
    stopped_at = time.monotonic() - load_started
    time.sleep(args.duration / 3)
    stop.set()
    for thread in threads:
        thread.join()
    balancer.stopped.set()
    elapsed = time.monotonic() - load_started

    expected = 1 + uploads["accepted"]
    drained = time.monotonic()
    try:
        wait_until(lambda: sql(env, "SELECT count(*) FROM posts_mediaitem "
                                    "WHERE status <> 'processing'")[0][0] == expected,
                   timeout=120, step=0.5)
    except AssertionError:
        pass
    drain = time.monotonic() - drained
    states = dict(sql(env, "SELECT status, count(*) FROM posts_mediaitem GROUP BY status"))
    rows = sql(env, "SELECT count(*) FROM posts_mediaitem")[0][0]
    retried = sql(env, "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE "
                       "task_path = 'posts.tasks.process_media' "
                       "AND jsonb_array_length(worker_ids) > 1")[0][0]
    named = set()
    for (entries, video, poster) in sql(env, "SELECT renditions, video, poster "
                                             "FROM posts_mediaitem"):
        named.update(e["name"] for e in entries)
        named.update(n for n in (video, poster) if n)
    listing = s3.client().list_objects_v2(Bucket=s3.bucket, Prefix="public/")
    stored = {o["Key"].removeprefix("public/") for o in listing.get("Contents", [])}
    orphans = stored - named
    print(f"3. load run {elapsed:.0f} s, {args.readers} readers over A and B, one upload a "
          f"second; worker 1 killed at {killed_at:.0f} s, app server B stopped at "
          f"{stopped_at:.0f} s")
    print(f"   requests served {counts['served']}, errors {counts['errors']} (refused "
          f"connections tried again on the other server, as a proxy does: "
          f"{counts['retried']})")
    print(f"   uploads accepted {uploads['accepted']} (+1 before), refused "
          f"{uploads['refused']}; media rows {rows}: {states}; taken up again after the "
          f"kill: {retried}; all done {drain:.1f} s after the load")
    print(f"   uploads lost: {expected - states.get('ready', 0)}; public objects without a "
          f"row: {len(orphans)}")


if __name__ == "__main__":
    main()
