"""Load benchmark of the public pages, as in production.

    python benchmarks/run.py [--database-url URL] [--scale 1.0] [--duration 10]
                             [--connections 4] [--skip-seed] [--only PAGE ...]
                             [--no-nginx]

Seeds a realistic volume (benchmarks/seed.py), starts gunicorn with production settings
(portal/gunicorn.conf.py, 2 sync workers, no recycling), loads every page from a second
process (wrk) on 127.0.0.1 and prints requests per second, p50 and p99 latency, errors,
and the ratio to three references, each served by its own gunicorn with as many sync
workers and measured in slices that alternate with the page's (see interleaved()):

- a bare Django project, made with `django-admin startproject` into a temporary folder
  at benchmark time, with one view that answers "ok" and Django's default middleware:
  what any Django site costs at least (the README's reference);
- a raw WSGI app that answers "ok": the ceiling of gunicorn on this machine;
- Revier's own "ok" view (/bench/ok), through Revier's whole middleware stack.

Then the same pages through nginx (Debian's package, started here with the
configuration of docs/deploy.md: micro-cache, request buffering, body size cap), and
200 slow clients (benchmarks/slow_clients.py) against gunicorn directly and through
nginx while the mixed scenario runs. Then the compressed weight of the home page.
Needs wrk and nginx (Debian packages `wrk`, `nginx-light`; `make benchmark` installs
them); the query plans of the main queries: benchmarks/explain.py.

Sync workers answer one request at a time: more connections than workers only make
requests wait in the socket's queue (the latency then measures the queue). Two per
worker keep both busy, so req/s is their full throughput and p50/p99 what a request
takes with one waiting behind it.
"""

import argparse
import gzip
import json
import os
import pwd
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
    # No latency lines when nothing was answered (all clients blocked).
    p50 = to_ms(m.group(1)) if (m := re.search(r"^\s+50%\s+(\S+)", output, re.M)) else 0.0
    p99 = to_ms(m.group(1)) if (m := re.search(r"^\s+99%\s+(\S+)", output, re.M)) else 0.0
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


