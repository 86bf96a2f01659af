"""Where one page's time goes: requests it in-process against the seeded benchmark
database, as an anonymous or a signed-in reader, and prints the mean time per request,
the queries and cache round trips of one request, and a profile of the slowest functions
(by CPU time: on a shared machine the wall-clock time of a request is mostly waiting
for the CPU, for the database and for the cache).

    python benchmarks/profile_page.py /feed/ --signed-in [--requests 200] [--top 25]

Run benchmarks/run.py once first (it seeds the database and writes the sessions to
var/bench-fixtures.json); the environment is the one run.py gives gunicorn.
"""

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "var")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/revier_bench")
os.environ.setdefault("CACHE_URL", "rediscache://127.0.0.1:6379/7")
os.environ.setdefault("MEDIA_ROOT", str(ROOT / "var" / "bench-media"))
os.environ.setdefault("PRIVATE_MEDIA_ROOT", str(ROOT / "var" / "bench-private"))

import django  # noqa: E402

django.setup()

from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

CACHE_CALLS = ("get", "get_many", "set", "set_many", "add", "incr", "delete", "delete_many")


def count_cache_calls(calls):
    """Counts the calls of the default cache (each one round trip to Redis) into `calls`."""
    backend = caches["default"]
    for name in CACHE_CALLS:
        method = getattr(backend, name)

        def counted(*args, _method=method, _name=name, **kwargs):
            calls.append(_name)
            return _method(*args, **kwargs)

        setattr(backend, name, counted)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--signed-in", action="store_true")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()

    fixtures = json.loads((ROOT / "var" / "bench-fixtures.json").read_text())
    clients = []
    for session in fixtures["sessions"][:20] if args.signed_in else [{}]:
        client = Client(HTTP_HOST="127.0.0.1")
        if session:
            client.cookies["sessionid"] = session["sessionid"]
            client.cookies["csrftoken"] = session["csrf"]
        clients.append(client)

    for client in clients:  # warm up caches and the connection
        response = client.get(args.path)
        assert response.status_code == 200, response.status_code
    queries = []

    def capture(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((time.perf_counter() - started, sql))

    cache_calls = []
    count_cache_calls(cache_calls)
    with connection.execute_wrapper(capture):
        response = clients[0].get(args.path)
    size = len(response.content)
    calls_of_one = list(cache_calls)

    started, cpu = time.perf_counter(), time.process_time()
    for n in range(args.requests):
        clients[n % len(clients)].get(args.path)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu

    profile = cProfile.Profile(time.process_time)
    profile.enable()
    for n in range(args.requests):
        clients[n % len(clients)].get(args.path)
    profile.disable()

    print(f"{args.path} ({'signed in' if args.signed_in else 'anonymous'}): "
          f"{elapsed / args.requests * 1000:.2f} ms per request, of which CPU "
          f"{cpu / args.requests * 1000:.2f} ms (test client included); "
          f"{size / 1024:.0f} KB HTML; cache round trips: {len(calls_of_one)} "
          f"({', '.join(calls_of_one)}); {len(queries)} queries:")
    for seconds, sql in queries:
        print(f"  {seconds * 1000:6.2f} ms  {sql[:300]}")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)
    pstats.Stats(profile).sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
