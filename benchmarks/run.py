"""Load benchmark of the public pages, as in production.

    python benchmarks/run.py [--database-url URL] [--scale 1.0] [--duration 10]
                             [--connections 4] [--skip-seed] [--only PAGE ...]

Seeds a realistic volume (benchmarks/seed.py), starts gunicorn with production settings
(portal/gunicorn.conf.py, 2 sync workers, no recycling), loads every page from a second
process (wrk) on 127.0.0.1 and prints requests per second, p50 and p99 latency, errors,
and the ratio to a bare "ok" view served by the same server, measured in slices that
alternate with the page's (see interleaved()). Then the compressed weight of the home
page. Needs wrk (Debian package `wrk`); the query plans
of the main queries: benchmarks/explain.py.

Sync workers answer one request at a time: more connections than workers only make
requests wait in the socket's queue (the latency then measures the queue). Two per
worker keep both busy, so req/s is their full throughput and p50/p99 what a request
takes with one waiting behind it.
"""

import argparse
import gzip
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# As in benchmarks/settings.py.
BENCH_APPS = ["portal", "officers", "posts", "inbox", "metrics", "federation"]
WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_available():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def manage(env, *args, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True,
        capture_output=capture, text=True,
    )


def prepare_database(env, database_url, *, fresh):
    """The benchmark database with the current models' tables and indexes. Migrations
    are made into var/bench_migrations (see benchmarks/settings.py), never into the
    apps' own folders; a fresh run starts from an empty database and new migrations."""
    scratch = ROOT / "var" / "bench_migrations"
    postgres = database_url.startswith("postgres")
    name = database_url.rsplit("/", 1)[1]
    if fresh:
        shutil.rmtree(scratch, ignore_errors=True)
        if postgres:
            subprocess.run(["dropdb", "--if-exists", "--force", "-h", "127.0.0.1", "-U",
                            "postgres", name], check=True)
    scratch.mkdir(parents=True, exist_ok=True)
    (scratch / "__init__.py").touch()
    if postgres:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name],
                       capture_output=True, check=False)
    manage(env, "makemigrations", *BENCH_APPS, "-v", "0")
    manage(env, "migrate", "--no-input", "-v", "0")


def wait_for(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer at {url}")


def to_ms(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * WRK_UNITS[unit]


def parse_wrk(output):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    errors = 0
    if m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        errors += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                      output):
        errors += sum(int(g) for g in m.groups())
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    quantiles = [(float(p), int(us) / 1000) for p, us in QUANTILE_LINE.findall(output)]
    return {"rps": rps, "p50": p50, "p99": p99, "errors": errors, "requests": requests,
            "quantiles": quantiles}


# Every script ends with this: it prints the latency distribution as quantiles (finer
# near the top), so that the slices of interleaved() can be merged into one.
DONE_LUA = """
done = function(summary, latency, requests)
  local points = {}
  for p = 1, 98 do points[#points + 1] = p end
  for p = 98.1, 99.95, 0.1 do points[#points + 1] = p end
  for _, p in ipairs(points) do
    io.write(string.format("Q %.2f %d\\n", p, latency:percentile(p)))
  end
  io.write(string.format("Q 100.00 %d\\n", latency.max))
end
"""
QUANTILE_LINE = re.compile(r"^Q ([\d.]+) (\d+)$", re.M)


def run_wrk(url, *, duration, connections, script):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "5s",
               "-s", str(script)]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


SLICE = 2  # seconds