def interleaved(targets, *, duration, connections):
    """Each of `targets` ({name: (url, script)}), for `duration` seconds in all, in
    alternating slices of SLICE seconds: on a shared machine the CPU that other work
    leaves changes from second to second, and so all see the same conditions."""
    runs = {name: [] for name in targets}
    for _ in range(max(1, duration // SLICE)):
        for name, (url, script) in targets.items():
            runs[name].append(run_wrk(url, duration=SLICE, connections=connections,
                                      script=script))
    return {name: combined(r) for name, r in runs.items()}


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


RAW_WSGI_APP = """\
def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [b"ok"]
"""
BARE_VIEW = """
from django.http import HttpResponse


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns.append(path("ok", ok))
"""


def make_references(folder):
    """A bare Django project (startproject, one view, its default middleware) and a raw
    WSGI app in `folder`: (folder of the project, folder of the app)."""
    bare = folder / "bare"
    bare.mkdir()
    subprocess.run([PYTHON, "-m", "django", "startproject", "bareproject", str(bare)],
                   check=True, env=clean_env(), cwd=folder)
    settings = bare / "bareproject" / "settings.py"
    text = settings.read_text().replace("DEBUG = True", "DEBUG = False")
    settings.write_text(text.replace("ALLOWED_HOSTS = []",
                                     'ALLOWED_HOSTS = ["127.0.0.1", "localhost"]'))
    urls = bare / "bareproject" / "urls.py"
    urls.write_text(urls.read_text() + BARE_VIEW)
    raw = folder / "raw"
    raw.mkdir()
    (raw / "rawapp.py").write_text(RAW_WSGI_APP)
    return bare, raw


def clean_env():
    """The environment of a reference server: nothing of Revier's settings."""
    return {k: v for k, v in os.environ.items()
            if k not in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH", "DATABASE_URL", "CACHE_URL")}


def gunicorn(app, port, *, workers, cwd, env, config=None):
    command = [PYTHON, "-m", "gunicorn", "--workers", str(workers),
               "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null",
               # No recycling after max_requests: at a few thousand requests per second it
               # would replace each worker every few seconds, and the master takes up to a
               # second to start the new one, leaving one worker alone meanwhile.
               "--max-requests", "0",
               "--error-logfile", str(ROOT / "var" / f"bench-gunicorn-{port}.log")]
    if config:
        command += ["-c", config]
    return subprocess.Popen([*command, app], cwd=cwd, env=env, start_new_session=True)


NGINX_CONF = """\
# The configuration of docs/deploy.md, with the paths of a temporary folder.
{user}
worker_processes auto;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 4096; }}

http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
{body}
}}
"""


def nginx_server_block(folder, upstream_port, port):
    """The `http` part of docs/deploy.md's nginx configuration: read from there, so the
    benchmark measures what the documentation says."""
    text = (ROOT / "docs" / "deploy.md").read_text()
    block = re.search(r"```nginx\n(.*?)```", text, re.S).group(1)
    return (block.replace("/var/cache/nginx/revier", f"{folder}/cache")
            .replace("127.0.0.1:8000", f"127.0.0.1:{upstream_port}")
            .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port};")
            .replace("server_name revier.example;", "server_name 127.0.0.1;"))


def start_nginx(folder, upstream_port, port):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    folder.mkdir()
    body = "\n".join("    " + line for line in
                     nginx_server_block(folder, upstream_port, port).splitlines())
    # Drop what needs certificates: the benchmark speaks plain HTTP on loopback.
    body = "\n".join(line for line in body.splitlines() if "ssl_" not in line)
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    conf = folder / "nginx.conf"
    conf.write_text(NGINX_CONF.format(user=user, folder=folder, body=body))
    subprocess.run([nginx, "-t", "-q", "-p", str(folder), "-c", str(conf), "-e",
                    str(folder / "error.log")], check=True)
    return subprocess.Popen([nginx, "-p", str(folder), "-c", str(conf), "-e",
                             str(folder / "error.log"), "-g", "daemon off;"],
                            start_new_session=True)


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
    parser.add_argument("--duration", type=int, default=6,
                        help="seconds per page and per reference")
    parser.add_argument("--connections", type=int, default=4,
                        help="open connections; two per sync worker keep both busy")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-seed", action="store_true", help="reuse the seeded database")
    parser.add_argument("--json", metavar="PATH",
                        help="also write the figures there (benchmarks/growth.py reads them)")
    parser.add_argument("--only", action="append", default=[], metavar="PAGE",
                        help="measure only pages whose label starts with PAGE (repeatable), "
                             "e.g. --only feed --only post")
    parser.add_argument("--no-nginx", action="store_true",
                        help="measure directly only, without nginx and the slow clients")
    args = parser.parse_args()

    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk (make benchmark installs it)")
    if not args.no_nginx and not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        raise SystemExit("nginx is missing: apt-get install nginx-light (make benchmark "
                         "installs it), or --no-nginx")

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

    load_before, busy = os.getloadavg(), other_processes()
    port, bare_port, raw_port = free_port(), free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    servers, nginx = [], None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bare, raw = make_references(folder)
        servers.append(gunicorn("portal.wsgi", port, workers=args.workers, cwd=ROOT, env=env,
                                config="portal/gunicorn.conf.py"))
        servers.append(gunicorn("bareproject.wsgi", bare_port, workers=args.workers, cwd=bare,
                                env=clean_env()))
        servers.append(gunicorn("rawapp:application", raw_port, workers=args.workers,
                                cwd=raw, env=clean_env()))
        try:
            wait_for(base + "/bench/ok")
            wait_for(f"http://127.0.0.1:{bare_port}/ok")
            wait_for(f"http://127.0.0.1:{raw_port}/")
            plain, signed_in_script, mixed_script = write_scripts(folder, fixtures)
            references = {
                "bare Django": (f"http://127.0.0.1:{bare_port}/ok", plain),
                "raw WSGI": (f"http://127.0.0.1:{raw_port}/", plain),
                "Revier ok": (base + "/bench/ok", plain),
            }
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
            results = measure(base, pages, references, args)
            proxied, slow = [], []
            if not args.no_nginx:
                nginx_port = free_port()
                nginx = start_nginx(folder / "nginx", port, nginx_port)
                proxy = f"http://127.0.0.1:{nginx_port}"
                wait_for(proxy + "/bench/ok")
                proxied = measure(proxy, [p for p in pages if p[0] != "static file"],
                                  references, args)
                slow = slow_client_runs(base, proxy, mixed_script, args)
            weight = page_weight(base)
        finally:
            for process in [nginx, *servers]:
                if process is not None:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=30)

    print()
    print(f"Revier benchmark: {args.workers} gunicorn sync workers per server, wrk with "
          f"{args.connections} connections for {args.duration}s per page and reference; "
          f"database {args.database_url.split('://')[0]}, cache {cache_url.split('://')[0]}")
    print(f"machine: {machine()}")
    print(f"load average (1, 5, 15 min) before: {fmt_load(load_before)}, "
          f"after: {fmt_load(os.getloadavg())}")
    print(f"busiest other processes before: {busy}")
    print(f"seeded: {fixtures['volume']}")
    print_table("directly to gunicorn", results)
    if proxied:
        print_table("through nginx (micro-cache, request buffering), references direct",
                    proxied)
    refs = {name: sorted(f[name]["rps"] for _label, f in results + proxied) for name in
            references}
    print("references, measured in slices alternating with each page's: "
          + "; ".join(f"{name} {r[0]:.0f} to {r[-1]:.0f} req/s" for name, r in refs.items()))
    print("(bare Django: startproject, one view, its default middleware; raw WSGI: a "
          "function that answers 'ok'; Revier ok: /bench/ok through Revier's middleware)")
    if slow:
        print()
        print("mixed 90/8/2 while 200 slow clients (half trickle headers, half a body) hold "
              "connections:")
        for label, figures, report in slow:
            print(f"  {label:<24} {figures['rps']:>7.0f} req/s  p99 {figures['p99']:>7.2f} ms  "
                  f"errors {figures['errors']}  ({report})")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "scale": args.scale, "volume": fixtures["volume"], "seed_seconds": seed_seconds,
            "machine": machine(), "pages": [
                {"page": label, **{k: figures["page"][k] for k in ("rps", "p50", "p99", "errors")}}
                for label, figures in results],
        }, indent=2))
    print()
    print("home page, compressed: "
          + ", ".join(f"{k} {v / 1024:.1f} KB" for k, v in weight.items()))


