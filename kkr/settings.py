"""Settings for KKR-sekretariat, read from environment variables (see .env.example).

Two modes:
- dev mode (``KKR_DEV=1``, set by ``make run`` and ``make test``): SQLite and eager Celery are allowed
  as defaults, DEBUG may be on, a fixed insecure secret key is used.
- production (anything else): ``DATABASE_URL``, ``SECRET_KEY``, ``ALLOWED_HOSTS`` and
  ``CELERY_BROKER_URL`` are required and DEBUG must be off; start-up fails with a clear message otherwise.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str | None:
    """A string from ``NAME`` or from the file named by ``NAME_FILE`` (for secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool = False) -> bool:
    value = env_str(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} skal være true/false, ikke {value!r}")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    try:
        return default if value is None else int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} skal være et heltal, ikke {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in (env_str(name, default) or "").split(",") if part.strip()]


def require(name: str, value):
    if not value:
        raise ImproperlyConfigured(
            f"{name} skal sættes i produktion (se .env.example). "
            "Til udvikling: sæt KKR_DEV=1 (make run og make test gør det)."
        )
    return value


DEV_MODE = env_bool("KKR_DEV", False)
DEBUG = env_bool("DJANGO_DEBUG", DEV_MODE)
if DEBUG and not DEV_MODE:
    raise ImproperlyConfigured("DJANGO_DEBUG må ikke være slået til i produktion")

DEV_SECRET_KEY = "dev-only-insecure-key-kkr-sekretariat"
# Values that were never secret: the placeholder in .env.example and the dev key.
PLACEHOLDER_SECRET_KEYS = {"change-me", DEV_SECRET_KEY}
SECRET_KEY = env_str("SECRET_KEY") or (DEV_SECRET_KEY if DEV_MODE else require("SECRET_KEY", None))
if not DEV_MODE and (SECRET_KEY in PLACEHOLDER_SECRET_KEYS or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY er en pladsholder eller for kort (mindst 50 tegn). Lav en ny med: "
        'python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEV_MODE else "")
if not DEV_MODE:
    require("ALLOWED_HOSTS", ALLOWED_HOSTS)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "simple_history",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "kkr.apps.KkrConfig",
    "members",
    "meetings",
    "elections",
    "appointments",
    "portal",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kkr.middleware.DatabaseUnavailableMiddleware",
    # The open-data API's ETag/304 and CORS (api/middleware.py): outside the rest, so it sees the final body.
    "api.middleware.ApiHttpMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after the user is known: every answer to a signed-in user passes it, the middleware's redirects too.
    "kkr.middleware.PrivateCacheMiddleware",
    "kkr.twofactor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kkr.urls"
WSGI_APPLICATION = "kkr.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["kkr.templatetags.danish", "kkr.templatetags.rows"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
            ],
        },
    },
]

_database_url = env_str("DATABASE_URL")
if not _database_url and not DEV_MODE:
    require("DATABASE_URL", None)
DATABASES = {
    "default": dj_database_url.parse(
        _database_url or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        # A persistent connection is checked before each request reuses it: after a database restart the
        # first request on each gunicorn worker would otherwise fail.
        conn_health_checks=True,
    )
}
# PostgreSQL: parameters bound on the server, so psycopg prepares a statement the fifth time a connection runs it
# and PostgreSQL plans it once (the roles query every page runs, and the roster's, took 0.5-0.9 ms each
# to plan). DB_SERVER_SIDE_BINDING=0 turns it off (e.g. behind a pooler in transaction mode that keeps no
# prepared statements; docs/operations.md).
if DATABASES["default"]["ENGINE"].endswith("postgresql") and env_bool("DB_SERVER_SIDE_BINDING", True):
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
# Seconds a client is told to wait (Retry-After) on the 503 page shown while the database is down.
DATABASE_DOWN_RETRY_AFTER = env_int("DATABASE_DOWN_RETRY_AFTER", 30)

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out user or address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"
ANONYMOUS_USER_NAME = None  # django-guardian: anonymous visitors get no object permissions

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk")]
TIME_ZONE = "Europe/Copenhagen"
# Our own texts are Danish literals; USE_I18N gives Django's own messages (forms, admin) in Danish.
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# /healthz warns (still 200: a restart frees no disk) when the media disk has less free space than this, in MB.
MEDIA_MIN_FREE_MB = env_int("MEDIA_MIN_FREE_MB", 500)
WHITENOISE_USE_FINDERS = DEV_MODE


