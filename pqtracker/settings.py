"""The one settings module for PQ Tracker.

Every value comes from the environment. With nothing set, the defaults give the *embedded mode*:
a SQLite file under ``var/``, no Redis (Celery uses a filesystem broker under ``var/``, see
docs/adr/0002-embedded-background-jobs.md), DEBUG on. ``DATABASE_URL`` and ``REDIS_URL`` switch to
PostgreSQL and Redis. With DEBUG off a missing secret stops start-up with a hint. Every variable is
listed in ``.env.example``.
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PQTRACKER_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_required(name: str, hint: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set when DEBUG is off. {hint} See .env.example for every variable."
        )
    return value


DEBUG = env_bool("DEBUG", True)
TESTING = "pytest" in sys.modules or env_bool("PQTRACKER_TESTING", False)

if DEBUG:
    SECRET_KEY = (
        os.environ.get("SECRET_KEY") or "django-insecure-embedded-mode-only-never-in-production"
    )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
else:
    SECRET_KEY = env_required(
        "SECRET_KEY",
        'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"',
    )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        env_required(
            "ALLOWED_HOSTS", "Give the host names the service answers to, comma-separated."
        )

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "crispy_forms",
    "crispy_forms_gds",
    "axes",
    "csp",
    "pqtracker.web",
    "pqtracker.accounts",
    "pqtracker.audit",
    "pqtracker.calendar",
    "pqtracker.parliament",
    "pqtracker.search",
    "pqtracker.evidence",
    "pqtracker.health",
    "pqtracker.imports",
    "pqtracker.answers",
    "pqtracker.deadlines",
    "pqtracker.demo",
    "pqtracker.exports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so that static files (an SVG can carry script) get the policy too.
    "csp.middleware.CSPMiddleware",
    # Before the rest: /healthz costs its own queries only (no session, user or Host check).
    "pqtracker.health.middleware.HealthzMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Login on every page: views opt out explicitly with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Nothing a signed-in user saw stays in a shared computer's browser cache.
    "pqtracker.accounts.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # An htmx request sent to sign in gets HX-Redirect, not the sign-in page in its target.
    "pqtracker.web.middleware.HtmxLoginRedirectMiddleware",
    # Last, as axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pqtracker.urls"
WSGI_APPLICATION = "pqtracker.wsgi.application"
ASGI_APPLICATION = "pqtracker.asgi.application"

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
                "pqtracker.accounts.context_processors.navigation",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
_default_sqlite = f"sqlite:///{VAR_DIR / 'pqtracker.sqlite3'}"
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip() or _default_sqlite
# Connections kept for a minute (each gunicorn thread holds its own): a new PostgreSQL
# connection per request cost more than most pages' queries under load (ADR 14).
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web server and the background worker share the file; the busy timeout makes
        # a writer wait for the other instead of failing with "database is locked". A checkpoint
        # every 50,000 pages (200 MB of WAL) rather than SQLite's 1,000: an import's batch of 500
        # writes more than 1,000 pages, so each commit checkpointed and synced the file (15 ms a
        # batch at 60,000 questions), and batches dirty the same index pages over and over, which
        # a checkpoint copies once however many batches wrote them (at 100,000 questions the
        # write took 121 µs a record, against 123-140 at 10,000 pages). After a checkpoint the
        # WAL file is cut back to 64 MB.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA wal_autocheckpoint=50000; PRAGMA journal_size_limit=67108864;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # A file (not :memory:) so a real Celery worker in another process sees the test data.
    # Named per process so that two test runs on one machine never share (and delete) one file.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-pqtracker-{os.getpid()}.sqlite3")}
USES_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "parliament:question-list"
LOGOUT_REDIRECT_URL = "accounts:login"

# axes' backend first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
# GOV.UK Frontend and htmx come from npm (node_modules) and our compiled Sass (static/build);
# nothing is copied into git and nothing is served from a CDN.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
_NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS: list[str | tuple[str, str]] = [str(BASE_DIR / "static")]
for _prefix, _path in (
    ("govuk", _NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("htmx", _NODE_MODULES / "htmx.org" / "dist"),
    ("accessible-autocomplete", _NODE_MODULES / "accessible-autocomplete" / "dist"),
):
    if _path.is_dir():
        STATICFILES_DIRS.append((_prefix, str(_path)))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "pqtracker.web.staticfiles.StaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Redis, cache and Celery ----------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
# The embedded broker's folder. Each test run gets its own, so a `make run` worker on the same
# machine never takes a test's tasks; a test's worker subprocess is handed it by environment.
CELERY_BROKER_DIR = Path(
    os.environ.get("CELERY_BROKER_DIR")
    or VAR_DIR / (f"test-celery-broker-{os.getpid()}" if TESTING else "celery-broker")
)

# How long a web request waits for the broker (queueing a task, /healthz) before saying it is down.
BROKER_TIMEOUT_SECONDS = env_int("BROKER_TIMEOUT_SECONDS", 2)

CACHES: dict[str, dict[str, object]]
if REDIS_URL:
    _REDIS_CACHE: dict[str, object] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    }
    # "kept": what one web process computed and others may reuse (parliament.generation, ADR 19).
    CACHES = {"default": _REDIS_CACHE}
    for _alias in ("kept", "sessions"):  # "sessions": sessions and role names (ADR 20)
        CACHES[_alias] = {**_REDIS_CACHE, "KEY_PREFIX": f"pqtracker-{_alias}"}
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    # A web request that queues a task must fail in a second or two when Redis is down, not
    # after kombu's default retries (19 seconds, a 500 and a stuck run): see queue_run().
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
        "socket_timeout": BROKER_TIMEOUT_SECONDS,
    }
    CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT_SECONDS
    _QUICK_RETRY = {
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.2,
    }
    CELERY_TASK_PUBLISH_RETRY_POLICY = _QUICK_RETRY
    # The result backend subscribes to a task's result: its 20 default retries were most of 19 s.
    CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = BROKER_TIMEOUT_SECONDS
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": _QUICK_RETRY}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        },
        # Its own folder and bound: its cull never drops the default cache's entries (the
        # generation, an import's note); it counts its files every 100th set (SharedFileCache).
        "kept": {
            "BACKEND": "pqtracker.parliament.generation.SharedFileCache",
            "LOCATION": str(VAR_DIR / "kept"),
            "OPTIONS": {"MAX_ENTRIES": env_int("SHARED_KEPT_ENTRIES", 5000)},
        },
        # Its own too (ADR 20): sessions in the default cache once made its cull drop the token.
        "sessions": {
            "BACKEND": "pqtracker.parliament.generation.SharedFileCache",
            "LOCATION": str(VAR_DIR / "sessions"),
            "OPTIONS": {"MAX_ENTRIES": env_int("SESSION_CACHE_ENTRIES", 10000)},
        },
    }
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{VAR_DIR / 'celery-results'}"
    for _folder in ("queue", "processed", "control"):
        (CELERY_BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "celery-results").mkdir(parents=True, exist_ok=True)

# Rendered rows of questions, kept in each web process's memory under the generation (ADR 19).
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pqtracker-fragments",
    "OPTIONS": {"MAX_ENTRIES": env_int("FRAGMENT_CACHE_ENTRIES", 2000)},
}

CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
HEARTBEAT_INTERVAL_SECONDS = env_int("HEARTBEAT_INTERVAL_SECONDS", 60)
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {}


def _beat(name: str, task: str, schedule: object) -> None:
    """Beat runs ``pqtracker.<task>`` on ``schedule`` (seconds, or a crontab)."""
    CELERY_BEAT_SCHEDULE[name] = {"task": f"pqtracker.{task}", "schedule": schedule}


_beat("worker-heartbeat", "health.tasks.record_heartbeat_task", float(HEARTBEAT_INTERVAL_SECONDS))

# --- Security -------------------------------------------------------------------------------
# Read from the "sessions" cache; a miss reads the database, which holds every session (ADR 20).
SESSION_ENGINE = "pqtracker.accounts.sessions"  # cached_db, a cache failure costing a query
SESSION_CACHE_ALIAS = "sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers and container healthchecks probe over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS: list[str] = []

# Content-Security-Policy (django-csp) on every response: everything from our own origin, no
# inline script or style. The one inline script is GOV.UK Frontend's, in templates/base.html,
# which must run before the body renders; it is allowed by its hash (the one GOV.UK Frontend
# publishes), so the 500 page, rendered without a request, needs no nonce. htmx's indicator
# <style> is turned off in its htmx-config meta tag; our Sass has the indicator's CSS.
GOVUK_FRONTEND_INLINE_SCRIPT_HASH = "'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, GOVUK_FRONTEND_INLINE_SCRIPT_HASH],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Sign-in throttling (django-axes, pqtracker/accounts/lockout.py, docs/adr/0007): this many
# failures for one user name from one address lock that pair out, and LOGIN_ADDRESS_FAILURE_LIMIT
# from one address (any user names) lock the address, for LOGIN_LOCKOUT_MINUTES from the failure
# that locked. Generous enough for an office behind one address; far too few to guess passwords.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 50)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
# Proxies in front of the app that append the client address to X-Forwarded-For (0: none, the
# client is REMOTE_ADDR). Set it behind a load balancer, or everyone shares the proxy's address.
LOGIN_TRUSTED_PROXY_COUNT = env_int("LOGIN_TRUSTED_PROXY_COUNT", 0)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
# The pair first, then the address: PairAndAddressHandler reads them in this order.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "pqtracker.accounts.lockout.PairAndAddressHandler"
# Attempts while locked out are refused uncounted: they never extend the lockout.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "pqtracker.accounts.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "pqtracker.accounts.lockout.client_ip"
# Failures are kept (the admin lists them; `axes_reset` lifts lockouts); successes, unread, not.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# --- Email ----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "pq-tracker@localhost")

# --- Forms ----------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# --- PQ Tracker -----------------------------------------------------------------------------
SERVICE_NAME = "PQ Tracker"
# The address people reach the service at, for links in emails (no trailing slash).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")
# The department's own answering bodies (Parliament ids); Department for Education is 60.
DEPARTMENT_ANSWERING_BODY_IDS = [int(x) for x in env_list("DEPARTMENT_ANSWERING_BODY_IDS", "60")]
QUESTIONS_PAGE_SIZE = env_int("QUESTIONS_PAGE_SIZE", 25)

# --- Parliament APIs ------------------------------------------------------------------------
PARLIAMENT_QUESTIONS_API_URL = os.environ.get(
    "PARLIAMENT_QUESTIONS_API_URL", "https://questions-statements-api.parliament.uk"
).rstrip("/")
PARLIAMENT_MEMBERS_API_URL = os.environ.get(
    "PARLIAMENT_MEMBERS_API_URL", "https://members-api.parliament.uk"
).rstrip("/")
# What's On: each House's recesses and non-sitting days (import_calendar).
PARLIAMENT_CALENDAR_API_URL = os.environ.get(
    "PARLIAMENT_CALENDAR_API_URL", "https://whatson-api.parliament.uk"
).rstrip("/")
PARLIAMENT_API_TIMEOUT_SECONDS = env_int("PARLIAMENT_API_TIMEOUT_SECONDS", 20)
# Parliament publishes no rate limit; 2-3 requests a second is the accepted etiquette.
PARLIAMENT_API_MAX_RPS = env_int("PARLIAMENT_API_MAX_RPS", 3)
PARLIAMENT_API_RETRIES = env_int("PARLIAMENT_API_RETRIES", 5)
# First backoff ceiling; it doubles on each retry (full jitter, capped at two minutes).
try:
    PARLIAMENT_API_BACKOFF_SECONDS = float(os.environ.get("PARLIAMENT_API_BACKOFF_SECONDS") or 1.0)
except ValueError as exc:
    raise ImproperlyConfigured("PARLIAMENT_API_BACKOFF_SECONDS must be a number.") from exc
PARLIAMENT_API_USER_AGENT = os.environ.get(
    "PARLIAMENT_API_USER_AGENT", "PQTracker/0.1 (+department PQ team)"
)
# Members are refreshed from the Members API at most this often unless forced.
MEMBER_CACHE_DAYS = env_int("MEMBER_CACHE_DAYS", 7)

# --- Imports --------------------------------------------------------------------------------
# The incremental import runs on beat this often; each run's windows reach back over the last
# successful run by IMPORT_OVERLAP_DAYS, and a first run over IMPORT_FIRST_RUN_DAYS.
IMPORT_INTERVAL_MINUTES = env_int("IMPORT_INTERVAL_MINUTES", 15)
IMPORT_OVERLAP_DAYS = env_int("IMPORT_OVERLAP_DAYS", 3)
IMPORT_FIRST_RUN_DAYS = env_int("IMPORT_FIRST_RUN_DAYS", 7)
# Fetched records written per transaction (one statement a table); a killed run refetches these.
IMPORT_WRITE_BATCH = env_int("IMPORT_WRITE_BATCH", 500)
# A running import that has not beaten its heart for this long is taken to be dead and may be
# taken over; it beats after every page, so this only needs to outlast the slowest page.
IMPORT_LOCK_TTL_SECONDS = env_int("IMPORT_LOCK_TTL_SECONDS", 15 * 60)
# /healthz says "degraded" once this many incremental imports in a row have failed (at the
# default interval, 45 minutes without new questions); the imports page says so from the first.
IMPORT_FAILURES_DEGRADED = env_int("IMPORT_FAILURES_DEGRADED", 3)
_beat("incremental-import", "imports.tasks.incremental_import_task", 60.0 * IMPORT_INTERVAL_MINUTES)
# --- Search index -----------------------------------------------------------------------------
# A write that changes more questions than this (an import's batch) queues them for the index
# worker, which indexes SEARCH_INDEX_BATCH to a transaction once the write commits; smaller
# writes are indexed in their own transaction. Beat sweeps the queue every
# SEARCH_INDEX_SWEEP_SECONDS in case a wake-up message was lost. See docs/adr/0003.
SEARCH_INDEX_INLINE_MAX = env_int("SEARCH_INDEX_INLINE_MAX", 50)
SEARCH_INDEX_BATCH = env_int("SEARCH_INDEX_BATCH", 2000)
SEARCH_INDEX_SWEEP_SECONDS = env_int("SEARCH_INDEX_SWEEP_SECONDS", 60)
_beat("search-index-sweep", "search.tasks.index_pending_task", float(SEARCH_INDEX_SWEEP_SECONDS))
# Saved-search alerts: once a day, before the working day starts (search app).
_beat("search-alerts-daily", "search.tasks.queue_search_alerts_task", crontab(hour=7, minute=0))
_beat(
    "search-vocabulary-nightly", "search.tasks.refresh_vocabulary_task", crontab(hour=3, minute=30)
)

# Each House's recesses from Parliament's calendar API, daily (imports.calendar_feed).
_beat("calendar-import-daily", "imports.tasks.import_calendar_task", crontab(hour=6, minute=30))

# --- Downloads (exports app) ------------------------------------------------------------------
# A download of at most EXPORT_INLINE_MAX_ROWS rows is streamed at once; a larger one is made by
# the worker into EXPORTS_DIR (shared by web and worker) and kept EXPORT_KEEP_HOURS. Nothing over
# EXPORT_MAX_ROWS is made: people are asked to narrow the search. See docs/adr/0006.
EXPORTS_DIR = Path(os.environ.get("EXPORTS_DIR") or VAR_DIR / "exports")
EXPORT_INLINE_MAX_ROWS = env_int("EXPORT_INLINE_MAX_ROWS", 1000)
EXPORT_MAX_ROWS = env_int("EXPORT_MAX_ROWS", 100_000)
EXPORT_KEEP_HOURS = env_int("EXPORT_KEEP_HOURS", 24)
_beat("exports-cleanup", "exports.tasks.delete_expired_exports_task", crontab(minute=17))

# --- Answers workflow ---------------------------------------------------------------------------
# A commission's default internal deadline: this many working days before the date for answer.
# A commission nobody accepts within ANSWERS_ESCALATE_AFTER_WORKING_DAYS is escalated to the PQ
# team; the accept/reject links in the commissioning email expire after
# ANSWERS_SIGNED_LINK_WORKING_DAYS working days.
ANSWERS_INTERNAL_DEADLINE_WORKING_DAYS = env_int("ANSWERS_INTERNAL_DEADLINE_WORKING_DAYS", 2)
ANSWERS_ESCALATE_AFTER_WORKING_DAYS = env_int("ANSWERS_ESCALATE_AFTER_WORKING_DAYS", 1)
ANSWERS_SIGNED_LINK_WORKING_DAYS = env_int("ANSWERS_SIGNED_LINK_WORKING_DAYS", 3)
# The disproportionate cost limit quoted in such answers, in pounds.
ANSWERS_DISPROPORTIONATE_COST_LIMIT = env_int("ANSWERS_DISPROPORTIONATE_COST_LIMIT", 800)
# The PQ team's shared inbox for escalations and the morning digest (empty: every PQ team user).
ANSWERS_PQ_TEAM_EMAIL = os.environ.get("ANSWERS_PQ_TEAM_EMAIL", "")
_beat("answers-escalate-unclaimed", "answers.tasks.escalate_unclaimed_task", 15 * 60.0)
_beat(
    "answers-morning-digest",
    "answers.tasks.morning_digest_task",
    crontab(hour=7, minute=30, day_of_week="mon-fri"),
)

# --- Deadlines --------------------------------------------------------------------------------
# Reminders of internal deadlines go DEADLINES_REMINDER_LEAD_WORKING_DAYS working days before the
# day (0: none before), on the day, and when missed (to the PQ team as well). Beat runs them each
# weekday hour from DEADLINES_REMINDER_FIRST_HOUR to DEADLINES_REMINDER_LAST_HOUR; each is sent
# once however often they run, and none on bank holidays (deadlines.reminders).
DEADLINES_REMINDER_LEAD_WORKING_DAYS = env_int("DEADLINES_REMINDER_LEAD_WORKING_DAYS", 1)
DEADLINES_REMINDER_FIRST_HOUR = env_int("DEADLINES_REMINDER_FIRST_HOUR", 8)
DEADLINES_REMINDER_LAST_HOUR = env_int("DEADLINES_REMINDER_LAST_HOUR", 17)
if not 0 <= DEADLINES_REMINDER_FIRST_HOUR <= DEADLINES_REMINDER_LAST_HOUR <= 23:
    raise ImproperlyConfigured(
        "DEADLINES_REMINDER_FIRST_HOUR and DEADLINES_REMINDER_LAST_HOUR must be hours 0-23, "
        "the first not after the last."
    )
_beat(
    "deadlines-reminders",
    "deadlines.tasks.send_reminders_task",
    crontab(
        minute=5,
        hour=f"{DEADLINES_REMINDER_FIRST_HOUR}-{DEADLINES_REMINDER_LAST_HOUR}",
        day_of_week="mon-fri",
    ),
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