def measure(base, pages, references, args):
    results = []
    for label, path, script in pages:
        # A short warm-up fills caches and connection pools first.
        run_wrk(base + path, duration=1, connections=args.connections, script=script)
        figures = interleaved({"page": (base + path, script), **references},
                              duration=args.duration, connections=args.connections)
        results.append((label, figures))
    return results


def slow_client_runs(base, proxy, mixed_script, args):
    """The mixed scenario with 200 slow clients: through nginx, then straight to gunicorn
    (where they hold the sync workers: the reason for the proxy)."""
    runs = []
    seconds = max(args.duration, 6)
    for label, target in (("through nginx", proxy), ("directly to gunicorn", base)):
        slow = subprocess.Popen(
            [PYTHON, str(ROOT / "benchmarks" / "slow_clients.py"), target.rsplit(":", 1)[1],
             "--clients", "200", "--seconds", str(seconds + 4)],
            stdout=subprocess.PIPE, text=True)
        time.sleep(2)  # all connected
        figures = run_wrk(target + "/", duration=seconds, connections=args.connections,
                          script=mixed_script)
        report = slow.communicate(timeout=seconds + 60)[0].strip()
        runs.append((label, figures, report))
    wait_for(base + "/bench/ok", timeout=90)  # the workers are free again
    return runs


def print_table(title, results):
    print()
    print(title)
    header = (f"{'page':<20} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} "
              f"{'vs bare Django':>14} {'vs raw WSGI':>11} {'vs Revier ok':>12}")
    print(header)
    print("-" * len(header))
    for label, f in results:
        page = f["page"]
        ratios = [page["rps"] / f[name]["rps"] if f[name]["rps"] else 0.0
                  for name in ("bare Django", "raw WSGI", "Revier ok")]
        print(f"{label:<20} {page['rps']:>7.0f} {page['p50']:>7.2f} {page['p99']:>7.2f} "
              f"{page['errors']:>6} {ratios[0]:>14.0%} {ratios[1]:>11.0%} {ratios[2]:>12.0%}")


def fmt_load(load):
    return ", ".join(f"{x:.2f}" for x in load)


def other_processes():
    """The processes that used the most CPU lately (other engineers share the machine)."""
    out = subprocess.run(["ps", "-eo", "pcpu,comm", "--sort=-pcpu", "--no-headers"],
                         capture_output=True, text=True, check=False).stdout.split("\n")
    top = [line.split(None, 1) for line in out[:6] if line.strip()]
    return ", ".join(f"{name} {cpu}%" for cpu, name in top if float(cpu) >= 1) or "none"


if __name__ == "__main__":
    main()
