"""Settings for KKR-sekretariat, read from environment variables (see .env.example).

Two modes:
- dev mode (``KKR_DEV=1``, set by ``make run`` and ``make test``): SQLite and eager Celery are allowed
  as defaults, DEBUG may be on, a fixed insecure secret key is used.
- production (anything else): ``DATABASE_URL``, ``SECRET_KEY``, ``ALLOWED_HOSTS`` and
  ``CELERY_BROKER_URL`` are required and DEBUG must be off; start-up fails with a clear message otherwise.

The groups that fill a screen each are in ``kkr/settings_parts/`` (the environment readers, storage, the
worker, security) and imported here, in this order; this stays the one settings module.
"""

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from kkr.settings_parts.env import BASE_DIR, DEV_MODE, env_bool, env_int, env_list, env_str, refuse_example, require

DEBUG = env_bool("DJANGO_DEBUG", DEV_MODE)
if DEBUG and not DEV_MODE:
    raise ImproperlyConfigured("DJANGO_DEBUG må ikke være slået til i produktion")

DEV_SECRET_KEY = "dev-only-insecure-key-kkr-sekretariat"
# Values that were never secret: the placeholder in .env.example and the dev key.
PLACEHOLDER_SECRET_KEYS = {"change-me", DEV_SECRET_KEY}
SECRET_KEY = env_str("SECRET_KEY") or (DEV_SECRET_KEY if DEV_MODE else require("SECRET_KEY", None))
if not DEV_MODE and (SECRET_KEY in PLACEHOLDER_SECRET_KEYS or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY er en pladsholder (fx change-me fra .env.example) eller for kort (mindst 50 tegn). Lav en ny med: "
        'python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEV_MODE else "")
if not DEV_MODE:
    require("ALLOWED_HOSTS", ALLOWED_HOSTS)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
refuse_example("ALLOWED_HOSTS", ALLOWED_HOSTS)
refuse_example("CSRF_TRUSTED_ORIGINS", CSRF_TRUSTED_ORIGINS)

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
    "template_partials.apps.SimpleAppConfig",
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
        "OPTIONS": {
            # django-template-partials: a view renders one named part of a page ("page.html#part"), so an htmx
            # answer and the page that prints the same markup share one definition.
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
            "builtins": ["kkr.templatetags.danish", "kkr.templatetags.rows", "template_partials.templatetags.partials"],
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
# and PostgreSQL plans it once (the roles query every page runs, and the roster's, cost more to plan than to
# run; docs/performance.md). DB_SERVER_SIDE_BINDING=0 turns it off (e.g. behind a pooler in transaction mode
# that keeps no prepared statements; docs/operations.md).
if DATABASES["default"]["ENGINE"].endswith("postgresql") and env_bool("DB_SERVER_SIDE_BINDING", True):
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
# PostgreSQL: no JIT. It compiles any query whose estimated cost passes jit_above_cost before running it, and for
# a page's short queries the compiling is most of the time (docs/operations.md).
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
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

from kkr.settings_parts.storage import *  # noqa: E402, F403

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
for _name in ("EMAIL_HOST", "DEFAULT_FROM_EMAIL", "SITE_URL"):
    refuse_example(_name, globals()[_name])

from kkr.settings_parts.worker import *  # noqa: E402, F403

CELERY_TIMEZONE = TIME_ZONE

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

from kkr.settings_parts.security import *  # noqa: E402, F403

# Uploaded bilag: more pages than this are refused at upload (rendering time and memory grow with pages).
KKR_MAX_BILAG_PAGES = env_int("KKR_MAX_BILAG_PAGES", 500)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