def s3_media_backend(endpoint_url: str, bucket: str, access_key: str, secret_key: str, region: str) -> dict:
    """django-storages' S3 backend for a private bucket (also what the tests configure against their S3 server)."""
    from botocore.config import Config

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "endpoint_url": endpoint_url,
            "bucket_name": bucket,
            "access_key": access_key,
            "secret_key": secret_key,
            "region_name": region,
            "addressing_style": "path",  # MinIO and most S3-compatible servers: bucket in the path, not the host
            "default_acl": None,  # the bucket's own (private) policy; nothing is ever public
            "querystring_auth": True,  # a URL, should one ever be made, is signed and expires
            "querystring_expire": 60,
            "file_overwrite": False,  # a name in use gets a suffix, as on the local disk: nothing is overwritten
            "max_memory_size": 10 * 2**20,  # a download larger than this is buffered in a temporary file
            # Fail fast when the storage is unreachable: a page waits seconds, not botocore's default minute.
            "client_config": Config(
                connect_timeout=5, read_timeout=30, retries={"max_attempts": 3, "mode": "standard"}
            ),
        },
    }


def s3_setting(name: str) -> str:
    value = env_str(name)
    if not value:
        raise ImproperlyConfigured(f"{name} skal sættes, når MEDIA_STORAGE=s3 (se .env.example)")
    return value


