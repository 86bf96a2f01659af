"""gunicorn settings for production: `gunicorn -c portal/gunicorn.conf.py portal.wsgi`.

Sync workers are simple and fast but a slow client blocks one for as long as it takes
to send or receive, so always run behind a buffering proxy (nginx, a load balancer)
that also caps the upload size.
"""

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
