"""gunicorn settings for production: `gunicorn -c portal/gunicorn.conf.py portal.wsgi`.

Sync workers are simple and fast but a slow client blocks one for as long as it takes
to send or receive, so always run behind a buffering proxy (nginx, a load balancer)
that also caps the upload size.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Uploads of up to 200 MB from phones on the proxy side; the app side gets the buffered body.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
preload_app = True


def when_ready(server):
    """With preload_app the master has set Django up before it forks the workers. It
    also loads what each worker would otherwise load on its first request (every view
    module through the URLconf, both translation catalogues, the main templates), so a
    fresh worker (also one that replaces another after max_requests) answers at once."""
    if not server.cfg.preload_app:
        return
    # Django is set up by now (preload_app), not yet when gunicorn reads this file.
    from django.conf import settings
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 (imports every view module)
    for code, _name in settings.LANGUAGES:
        translation.activate(code)
    translation.deactivate()
    for name in ("base.html", "portal/home.html", "officers/channel.html",
                 "posts/detail.html", "posts/feed.html"):
        get_template(name)
    # All of that lives as long as the process. Frozen, the garbage collector no longer
    # walks it: a full collection over the ~180,000 objects of a loaded Django took
    # 60 to 130 ms on the benchmark machine (the slowest requests of the mixed
    # scenario), and the forked workers keep sharing those memory pages with the master
    # instead of writing to them.
    gc.freeze()
