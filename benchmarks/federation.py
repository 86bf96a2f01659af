"""Fan-out benchmark: one published post to 10,000 remote followers on 500 servers.

    python benchmarks/federation.py [--database-url URL] [--followers 10000]
                                    [--servers 500] [--workers 2] [--personal-inboxes]

A sink process on loopback plays the 500 servers: one asyncio server listening on 500
addresses (127.0.1.1 and up, same port), each address one "server" with a shared inbox.
It reads every delivery, checks its Digest and its HTTP signature against the channel's
public key (rsa-sha256, as Mastodon does) and answers 202 (401 if a check fails).

The database (PostgreSQL by default, emptied first) gets a channel with its key pair and
a published post, 10,000 remote accounts (20 per server, all behind their server's
shared inbox, as Mastodon's are) following it. Then the post's Create is stored as
publishing does (federation.outbox.post_published), fanned out as the fan-out task does
(one delivery per inbox), and `--workers` processes run the delivery task
(federation.outbox.deliver_due) side by side until every delivery is delivered.
Printed: the time of the publishing transaction and of the fan-out, the time until all
are delivered (from publishing), deliveries per second, the workers' CPU per delivery and per
follower, and the sink's. `--personal-inboxes` gives every account its own inbox (no
shared inbox): 10,000 deliveries instead of 500.
"""

import argparse
import asyncio
import base64
import hashlib
import ipaddress
import multiprocessing
import os
import resource
import socket
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(database_url):
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "SECRET_KEY": "benchmark-only-secret-key-not-for-production-use-0123456789",
        "HTTPS": "false", "DEBUG": "false", "DATABASE_URL": database_url,
        "SITE_URL": "http://127.0.0.1:8000", "FEDERATION_ENABLED": "true",
        "FEDERATION_ALLOW_HTTP": "true", "FEDERATION_ALLOW_PRIVATE_ADDRESSES": "true",
        "TASK_BACKEND": "django_tasks.backends.dummy.DummyBackend", "LOG_LEVEL": "ERROR",
    })
    import django

    django.setup()


# The sink -------------------------------------------------------------------------------

def addresses(n):
    first = ipaddress.ip_address("127.0.1.1")
    return [str(first + i) for i in range(n)]


