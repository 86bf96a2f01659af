"""The web side through a real outage: gunicorn as in production on a throwaway PostgreSQL
cluster and a redis-server of its own, each stopped and started by the test.

Database down: readers get the pages stored in the cache, everyone else the portal's 503
page (German first) that shows a comment back that could not be saved; /healthz says
"unhealthy". Cache down: every page renders from the database, the signed-in citizen stays
signed in; /healthz says "degraded". Both recover by themselves."""

import json
import re
import time
from urllib.parse import urlencode

import pytest
import urllib3

from tests.faults.processes import Portal, gunicorn, wait_until
from tests.servers import PostgresCluster, RedisServer, free_port

pytestmark = pytest.mark.once

http = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(connect=2, read=10))


def get(url, *, cookies=None, headers=None):
    headers = dict(headers or {})
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    return http.request("GET", url, headers=headers, redirect=False)


def post(url, fields, *, cookies):
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
               "Content-Type": "application/x-www-form-urlencoded", "Referer": url}
    return http.request("POST", url, body=urlencode(fields), headers=headers, redirect=False)


def cookies_of(response):
    found = {}
    for header in response.headers.getlist("Set-Cookie"):
        name, _, rest = header.partition("=")
        found[name] = rest.split(";", 1)[0]
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    database, redis = PostgresCluster().start(), RedisServer().start()
    portal = Portal(tmp_path_factory.mktemp("web"), database_url=database.url,
                    CACHE_URL=f"rediscache://127.0.0.1:{redis.port}/0",
                    CONN_MAX_AGE="60", CACHE_RETRY_SECONDS="1")
    portal.manage("migrate", "--no-input", "-v", "0")
    made = json.loads(portal.manage(
        "shell", "-c", "from tests.faults.seed import create; create()").stdout.splitlines()[-1])
    web = gunicorn(portal, port=free_port())
    wait_until(lambda: get(web.url + "/healthz").status == 200, timeout=60)
    yield portal, web, database, redis, made
    portal.stop_all()
    redis.stop()
    database.remove()


def test_readers_get_stored_pages_and_others_the_503_page_while_the_database_is_down(site):
    portal, web, database, redis, made = site
    home, post_page, channel = web.url + "/", web.url + made["post"], web.url + made["channel"]
    citizen = {"sessionid": made["session"]}
    for url in (home, post_page):
        assert get(url).status == 200  # stored in the cache for readers
    signed_in = get(post_page, cookies=citizen)
    assert signed_in.status == 200
    citizen |= cookies_of(signed_in)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', signed_in.data).group(1)

    database.stop()
    try:
        assert get(home).status == 200 and b"Streife in der Altstadt" in get(home).data
        assert get(post_page).status == 200
        refused = get(channel)  # never stored: the database is needed
        assert refused.status == 503 and refused.headers["Retry-After"] == "30"
        assert "Vorübergehend nicht erreichbar" in refused.data.decode()
        comment = post(post_page + "comments/", {
            "csrfmiddlewaretoken": token.decode(), "next": made["post"],
            "body": "Danke für die Streife am Marktplatz!"}, cookies=citizen)
        assert comment.status == 503
        assert "Danke für die Streife am Marktplatz!" in comment.data.decode()
        health = get(web.url + "/healthz")
        assert health.status == 503 and json.loads(health.data)["status"] == "unhealthy"
    finally:
        database.start()
    back = time.monotonic()
    took = wait_until(lambda: get(channel).status == 200, timeout=30)
    assert json.loads(get(web.url + "/healthz").data)["status"] == "ok"
    print(f"pages from the database again {took:.2f} s after it started "
          f"({time.monotonic() - back:.2f} s)")


def test_pages_render_from_the_database_and_sessions_hold_while_the_cache_is_down(site):
    portal, web, database, redis, made = site
    citizen = {"sessionid": made["session"]}
    redis.stop()
    try:
        for path in ("/", made["channel"], made["post"]):
            response = get(web.url + path)
            assert response.status == 200, path
        feed = get(web.url + "/feed/", cookies=citizen)
        assert feed.status == 200  # still signed in: the session comes from the database
        health = get(web.url + "/healthz")
        report = json.loads(health.data)
        assert health.status == 200 and report["status"] == "degraded"
        assert report["cache"] == "down" and report["database"] == "ok"
    finally:
        redis.start()
    took = wait_until(lambda: json.loads(get(web.url + "/healthz").data)["cache"] == "ok",
                      timeout=30)
    print(f"cache used again {took:.2f} s after Redis started")


def test_a_chunked_upload_through_gunicorn_gets_a_clear_message(site):
    portal, web, database, redis, made = site
    body = (part for part in (b"--x\r\nContent-Disposition: form-data; name=caption\r\n\r\n",
                              b"Streife\r\n--x--\r\n"))
    response = http.request(
        "POST", web.url + "/studio/new/", body=body, chunked=True, redirect=False,
        headers={"Content-Type": "multipart/form-data; boundary=x",
                 "Cookie": f"sessionid={made['session']}"})
    assert response.status == 411
    assert "ohne Größenangabe gesendet" in response.data.decode()