def interleaved(url, bare_url, plain, *, duration, connections, script):
    """The page and the bare view, each for `duration` seconds in all, in alternating
    slices of SLICE seconds: on a shared machine the CPU that other work leaves changes
    from second to second, and so both see the same conditions."""
    page_runs, bare_runs = [], []
    for _ in range(max(1, duration // SLICE)):
        bare_runs.append(run_wrk(bare_url, duration=SLICE, connections=connections,
                                 script=plain))
        page_runs.append(run_wrk(url, duration=SLICE, connections=connections, script=script))
    return combined(page_runs), combined(bare_runs)


def combined(runs):
    """One result of several slices: their requests over their time, and percentiles of
    their latencies together (each slice's quantiles weighted by its requests)."""
    requests = sum(r["requests"] for r in runs)
    seconds = sum(r["requests"] / r["rps"] for r in runs if r["rps"])
    mass = []  # (latency, share of all requests)
    for run in runs:
        previous = 0.0
        for p, latency in run["quantiles"]:
            mass.append((latency, run["requests"] * (p - previous) / 100))
            previous = p
    mass.sort()

    def percentile(p):
        wanted, total = requests * p / 100, 0.0
        for latency, share in mass:
            total += share
            if total >= wanted:
                return latency
        return mass[-1][0] if mass else 0.0

    return {
        "rps": requests / seconds if seconds else 0.0,
        "p50": percentile(50), "p99": percentile(99),
        "errors": sum(r["errors"] for r in runs),
        "requests": requests,
    }


def page_weight(base):
    """Bytes of the home page, gzip-compressed as a proxy would send it, and of the
    stylesheets and scripts it loads, as whitenoise sends them compressed."""
    with urllib.request.urlopen(base + "/") as response:  # noqa: S310 (loopback)
        html = response.read()
    sizes = {"HTML": len(gzip.compress(html, compresslevel=6))}
    text = html.decode()
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
    assets += re.findall(r'<script src="([^"]+)"', text)
    for url in assets:
        request = urllib.request.Request(  # noqa: S310 (loopback)
            base + url, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:  # noqa: S310 (loopback)
            sizes[url.rsplit("/", 1)[-1]] = len(response.read())
    sizes["total"] = sum(sizes.values())
    return sizes


def machine():
    """Cores, memory and processor model, for the README table."""
    model = "unknown processor"
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    if m := re.search(r"^Model name:\s+(.+)$", lscpu, re.M):
        model = m.group(1).strip()
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists() and (m := re.search(r"MemTotal:\s+(\d+) kB", meminfo.read_text())):
        memory = f", {int(m.group(1)) / 1024 / 1024:.0f} GB RAM"
    return f"{os.cpu_count()} cores{memory}, {model}"


def lua_string_list(values):
    return "{" + ", ".join(json.dumps(v) for v in values) + "}"


def write_scripts(folder, fixtures):
    """wrk Lua scripts: plain GETs; signed-in reads rotating over prepared sessions; the
    mixed scenario: 90 % anonymous reads, 8 % signed-in reads, 2 % likes and comments."""
    sessions = fixtures["sessions"]
    cookies = [f"sessionid={s['sessionid']}; csrftoken={s['csrf']}" for s in sessions]
    tokens = [s["csrf"] for s in sessions]
    common = f"""
local cookies = {lua_string_list(cookies)}
local tokens = {lua_string_list(tokens)}
local anonymous = {lua_string_list(fixtures["anonymous_paths"])}
local signed_in = {lua_string_list(fixtures["signed_in_paths"])}
local like_paths = {lua_string_list(fixtures["like_paths"])}
local comment_paths = {lua_string_list(fixtures["comment_paths"])}
local n = 0
math.randomseed(os.time())
local function pick(list) return list[math.random(#list)] end
"""
    signed_in = folder / "signed_in.lua"
    signed_in.write_text(common + """
request = function()
  n = n + 1
  local i = (n % #cookies) + 1
  return wrk.format("GET", wrk.path, {["Cookie"] = cookies[i]})
end
""")
    mixed = folder / "mixed.lua"
    mixed.write_text(common + """
request = function()
  n = n + 1
  local roll = math.random(100)
  local i = math.random(#cookies)
  if roll <= 90 then
    return wrk.format("GET", pick(anonymous))
  elseif roll <= 98 then
    return wrk.format("GET", pick(signed_in), {["Cookie"] = cookies[i]})
  end
  local headers = {["Cookie"] = cookies[i], ["X-CSRFToken"] = tokens[i],
                   ["Content-Type"] = "application/x-www-form-urlencoded"}
  if roll == 99 then
    return wrk.format("POST", pick(like_paths), headers, "")
  end
  return wrk.format("POST", pick(comment_paths), headers,
                    "body=Danke+f%C3%BCr+den+Einblick%21+" .. n)
end
""")
    plain = folder / "plain.lua"
    plain.write_text(DONE_LUA)
    for script in (signed_in, mixed):
        script.write_text(script.read_text() + DONE_LUA)
    return plain, signed_in, mixed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/revier_bench"))
    parser.add_argument("--cache-url", default=None,
                        help="default: Redis on 127.0.0.1:6379 if it answers, else the database")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="fraction of the default volume to seed (1.0 = 10,000 posts …)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--connections", type=int, default=4,
                        help="open connections; two per sync worker keep both busy")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-seed", action="store_true", help="reuse the seeded database")
    parser.add_argument("--json", metavar="PATH",
                        help="also write the figures there (benchmarks/growth.py reads them)")
    parser.add_argument("--only", action="append", default=[], metavar="PAGE",
                        help="measure only pages whose label starts with PAGE (repeatable), "
                             "e.g. --only feed --only post")
    args = parser.parse_args()

    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk (make benchmark installs it)")

    cache_url = args.cache_url or (
        "rediscache://127.0.0.1:6379/7" if redis_available() else "dbcache://bench_cache"
    )
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DATABASE_URL": args.database_url, "CACHE_URL": cache_url,
        "MEDIA_ROOT": str(ROOT / "var" / "bench-media"),
        "PRIVATE_MEDIA_ROOT": str(ROOT / "var" / "bench-private"),
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "var")]),
    }
    fresh = not args.skip_seed
    prepare_database(env, args.database_url, fresh=fresh)
    if cache_url.startswith("dbcache"):
        manage(env, "createcachetable")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    fixtures_file = ROOT / "var" / "bench-fixtures.json"
    seed_seconds = None
    if not args.skip_seed or not fixtures_file.exists():
        seeding = time.monotonic()
        subprocess.run([PYTHON, "benchmarks/seed.py", "--scale", str(args.scale),
                        "--out", str(fixtures_file)], cwd=ROOT, env=env, check=True)
        seed_seconds = time.monotonic() - seeding
    fixtures = json.loads(fixtures_file.read_text())

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "portal/gunicorn.conf.py", "--workers",
         str(args.workers), "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null",
         # No recycling after max_requests: at a few thousand requests per second it
         # would replace each worker every few seconds, and the master takes up to a
         # second to start the new one, leaving one worker alone meanwhile.
         "--max-requests", "0",
         "--error-logfile", str(ROOT / "var" / "bench-gunicorn.log"), "portal.wsgi"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    try:
        wait_for(base + "/bench/ok")
        with tempfile.TemporaryDirectory() as folder:
            plain, signed_in_script, mixed_script = write_scripts(Path(folder), fixtures)
            pages = [
                ("home /", "/", plain),
                ("channel", fixtures["channel_path"], plain),
                ("post, 200 comments", fixtures["busy_post_path"], plain),
                ("Atom feed", "/feed.atom", plain),
                ("static file", fixtures["static_path"], plain),
                ("feed, signed in", "/feed/", signed_in_script),
                ("post, signed in", fixtures["busy_post_path"], signed_in_script),
                ("mixed 90/8/2", "/", mixed_script),
            ]
            if args.only:
                pages = [p for p in pages if p[0].startswith(tuple(args.only))]
            results = []
            for label, path, script in pages:
                # A short warm-up fills caches and connection pools first.
                run_wrk(base + path, duration=1, connections=args.connections, script=script)
                figures, bare = interleaved(base + path, base + "/bench/ok", plain,
                                            duration=args.duration,
                                            connections=args.connections, script=script)
                results.append((label, figures, bare))
            weight = page_weight(base)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    print()
    print(f"Revier benchmark: {args.workers} gunicorn sync workers, wrk with "
          f"{args.connections} connections for {args.duration}s per page; database "
          f"{args.database_url.split('://')[0]}, cache {cache_url.split('://')[0]}")
    print(f"machine: {machine()}")
    print(f"seeded: {fixtures['volume']}")
    print()
    header = (f"{'page':<20} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} "
              f"{'ok req/s':>8} {'vs ok':>6}")
    print(header)
    print("-" * len(header))
    for label, figures, bare in results:
        print(f"{label:<20} {figures['rps']:>7.0f} {figures['p50']:>7.2f} "
              f"{figures['p99']:>7.2f} {figures['errors']:>6} {bare['rps']:>8.0f} "
              f"{figures['rps'] / bare['rps']:>6.0%}")
    bares = sorted(bare["rps"] for _label, _figures, bare in results)
    print(f"(ok: a bare view that answers \"ok\", measured in slices alternating with the "
          f"page's; {bares[0]:.0f} to {bares[-1]:.0f} req/s in this run)")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "scale": args.scale, "volume": fixtures["volume"], "seed_seconds": seed_seconds,
            "machine": machine(), "pages": [
                {"page": label, **{k: figures[k] for k in ("rps", "p50", "p99", "errors")}}
                for label, figures, _bare in results],
        }, indent=2))
    print()
    print("home page, compressed: "
          + ", ".join(f"{k} {v / 1024:.1f} KB" for k, v in weight.items()))


if __name__ == "__main__":
    main()
