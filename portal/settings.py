"""Settings for Revier, read from the environment (see .env.example).

Defaults exist only for the embedded set-up (SQLite, local files). With DEBUG off
the secret key and the host names must be given.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.FileAwareEnv()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-only-for-debug")
else:
    SECRET_KEY = env("SECRET_KEY")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "portal",
    "officers",
    "posts",
    "inbox",
    "accessibility",
    "metrics",
    "federation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",  # the account's list of sessions, "sign out everywhere else"
    "django_tasks",
    "django_tasks_db",
    "csp",
]

MIDDLEWARE = [
    # Answers stored anonymous pages before everything below (portal/pagecache.py).
    "portal.pagecache.stored_pages",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.security_headers",
    "portal.middleware.length_required",
    "csp.middleware.CSPMiddleware",
    # Before the page cache and the session: an ActivityPub request for a channel or a
    # post is answered by the federation app and never reaches (nor fills) a stored page.
    "federation.middleware.activitypub_negotiation",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "portal.middleware.PrivatePages",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "portal.middleware.staff_second_factor",
    # The studio's and the admin's pages show unpublished media through signed links.
    "portal.media.serving.private_media_links",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "portal.context_processors.site",
                "portal.pagecache.csrf_placeholder",
                "officers.context_processors.nav_officers",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command",
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://revier")}
# Redis through a backend that does without it while it is down (portal/cache.py), asking
# it again after CACHE_RETRY_SECONDS; short timeouts so that a hanging Redis costs little.
CACHE_RETRY_SECONDS = env.float("CACHE_RETRY_SECONDS", default=2)
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    CACHES["default"]["BACKEND"] = "portal.cache.FailSafeRedisCache"
    CACHES["default"].setdefault("OPTIONS", {})
    CACHES["default"]["OPTIONS"].setdefault("SOCKET_CONNECT_TIMEOUT", 0.5)
    CACHES["default"]["OPTIONS"].setdefault("SOCKET_TIMEOUT", 1)
# Anonymous pages are served from the cache (portal/pagecache.py): for at most
# PAGE_CACHE_SECONDS after a change that no version covers, and for at most
# PAGE_CACHE_STALE_SECONDS after any change made through another process (each process
# keeps the pages it served in its own memory that long; with the local-memory cache,
# which other processes never see, that is the whole life of a stored page).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)
PAGE_CACHE_STALE_SECONDS = env.int("PAGE_CACHE_STALE_SECONDS", default=2)
# A shared cache in front (nginx's micro-cache, a CDN) may keep an anonymous page for
# PAGE_CACHE_PROXY_SECONDS (s-maxage) and serve it for PAGE_CACHE_PROXY_STALE_SECONDS more
# while it fetches a fresh one (stale-while-revalidate). 0: it must ask every time.
PAGE_CACHE_PROXY_SECONDS = env.int("PAGE_CACHE_PROXY_SECONDS", default=5)
PAGE_CACHE_PROXY_STALE_SECONDS = env.int("PAGE_CACHE_PROXY_STALE_SECONDS", default=15)
# Sessions are read from a shared in-memory cache (Redis, Memcached) when there is one
# and kept in the database as well. A local-memory cache is each process's own (a session
# ended in one process would live on in the others) and a database cache gains nothing.
_SHARED_MEMORY_CACHE = any(name in CACHES["default"]["BACKEND"].lower()
                           for name in ("redis", "memcached"))
SESSION_ENGINE = "django.contrib.sessions.backends." + (
    "cached_db" if _SHARED_MEMORY_CACHE else "db")

AUTH_USER_MODEL = "portal.User"
# allauth's backend only (it is a ModelBackend for permissions), reading the signed-in
# user from the cache: with Django's ModelBackend in front, a failed login would hash
# the password twice.
AUTHENTICATION_BACKENDS = [
    "portal.backends.CachedUserBackend",
]
# Signed-in users (and whom they follow) are read from the cache only when it is shared by
# every process.
CACHE_SIGNED_IN_USERS = env.bool("CACHE_SIGNED_IN_USERS", default=_SHARED_MEMORY_CACHE)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
SITE_ID = 1

# django-allauth: e-mail is the login; a citizen must verify it before writing.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Revier] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_RATE_LIMITS = {
    # "key" is the account and the client's address together (see AccountAdapter): a
    # stranger's failures never lock out the real user; the account as a whole is slowed
    # down (LOGIN_SLOWDOWN_*), never walled.
    "login_failed": env("RATE_LOGIN_FAILED", default="10/m/ip,5/5m/key"),
    "signup": env("RATE_SIGNUP", default="20/h/ip"),
    "reset_password": env("RATE_RESET_PASSWORD", default="20/m/ip,5/m/key"),
}
# A notice to the account's address whenever its password, address or second factor changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# allauth asks for the password again before a second factor changes, unless it was
# typed this long ago (seconds): also at sign-in (portal.accounts.AccountAdapter).
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_ADAPTER = "portal.accounts.AccountAdapter"
# After this many failed logins for one account (from all addresses) within the window,
# every further try for it waits LOGIN_SLOWDOWN_SECONDS before the password is checked.
LOGIN_SLOWDOWN_AFTER = env.int("LOGIN_SLOWDOWN_AFTER", default=20)
LOGIN_SLOWDOWN_WINDOW = env.int("LOGIN_SLOWDOWN_WINDOW", default=15 * 60)
LOGIN_SLOWDOWN_SECONDS = env.float("LOGIN_SLOWDOWN_SECONDS", default=2.0)
# Tell the account holder by e-mail when their password, e-mail address or second
# factor changes (allauth's notices, with time, address and browser of the change).
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_SIGNUP_FORM_CLASS = "portal.accounts.SignupExtraForm"
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
# Authenticator-app secrets and recovery seeds are encrypted in the database
# (portal/mfa.py) with the first of these Fernet keys (`Fernet.generate_key()`); the
# others still decrypt, for a key change. Without one a key is derived from SECRET_KEY,
# so a new SECRET_KEY needs the old derived key listed here (see docs/deploy.md).
MFA_ADAPTER = "portal.mfa.MFAAdapter"
MFA_ENCRYPTION_KEYS = env.list("MFA_ENCRYPTION_KEYS", default=[])
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
# The portal's own messages (makemessages writes them), then its wording of the libraries'
# (allauth's, Django's) messages, which makemessages would drop as not in the code.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "overrides" / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# Static files are served by the portal itself (whitenoise, hashed names).
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Media: public renditions under MEDIA_ROOT, uploaded originals in a private store
# that has no URL at all.
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)

MEDIA_STORAGE = env("MEDIA_STORAGE", default="local")
# Public renditions have random names and never change, but they go offline the moment
# their post is withdrawn (and come back under new names): the origin answers 404 at
# once, and a browser or proxy that fetched one keeps it at most this long, then asks
# again (see README, "Security"). Originals are only read by the task worker, through
# signed requests.
PUBLIC_MEDIA_MAX_AGE = env.int("PUBLIC_MEDIA_MAX_AGE", default=60 * 60)
PUBLIC_MEDIA_CACHE_CONTROL = f"public, max-age={PUBLIC_MEDIA_MAX_AGE}"
# Signed links to private media (drafts, posts in review or withdrawn) for the officer
# and the press office: valid this long (posts.media_links).
PRIVATE_MEDIA_LINK_SECONDS = env.int("PRIVATE_MEDIA_LINK_SECONDS", default=60 * 60)


def s3_storages(**s3):
    """STORAGES for one bucket of an S3-compatible store: public renditions under
    `public/` (a bucket policy lets anyone read them), originals under `private/`."""
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**s3, "location": "public", "querystring_auth": False,
                        "object_parameters": {"CacheControl": PUBLIC_MEDIA_CACHE_CONTROL}},
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**s3, "location": "private", "default_acl": "private",
                        "querystring_expire": 300},
        },
    }


if MEDIA_STORAGE == "s3":
    STORAGES = s3_storages(
        bucket_name=env("S3_BUCKET"),
        endpoint_url=env("S3_ENDPOINT_URL", default=None),
        region_name=env("S3_REGION", default=None),
        access_key=env("S3_ACCESS_KEY_ID", default=None),
        secret_key=env("S3_SECRET_ACCESS_KEY", default=None),
        file_overwrite=False,
    )
    STORAGES["default"]["OPTIONS"]["custom_domain"] = env("S3_PUBLIC_DOMAIN", default=None)
else:
    STORAGES = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": MEDIA_ROOT, "base_url": MEDIA_URL},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
        },
    }
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

# Uploads: the proxy caps the body in production; Django streams large files to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=220 * 1024 * 1024)
# Resumable uploads (tus): the largest piece one request may carry (the studio sends
# 4 MB pieces: a dropped connection costs at most one), how many unfinished or unused
# uploads an officer may have, and how long one is kept after its last piece.
RESUMABLE_CLIENT_PIECE_BYTES = env.int("RESUMABLE_CLIENT_PIECE_BYTES", default=4 * 1024 * 1024)
RESUMABLE_PIECE_MAX_BYTES = env.int("RESUMABLE_PIECE_MAX_BYTES", default=8 * 1024 * 1024)
RESUMABLE_UPLOADS_PER_USER = env.int("RESUMABLE_UPLOADS_PER_USER", default=20)
RESUMABLE_UPLOAD_EXPIRY_HOURS = env.int("RESUMABLE_UPLOAD_EXPIRY_HOURS", default=24)
FILE_UPLOAD_PERMISSIONS = 0o640

# E-mail, sent by the task worker.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Revier <noreply@revier.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: the database task backend and its worker (manage.py db_worker).
TASKS = {
    "default": {
        "BACKEND": env("TASK_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Security headers. Reading needs no cookie; cookies are only set for sign-in.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *env.list("CSP_MEDIA_HOSTS", default=[])],
        "media-src": ["'self'", "blob:", *env.list("CSP_MEDIA_HOSTS", default=[])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # The service worker and the manifest come from the portal itself.
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Pages where the phone camera may be used (the studio); everywhere else it is off.
CAMERA_ALLOWED_PATHS = ("/studio/",)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.request": {"level": "WARNING"}},
}

# Portal behaviour.
EMERGENCY_NUMBER = "110"
ONLINE_POLICE_STATION_URL = env(
    "ONLINE_POLICE_STATION_URL", default="https://www.onlinewache.polizei.de/"
)
PAGE_SIZE = 24
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365

# The task worker (portal/worker.py): a heartbeat every TASK_HEARTBEAT_SECONDS; a task
# whose worker has not been seen for TASK_LEASE_SECONDS runs again elsewhere, at most
# TASK_MAX_ATTEMPTS times; temporary files in a folder per worker under TASK_TEMP_ROOT.
TASK_HEARTBEAT_SECONDS = env.float("TASK_HEARTBEAT_SECONDS", default=10)
TASK_LEASE_SECONDS = env.float("TASK_LEASE_SECONDS", default=60)
TASK_MAX_ATTEMPTS = env.int("TASK_MAX_ATTEMPTS", default=3)
TASK_TEMP_ROOT = env.path("TASK_TEMP_ROOT", default=BASE_DIR / "var" / "tmp")
# A public file written by a job that died before saving its row is deleted after this
# long (longer than any processing takes); an upload still "processing" after
# MEDIA_STUCK_SECONDS with no task for it is enqueued again.
PENDING_FILE_SECONDS = env.int("PENDING_FILE_SECONDS", default=3600)
MEDIA_STUCK_SECONDS = env.int("MEDIA_STUCK_SECONDS", default=15 * 60)
# /healthz says "degraded" when a task has waited longer than this.
HEALTH_TASK_WAIT_SECONDS = env.int("HEALTH_TASK_WAIT_SECONDS", default=300)

# (dotted path of a task, interval in seconds), enqueued by `manage.py scheduler`.
PERIODIC_TASKS = [
    ("posts.tasks.publish_due_posts", 60),  # scheduled posts go public
    ("posts.tasks.expire_due_posts", 60),  # posts with an end date go off
    ("portal.tasks.delete_expired_records", 60 * 60),  # sessions, finished task records
    ("posts.tasks.delete_expired_uploads", 60 * 60),  # abandoned resumable uploads
]
# Finished background tasks (e-mails with their address, never their text or links) are
# kept this long for troubleshooting, then deleted (the privacy page says so).
TASK_RESULTS_KEEP_DAYS = env.int("TASK_RESULTS_KEEP_DAYS", default=1)

# Citizen writes per account and per address (see portal/ratelimit.py).
RATE_LIMITS = {
    "comment": env("RATE_COMMENT", default="10/m"),
    "like": env("RATE_LIKE", default="60/m"),
    "follow": env("RATE_FOLLOW", default="30/m"),
    "report": env("RATE_REPORT", default="10/h"),
    "question": env("RATE_QUESTION", default="5/h"),
    # "Problem melden" on a post: no account needed, so per address only.
    "problem_report": env("RATE_PROBLEM_REPORT", default="5/h"),
}
# Problem reports on posts: the reader's address and text are removed this many days
# after the press office resolved the report (the privacy page says so).
PROBLEM_REPORT_RETENTION_DAYS = env.int("PROBLEM_REPORT_RETENTION_DAYS", default=30)
PERIODIC_TASKS.append(("posts.tasks.anonymise_problem_reports", 60 * 60))
# A comment reported by this many citizens is hidden until the press office reviews it.
COMMENT_REPORTS_TO_HIDE = env.int("COMMENT_REPORTS_TO_HIDE", default=3)
# Seconds before the author of a comment is e-mailed about another reply to it.
REPLY_EMAIL_INTERVAL = env.int("REPLY_EMAIL_INTERVAL", default=3600)
# From this hour (local time) on, officers with comments to answer get their daily e-mail.
COMMENT_REMINDER_HOUR = env.int("COMMENT_REMINDER_HOUR", default=8)
PERIODIC_TASKS.append(("posts.tasks.remind_of_waiting_comments", 15 * 60))
PERIODIC_TASKS.append(("posts.tasks.requeue_stuck_media", 5 * 60))
PERIODIC_TASKS.append(("portal.tasks.delete_abandoned_files", 15 * 60))
# Media files in the wrong store (a move that failed or was cut short) are moved.
PERIODIC_TASKS.append(("posts.tasks.place_misplaced_media", 60))
# How many proxies in front of the app add themselves to X-Forwarded-For: one in the
# deployment of docs/deploy.md, none in the embedded set-up (DEBUG). Set it to 0 only
# when clients reach gunicorn directly (`check --deploy` warns about 0).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0 if DEBUG else 1)

# Inbox (citizen questions): answers usually come within this many hours (stated to the
# citizen); answered conversations the citizen leaves alone close after
# INBOX_AUTO_CLOSE_DAYS; closed ones are anonymised after INBOX_RETENTION_DAYS.
INBOX_TARGET_HOURS = env.int("INBOX_TARGET_HOURS", default=24)
INBOX_AUTO_CLOSE_DAYS = env.int("INBOX_AUTO_CLOSE_DAYS", default=30)
INBOX_RETENTION_DAYS = env.int("INBOX_RETENTION_DAYS", default=180)
PERIODIC_TASKS.append(("inbox.tasks.apply_retention", 60 * 60))
RATE_LIMITS.setdefault("question_reply", env("RATE_QUESTION_REPLY", default="20/h"))

# Pilot figures (metrics/): view counters move from the cache to the database
# every 5 minutes; the daily snapshots (yesterday and today) are brought up to date hourly.
PERIODIC_TASKS.append(("metrics.tasks.flush_view_counts", 300))
PERIODIC_TASKS.append(("metrics.tasks.take_daily_snapshots", 3600))

# Redaction: the detector that suggests areas to blur, as a dotted class path (see
# portal.media.redaction.Detector). The default runs offline: faces with the CenterFace
# network (its model file in REDACTION_MODELS_DIR, put there by `make models`), plates and
# text with Tesseract. portal.media.redaction.HaarDetector needs neither, and finds far less.
REDACTION_DETECTOR = env(
    "REDACTION_DETECTOR", default="portal.media.faces.CenterFaceDetector"
)
REDACTION_MODELS_DIR = env.path("REDACTION_MODELS_DIR", default=str(BASE_DIR / "var" / "models"))

# Web Push (portal/push/): the server's VAPID key (RFC 8292), PEM or base64url; also from
# a file with VAPID_PRIVATE_KEY_FILE. Without one, the embedded set-up (DEBUG) makes a key
# pair in var/ on first use; in production push stays off until a key is given.
VAPID_PRIVATE_KEY = env("VAPID_PRIVATE_KEY", default="")
VAPID_KEY_FILE = env("VAPID_KEY_FILE", default=str(BASE_DIR / "var" / "vapid-private.pem")
                     if DEBUG else "")
# Whom a push service may contact about our messages: mailto: or an https:// URL.
VAPID_SUBJECT = env("VAPID_SUBJECT", default="mailto:" + (
    DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">").strip()))
# The push services a browser's subscription may name (its endpoint's origin; "*." for
# any subdomain): the worker sends requests only there. Chrome, Edge, Firefox, Safari.
PUSH_SERVICES = env.list("PUSH_SERVICES", default=[
    "https://fcm.googleapis.com", "https://*.push.services.mozilla.com",
    "https://web.push.apple.com", "https://*.notify.windows.com",
])
# How long a push service keeps a message for a device that is off (seconds), and how long
# the worker waits for the push service.
PUSH_TTL = env.int("PUSH_TTL", default=24 * 60 * 60)
PUSH_TIMEOUT = env.float("PUSH_TIMEOUT", default=10)
RATE_LIMITS.setdefault("push_subscribe", env("RATE_PUSH_SUBSCRIBE", default="20/h"))
# Federation (ActivityPub, the federation app): off unless switched on. The embedded demo
# runs on a loopback address no other server can reach, and making the police channels
# public Fediverse accounts is the authority's own decision (see README, "Fediverse").
FEDERATION_ENABLED = env.bool("FEDERATION_ENABLED", default=False)
# The authority's own actor (@polizei@<domain>) that announces every published post.
FEDERATION_AUTHORITY_HANDLE = env("FEDERATION_AUTHORITY_HANDLE", default="polizei")
FEDERATION_AUTHORITY_NAME = env("FEDERATION_AUTHORITY_NAME", default="Polizei")
# Private keys of the actors are stored encrypted with a key derived from this secret.
FEDERATION_KEY_SECRET = env("FEDERATION_KEY_SECRET", default=SECRET_KEY)
# Authorized fetch: posts, outboxes and follower lists only to signed requests.
FEDERATION_AUTHORIZED_FETCH = env.bool("FEDERATION_AUTHORIZED_FETCH", default=False)
# Remote fetches: never to private or loopback addresses (tests on loopback turn it on).
FEDERATION_ALLOW_PRIVATE_ADDRESSES = env.bool("FEDERATION_ALLOW_PRIVATE_ADDRESSES",
                                              default=False)
FEDERATION_ALLOW_HTTP = env.bool("FEDERATION_ALLOW_HTTP", default=False)
# Replies from other servers wait for the press office's release before they are shown
# (as the Note says in its interactionPolicy); off: shown at once unless a check holds them.
FEDERATION_HOLD_REPLIES = env.bool("FEDERATION_HOLD_REPLIES", default=True)
# Per remote account and per remote server: replies and messages taken in (portal.ratelimit).
FEDERATION_RATE_ACCOUNT = env("FEDERATION_RATE_ACCOUNT", default="10/m")
FEDERATION_RATE_SERVER = env("FEDERATION_RATE_SERVER", default="120/m")
# Remote accounts nothing refers to any more are deleted this long after we last heard
# of them; reviewed reports from other servers this long after the review.
FEDERATION_ACTOR_RETENTION_DAYS = env.int("FEDERATION_ACTOR_RETENTION_DAYS", default=30)
FEDERATION_REPORT_RETENTION_DAYS = env.int("FEDERATION_REPORT_RETENTION_DAYS", default=180)
PERIODIC_TASKS.append(("federation.tasks.apply_retention", 60 * 60))
FEDERATION_FETCH_MAX_BYTES = env.int("FEDERATION_FETCH_MAX_BYTES", default=1_000_000)
FEDERATION_FETCH_TIMEOUT = env.float("FEDERATION_FETCH_TIMEOUT", default=10.0)
# An incoming signature's Date may be this many seconds off our clock.
FEDERATION_SIGNATURE_MAX_SKEW = env.int("FEDERATION_SIGNATURE_MAX_SKEW", default=3600)
# Deliveries are retried with exponential backoff for this long, then the inbox is dead.
FEDERATION_RETRY_SECONDS = env.int("FEDERATION_RETRY_SECONDS", default=2 * 24 * 3600)
FEDERATION_RETRY_FIRST_DELAY = env.int("FEDERATION_RETRY_FIRST_DELAY", default=60)
FEDERATION_RETRY_MAX_DELAY = env.int("FEDERATION_RETRY_MAX_DELAY", default=6 * 3600)
# A claimed delivery whose worker died is taken up again after this many seconds.
FEDERATION_CLAIM_SECONDS = env.int("FEDERATION_CLAIM_SECONDS", default=120)
# How many delivery tasks one published post starts at once; each claims deliveries in
# batches and sends so many of a batch at once (1: one after the other, no threads).
FEDERATION_DELIVERY_WORKERS = env.int("FEDERATION_DELIVERY_WORKERS", default=2)
FEDERATION_DELIVERY_BATCH = env.int("FEDERATION_DELIVERY_BATCH", default=32)
FEDERATION_DELIVERY_THREADS = env.int("FEDERATION_DELIVERY_THREADS", default=8)
PERIODIC_TASKS.append(("federation.tasks.deliver_due", 60))

# Accessibility (the accessibility app; README "Accessibility duties"). The body a person
# may turn to when the answer to their feedback does not satisfy them (BGG § 16, BITV 2.0
# § 7): "federal" (the Schlichtungsstelle nach § 16 BGG, for federal bodies) or
# "rheinland-pfalz" (the Durchsetzungsstelle of the Land's commissioner for people with
# disabilities, for the Land's police). accessibility/enforcement.py has their addresses.
ACCESSIBILITY_ENFORCEMENT_BODY = env("ACCESSIBILITY_ENFORCEMENT_BODY", default="federal")
# Feedback on barriers is answered within this many months (BITV 2.0 § 7: one month);
# answered feedback is deleted ACCESSIBILITY_FEEDBACK_RETENTION_DAYS after the answer.
ACCESSIBILITY_FEEDBACK_ANSWER_MONTHS = env.int("ACCESSIBILITY_FEEDBACK_ANSWER_MONTHS", default=1)
ACCESSIBILITY_FEEDBACK_RETENTION_DAYS = env.int("ACCESSIBILITY_FEEDBACK_RETENTION_DAYS",
                                                default=180)
# Where feedback is also sent by e-mail (the press office's shared mailbox); empty: only
# the admin's queue (and push messages to the press office who chose them).
ACCESSIBILITY_FEEDBACK_EMAIL = env("ACCESSIBILITY_FEEDBACK_EMAIL", default="")
# Videos in German Sign Language may be longer than a post's clip.
SIGN_LANGUAGE_VIDEO_MAX_SECONDS = env.int("SIGN_LANGUAGE_VIDEO_MAX_SECONDS", default=600)
RATE_LIMITS.setdefault("accessibility_feedback",
                       env("RATE_ACCESSIBILITY_FEEDBACK", default="5/h"))
PERIODIC_TASKS.append(("accessibility.tasks.apply_feedback_retention", 60 * 60))