# Where bilag and PDFs are kept (docs/scaling.md): ``file`` is MEDIA_ROOT on this host's disk (one host); ``s3`` is
# a bucket on an S3-compatible server (MinIO, AWS S3 …) that every web and worker host shares. Either way a
# file is only ever sent through the permission-checked views, which stream it from the storage: the bucket
# stays private and no signed URL is handed out (one could be passed on, and the storage server need not be
# reachable from the users' network).
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "file")
if MEDIA_STORAGE == "file":
    MEDIA_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    MEDIA_BACKEND = s3_media_backend(
        s3_setting("S3_ENDPOINT_URL"),
        s3_setting("S3_BUCKET"),
        s3_setting("S3_ACCESS_KEY_ID"),
        s3_setting("S3_SECRET_ACCESS_KEY"),
        env_str("S3_REGION", "us-east-1"),
    )
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE skal være file eller s3, ikke {MEDIA_STORAGE!r}")
STORAGES = {
    "default": MEDIA_BACKEND,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEV_MODE
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Django's cache (whole public pages for anonymous visitors and the rendered public documents, under
# keys that name what they show, kkr/pagecache.py). Redis when CACHE_URL is set (production: shared by the
# gunicorn workers and kept over restarts), else memory in each process (dev mode and a single server; still
# correct, each worker just fills its own). Only public content is ever stored; pages of signed-in users never.
# The API's rate limit keeps its per-address request times here too.
CACHE_URL = env_str("CACHE_URL")
CACHES = {
    "default": {
        "BACKEND": "kkr.rediscache.RedisCache",  # Django's, with its client objects reused
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": "kkr",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    if CACHE_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "kkr",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}
# Web processes per host: gunicorn's own variable (its default worker count; the image sets 3). More than one
# web process, or media on shared S3 storage (several hosts), needs CACHE_URL: the system check kkr.W001 says so
# (kkr/checks.py).
WEB_CONCURRENCY = env_int("WEB_CONCURRENCY", 1)
# The open-data API (docs/api.md): requests per client address (counted in the cache above) before a 429.
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "120/m")
# Seconds a cached public page is kept (its key changes anyway when anything it shows changes).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# E-mail: console in dev mode, SMTP otherwise.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEV_MODE else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "KKR-sekretariat <noreply@kkr.example>")
# The address links in e-mails point to.
SITE_URL = env_str("SITE_URL", "http://localhost:8000")

# Celery: without a broker (dev mode only) tasks run eagerly in the web process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
if not CELERY_BROKER_URL and not DEV_MODE:
    require("CELERY_BROKER_URL", None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A render holds its publication for this long (a lease) and renews it every third of it while it runs; when
# a killed worker stops renewing, the requeue takes it over after the lease ran out. Short, so that a killed
# worker costs at most the lease plus one requeue interval (2 min), however long the render.
PUBLICATION_RENDER_LEASE_SECONDS = env_int("PUBLICATION_RENDER_LEASE_SECONDS", 60)
# A render still queued this long after it was requested was lost by the broker (or the broker was down):
# beat's requeue sends it again.
PUBLICATION_QUEUED_GRACE_SECONDS = env_int("PUBLICATION_QUEUED_GRACE_SECONDS", 600)
# How often celery beat sends again whatever a publication still owes (cheap: three indexed queries).
PUBLICATION_REQUEUE_SECONDS = env_int("PUBLICATION_REQUEUE_SECONDS", 60)
# Tasks retry on database and broker errors after 2, 4, 8 ... seconds (each at most TASK_RETRY_BACKOFF_MAX,
# with full jitter), 8 times: a PostgreSQL restart or a 20 s drop is waited out by the task itself.
TASK_RETRY_BACKOFF = env_int("TASK_RETRY_BACKOFF", 2)
TASK_RETRY_BACKOFF_MAX = env_int("TASK_RETRY_BACKOFF_MAX", 120)
TASK_RETRY_JITTER = env_bool("TASK_RETRY_JITTER", True)
# Fault tests only (tests/faults, dev mode only): a render waits before saving its finished PDF while this
# file exists, so that a test can kill the worker or stop the database at exactly that point.
PUBLICATION_RENDER_PAUSE_FILE = env_str("PUBLICATION_RENDER_PAUSE_FILE", "") if DEV_MODE else ""
# Recycle worker processes: WeasyPrint's memory is returned to the system every 50 renders.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 50)
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# Whatever a publication still owes (renders lost by the broker or with an expired lease, unsent members'
# e-mails) is sent again by celery beat: nothing is lost.
# A render that runs away is stopped (the publication is marked failed with a retry button), and a worker
# process that grew past the memory cap (kB) is replaced after its task.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("KKR_RENDER_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 30
# Redis redelivers an unacknowledged task (acks_late) after the visibility timeout: it outlasts the longest
# render (the time limit) with margin, and the lease (not the broker) is what guarantees the takeover.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": max(PUBLICATION_RENDER_LEASE_SECONDS, CELERY_TASK_TIME_LIMIT) + 300
}
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("KKR_WORKER_MAX_MEMORY_KB", 1024 * 1024)
# Publications whose task was lost while the broker was down are sent again (nothing is lost).
# Once a night the files on the media storage that no row names are listed in the log (never deleted: that
# is `manage.py orphan_files --delete`, docs/operations.md).
CELERY_BEAT_SCHEDULE = {
    "requeue-publications": {"task": "meetings.requeue_publications", "schedule": float(PUBLICATION_REQUEUE_SECONDS)},
    "orphan-files": {"task": "kkr.orphan_files", "schedule": crontab(hour=4, minute=15)},
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# --- Security (docs/security.md) -------------------------------------------------------------------------
# The object permission that makes a user secretariat staff of a council. kkr is the bottom layer and names the
# permission here instead of importing the app that defines it (members.permissions.MANAGE reads it back).
KKR_STAFF_PERMISSION = "members.manage_council"
# Sessions: a working day by default; staff sessions also end when the browser closes
# (kkr.security.staff_session_ends_with_browser, on login).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie; either way is fine
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEV_MODE)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEV_MODE)
# HTTPS: redirect plain HTTP unless a TLS-terminating proxy does it (SECURE_SSL_REDIRECT=0 then).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEV_MODE)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the container healthcheck speaks plain HTTP inside the network
# Trust X-Forwarded-Proto only when told a proxy sets it (a client could send it otherwise).
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEV_MODE else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Silenced only for what is configured on purpose: the redirect left to a TLS-terminating proxy, and the HSTS
# preload list, a one-way decision for the domain's owner (SECURE_HSTS_PRELOAD=1 opts in).
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_SSL_REDIRECT else ["security.W008"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]

# Content-Security-Policy (django-csp 4): everything from our own origin, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Login throttling (django-axes), in every mode: after AXES_FAILURE_LIMIT failures for a user name, or from
# an address, further attempts are refused for AXES_COOLOFF_MINUTES.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# A successful login forgives only that user name's failures from that address, never the address's guesses at
# other user names (kkr/throttle.py).
AXES_HANDLER = "kkr.throttle.LoginThrottle"
AXES_RESET_ON_SUCCESS = True
# Behind a proxy, the client's address is in X-Forwarded-For (AXES_PROXY_COUNT proxies in front); only then.
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
AXES_VERBOSE = False
# The API's rate limit counts the same client address (django-ninja trusts X-Forwarded-For only behind that many
# proxies; with 0 a client could send a new X-Forwarded-For on every request and never be limited).
NINJA_NUM_PROXIES = AXES_IPWARE_PROXY_COUNT

# Two-factor login (django-otp; kkr/twofactor.py): required for secretariat staff and KL admins. Production
# never relaxes it; dev mode relaxes it unless KKR_REQUIRE_2FA=1, so the demo works without a phone.
KKR_REQUIRE_2FA = env_bool("KKR_REQUIRE_2FA", False) if DEV_MODE else True
OTP_TOTP_ISSUER = "KKR-sekretariat"
OTP_TOTP_THROTTLE_FACTOR = 1  # 1, 2, 4, 8 … seconds between tries after wrong codes (max 1 hour)
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # a KL admin can reset a user's app in the admin, never read its secret

# Uploaded bilag: more pages than this are refused at upload (rendering time and memory grow with pages).
KKR_MAX_BILAG_PAGES = env_int("KKR_MAX_BILAG_PAGES", 500)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