def sink_main(hosts, port, public_pem, ready, stop, counts):
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    key = serialization.load_pem_public_key(public_pem.encode())
    import re

    param = re.compile(r'(\w+)="([^"]*)"')

    def check(method, target, headers, body):
        if headers.get("digest") != "SHA-256=" + base64.b64encode(
                hashlib.sha256(body).digest()).decode():
            return False
        params = dict(param.findall(headers.get("signature", "")))
        names = params.get("headers", "").split()
        lines = []
        for name in names:
            value = f"{method.lower()} {target}" if name == "(request-target)" \
                else headers.get(name)
            if value is None:
                return False
            lines.append(f"{name}: {value}")
        try:
            key.verify(base64.b64decode(params["signature"]), "\n".join(lines).encode(),
                       padding.PKCS1v15(), hashes.SHA256())
        except Exception:
            return False
        return True

    async def handle(reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        name, value = line.split(":", 1)
                        headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", 0)))
                ok = check(method, target, headers, body)
                counts[0 if ok else 1] += 1
                status = "202 Accepted" if ok else "401 Unauthorized"
                writer.write(f"HTTP/1.1 {status}\r\nContent-Length: 0\r\n\r\n".encode())
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def main():
        server = await asyncio.start_server(handle, host=hosts, port=port, backlog=1024)
        ready.set()
        while not stop.is_set():
            await asyncio.sleep(0.1)
        server.close()

    asyncio.run(main())
    usage = resource.getrusage(resource.RUSAGE_SELF)
    counts[2] = usage.ru_utime + usage.ru_stime


# The workers ------------------------------------------------------------------------------

def worker_main(database_url, results, barrier):
    setup_django(database_url)
    from django.db import connection

    from federation import outbox

    connection.ensure_connection()
    barrier.wait()  # Django set up in every worker: the deliveries start together
    start = time.process_time()
    if os.environ.get("FEDERATION_BENCH_PROFILE"):
        import cProfile
        import pstats

        profile = cProfile.Profile()
        tried = profile.runcall(outbox.deliver_due)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    else:
        tried = outbox.deliver_due()
    results.put((tried, time.process_time() - start))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.1.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url",
                        default="postgres://postgres@127.0.0.1:5432/revier_bench_federation")
    parser.add_argument("--followers", type=int, default=10_000)
    parser.add_argument("--servers", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--personal-inboxes", action="store_true")
    args = parser.parse_args()

    if args.database_url.startswith("postgres"):
        import psycopg

        name = args.database_url.rsplit("/", 1)[1]
        with psycopg.connect(args.database_url.rsplit("/", 1)[0] + "/postgres",
                             autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from federation import outbox
    from federation.models import Delivery, LocalActor, RemoteActor, RemoteFollower
    from officers.models import Officer, Station
    from posts.models import MediaItem, Post

    station = Station.objects.create(name="Polizeiinspektion 2", district="Innenstadt")
    officer = Officer.objects.create(handle="isabel_polizeikl", display_name="Isabel",
                                     rank="Polizeikommissarin", station=station)
    post = Post.objects.create(officer=officer, caption="Fahrradkontrolle #Altstadt " * 10,
                               state=Post.State.PUBLISHED, published_at=timezone.now())
    MediaItem.objects.create(post=post, kind=MediaItem.Kind.PHOTO, alt_text="Ein Fahrrad",
                             status=MediaItem.Status.READY, files_public=True, renditions=[
                                 {"width": 1600, "height": 1200, "format": "jpeg",
                                  "name": "r/ab/photo.jpg"}])
    channel = LocalActor.objects.for_officer(officer)

    hosts = addresses(args.servers)
    port = free_port()
    per_server = args.followers // args.servers
    remotes = []
    for host in hosts:
        for u in range(per_server):
            uri = f"http://{host}:{port}/users/u{u}"
            remotes.append(RemoteActor(
                uri=uri, key_id=f"{uri}#main-key", public_key_pem="-",
                inbox=f"{uri}/inbox",
                shared_inbox="" if args.personal_inboxes else f"http://{host}:{port}/inbox",
                username=f"u{u}", domain=host))
    RemoteActor.objects.bulk_create(remotes, batch_size=2000)
    RemoteFollower.objects.bulk_create(
        [RemoteFollower(local=channel, remote=r) for r in RemoteActor.objects.all()],
        batch_size=2000)
    connection.close()

    manager = multiprocessing.Manager()
    counts = manager.list([0, 0, 0.0])
    ready, stop = multiprocessing.Event(), multiprocessing.Event()
    sink = multiprocessing.Process(target=sink_main, args=(
        hosts, port, channel.public_key_pem, ready, stop, counts))
    sink.start()
    ready.wait(30)

    results = multiprocessing.Queue()
    barrier = multiprocessing.Barrier(args.workers + 1)
    workers = [multiprocessing.Process(target=worker_main,
                                       args=(args.database_url, results, barrier))
               for _ in range(args.workers)]
    for worker in workers:
        worker.start()

    post = Post.objects.select_related("officer__station").prefetch_related("media").get()
    from federation import documents

    documents.note_document(post)  # a web process has its URLs and templates loaded
    started = time.perf_counter()
    with transaction.atomic():
        outbox.post_published(post)  # what the publishing transaction does
    queued = time.perf_counter() - started
    outbox.fan_out_pending()  # what the fan-out task does, after the commit
    fanned_out = time.perf_counter() - started - queued
    deliveries = Delivery.objects.count()
    connection.close()
    barrier.wait()  # the workers were started beforehand, as a running db_worker is
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    cpu = sum(results.get()[1] for _ in workers)
    stop.set()
    sink.join(30)
    delivered = Delivery.objects.filter(state=Delivery.State.DELIVERED).count()

    print(f"followers {args.followers} on {args.servers} servers, "
          f"{'personal inboxes' if args.personal_inboxes else 'shared inboxes'}, "
          f"{args.workers} worker processes, {connection.vendor}")
    print(f"publishing transaction       {queued * 1000:.0f} ms (the activity stored)")
    print(f"fan-out                      {deliveries} deliveries in {fanned_out * 1000:.0f} ms")
    print(f"delivered                    {delivered} of {deliveries}; the sink verified "
          f"{counts[0]}, refused {counts[1]}")
    print(f"time until all delivered     {elapsed:.2f} s (from publishing)")
    print(f"deliveries per second        {deliveries / elapsed:.0f}")
    print(f"worker CPU per delivery      {cpu / deliveries * 1000:.2f} ms "
          f"({cpu:.2f} s in all; {cpu / args.followers * 1000:.3f} ms per follower)")
    print(f"sink CPU per delivery        {counts[2] / max(1, counts[0]) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
