"""Django settings for Kendali, read from environment variables.

Every variable is documented in docs/operations.md and in the example file `kendali.env.example`.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

from kendali.audit.keys import load_audit_keys
from kendali.lib.env import (
    EnvError,
    env_bool,
    env_int,
    env_list,
    env_path,
    env_str,
    read_or_create_secret,
)

# Generic Django classes take type parameters at run time too (ModelAdmin[Category]), as
# mypy --strict asks for.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
SOURCE_CHECKOUT = (BASE_DIR.parent / "pyproject.toml").exists()
DATA_DIR = env_path(
    "KENDALI_DATA_DIR",
    BASE_DIR.parent / "var" if SOURCE_CHECKOUT else Path.home() / ".local/share/kendali",
)
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env_str("KENDALI_SECRET_KEY") or read_or_create_secret(DATA_DIR / "secret_key")
# The audit log's HMAC keys, kept outside the database (docs/operations.md, "The audit log"):
# KENDALI_AUDIT_KEY, else the file KENDALI_AUDIT_KEY_FILE, else KENDALI_DATA_DIR/audit_key
# (generated once). Signed checkpoints go to a file every KENDALI_AUDIT_CHECKPOINT_MINUTES.
AUDIT_KEY_FILE = env_path("KENDALI_AUDIT_KEY_FILE", DATA_DIR / "audit_key")
AUDIT_KEYS = load_audit_keys(
    env_str("KENDALI_AUDIT_KEY"), AUDIT_KEY_FILE, create=not env_str("KENDALI_AUDIT_KEY_FILE")
)
AUDIT_CHECKPOINT_FILE = env_path(
    "KENDALI_AUDIT_CHECKPOINT_FILE", DATA_DIR / "audit-checkpoints.jsonl"
)
AUDIT_CHECKPOINT_MINUTES = env_int("KENDALI_AUDIT_CHECKPOINT_MINUTES", 5, minimum=1)
DEBUG = env_bool("KENDALI_DEBUG", False)
ALLOWED_HOSTS = env_list("KENDALI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("KENDALI_CSRF_TRUSTED_ORIGINS")
HTTPS = env_bool("KENDALI_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("KENDALI_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
# Served over https: browsers are told to come back only over https (HSTS). Django's
# SecurityMiddleware sends the header on secure requests only (behind a proxy: see above).
if HTTPS:
    SECURE_HSTS_SECONDS = env_int("KENDALI_HSTS_SECONDS", 365 * 24 * 3600, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("KENDALI_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("KENDALI_HSTS_PRELOAD", False)
    SECURE_SSL_REDIRECT = env_bool("KENDALI_SSL_REDIRECT", False)
    # The health checks answer the proxy and the service manager over plain http.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

INSTALLED_APPS = [
    # Before the admin, so translated fields get their side-by-side admin widgets.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "js_lib_htmx",
    "kendali",
    "kendali.audit",
    "kendali.cities",
    "kendali.agencies",
    "kendali.reports",
    "kendali.notify",
    "kendali.sla",
    "kendali.sops",
    "kendali.portal",
    "kendali.console",
    "kendali.demo",
    "kendali.open311",
    "kendali.warnings",
    "kendali.opendata",
    "kendali.telemetry",
    "kendali.insights",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kendali.middleware.KendaliLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "kendali.middleware.ApiErrorShape",
    "kendali.middleware.RejectNulCharacters",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kendali.agencies.middleware.SessionLimits",
    "kendali.agencies.middleware.SecondFactorRequired",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes asks: turns a lockout found during the request into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kendali.urls"
ASGI_APPLICATION = "kendali.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kendali.context_processors.kendali",
            ],
        },
    }
]

# Database: SQLite (WAL) under KENDALI_DATA_DIR unless KENDALI_DATABASE_URL names another one.
DATABASE_URL = env_str("KENDALI_DATABASE_URL")
SQLITE_SYNCHRONOUS = env_str("KENDALI_SQLITE_SYNCHRONOUS", "FULL").upper()
if SQLITE_SYNCHRONOUS not in {"OFF", "NORMAL", "FULL", "EXTRA"}:
    raise EnvError("KENDALI_SQLITE_SYNCHRONOUS must be OFF, NORMAL, FULL or EXTRA")
if DATABASE_URL:
    try:
        _database = dj_database_url.parse(DATABASE_URL)
    except ValueError as exc:  # an unknown scheme or a malformed URL
        raise EnvError(f"KENDALI_DATABASE_URL cannot be used: {exc}") from None
else:
    _database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA_DIR / "kendali.sqlite3")}
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend plus a queue for this process's writers (kendali/lib/sqlite).
    _database["ENGINE"] = "kendali.lib.sqlite"
    # Worker threads are reused, so each keeps its connection (opening one costs ~1 ms).
    _database["CONN_MAX_AGE"] = None
    _database["OPTIONS"] = {
        # WAL lets readers work while one writer commits; IMMEDIATE takes the write lock when a
        # transaction starts, so two writers queue instead of failing halfway.
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            f"PRAGMA synchronous={SQLITE_SYNCHRONOUS};"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA busy_timeout=20000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    _database.setdefault("TEST", {})
    if env_str("KENDALI_TEST_SQLITE_FILE"):
        _database["TEST"]["NAME"] = env_str("KENDALI_TEST_SQLITE_FILE")
elif _database["ENGINE"] == "django.db.backends.postgresql":
    # Requests run on a few reused worker threads (kendali/asgi.py), each keeping its
    # connection for a while and checking it is alive before reuse.
    _database["CONN_MAX_AGE"] = env_int("KENDALI_DB_CONN_MAX_AGE", 300, minimum=0)
    _database["CONN_HEALTH_CHECKS"] = True
    _database.setdefault("TEST", {})
    if env_str("KENDALI_TEST_DATABASE_NAME"):
        _database["TEST"]["NAME"] = env_str("KENDALI_TEST_DATABASE_NAME")
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "agencies.User"
# The function that turns an API bearer token into its user (kendali/lib/api.py calls it).
API_TOKEN_RESOLVER = "kendali.agencies.access.user_for_token"  # noqa: S105 (a dotted path)
# django-axes first: it refuses a locked-out account or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("KENDALI_PASSWORD_MIN_LENGTH", 12, minimum=12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff accounts (docs/security.md, "Staff accounts").
# Lockout (django-axes): KENDALI_LOGIN_FAILURE_LIMIT failed logins at one account, or from one
# address, lock that account or address for KENDALI_LOGIN_COOLOFF_MINUTES, on every login path
# (console, admin, the second-factor step, API tokens).
AXES_FAILURE_LIMIT = env_int("KENDALI_LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("KENDALI_LOGIN_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = "kendali.lib.lockout.lockout_parameters"
AXES_LOCKOUT_CALLABLE = "kendali.lib.lockout.locked_out"
AXES_RESET_ON_SUCCESS = False  # a login to one's own account must not clear an address's count
AXES_DISABLE_ACCESS_LOG = True  # logins go to the audit log instead
AXES_VERBOSE = False
AXES_ENABLED = env_bool("KENDALI_LOGIN_LOCKOUT", True)
# A second factor (django-otp: TOTP apps and recovery codes) for these roles; everyone else may
# add one on the console's "Keamanan akun" page.
TWO_FACTOR_REQUIRED_ROLES = env_list(
    "KENDALI_2FA_REQUIRED_ROLES", ["supervisor", "admin", "agency_admin", "auditor"]
)
OTP_TOTP_ISSUER = env_str("KENDALI_2FA_ISSUER", "Kendali")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
TWO_FACTOR_RECOVERY_CODES = 10
# Sessions end after KENDALI_SESSION_IDLE_MINUTES without a request and in any case
# KENDALI_SESSION_MAX_HOURS after the login (kendali/agencies/middleware.py).
SESSION_IDLE_MINUTES = env_int("KENDALI_SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_MAX_HOURS = env_int("KENDALI_SESSION_MAX_HOURS", 12, minimum=1)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Tokens (API tokens, Open311 keys, ingest tokens) expire this many days after they are made
# unless told otherwise (0: never); staff and integration tokens have their own request limit.
TOKEN_DEFAULT_DAYS = env_int("KENDALI_TOKEN_DAYS", 365, minimum=0)
TOKEN_RATE = env_str("KENDALI_TOKEN_RATE", "600/m")
LOGIN_URL = "console:login"
LOGIN_REDIRECT_URL = "reports-console:queue"
LOGOUT_REDIRECT_URL = "console:login"

# Language and time: Indonesian first, with English and Sundanese.
LANG_INFO.setdefault(
    "su", {"bidi": False, "code": "su", "name": "Sundanese", "name_local": "Basa Sunda"}
)
LANGUAGE_CODE = env_str("KENDALI_LANGUAGE", "id")
LANGUAGES = [
    ("id", _("Bahasa Indonesia")),
    ("en", _("English")),
    ("su", _("Basa Sunda")),
]
if LANGUAGE_CODE not in {code for code, _label in LANGUAGES}:
    raise EnvError("KENDALI_LANGUAGE must be one of id, en, su")
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content fields in three languages (django-modeltranslation): `name_ind` (Indonesian: the
# library spells it so that it cannot clash with a foreign key's `_id`), `name_en`, `name_su`
# columns; the plain attribute gives the active language, falling back to Indonesian.
MODELTRANSLATION_DEFAULT_LANGUAGE = "id"
MODELTRANSLATION_LANGUAGES = ("id", "en", "su")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("id",)
TIME_ZONE = env_str("KENDALI_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
import xstatic.pkg.leaflet  # noqa: E402  (a data-only package: where Leaflet's files are)

STATICFILES_DIRS = [("leaflet", xstatic.pkg.leaflet.BASE_DIR)]
STATIC_MAX_AGE = 3600  # seconds browsers may cache static files (served in kendali/asgi.py)
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    # Photos of reports are private files, served only through views that check access.
    "default": {"BACKEND": "kendali.lib.storage.DurableFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: three photos of at most KENDALI_MAX_PHOTO_MB each. Bodies above the ASGI limit are
# refused before Django reads them (kendali/asgi.py).
MAX_PHOTOS = 3
MAX_PHOTO_BYTES = env_int("KENDALI_MAX_PHOTO_MB", 10, minimum=1) * 1024 * 1024
MAX_REQUEST_BYTES = MAX_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024
# What all requests of one process may hold of their bodies at once (in memory or spooled to
# disk): past it, new uploads get 503 until others finish. Default: four of the largest.
REQUEST_BODY_BUDGET_BYTES = (
    env_int("KENDALI_BODY_BUDGET_MB", 4 * MAX_REQUEST_BYTES // (1024 * 1024), minimum=1)
    * 1024
    * 1024
)
if REQUEST_BODY_BUDGET_BYTES < MAX_REQUEST_BYTES:
    raise EnvError(
        f"KENDALI_BODY_BUDGET_MB must hold at least one whole request "
        f"({-(-MAX_REQUEST_BYTES // (1024 * 1024))} MB)"
    )
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Photos over this many pixels are refused from their header, before any pixel is decoded;
# at most KENDALI_IMAGE_DECODES photos decode at once per process (kendali/lib/images.py).
MAX_IMAGE_PIXELS = env_int("KENDALI_MAX_IMAGE_PIXELS", 24_000_000, minimum=1_000_000)
IMAGE_DECODE_CONCURRENCY = env_int("KENDALI_IMAGE_DECODES", 2, minimum=1)
IMAGE_DECODE_WAIT_SECONDS = env_int("KENDALI_IMAGE_DECODE_WAIT", 30, minimum=1)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env_str("KENDALI_CACHE") == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kendali_cache",
        }
    }
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "kendali.views.rate_limited"
RATELIMIT_ENABLE = env_bool("KENDALI_RATELIMIT", True)
# Public intake per client address; staff and integrations with tokens are not limited here.
REPORT_RATE = env_str("KENDALI_REPORT_RATE", "20/m")
LOGIN_RATE = env_str("KENDALI_LOGIN_RATE", "10/m")
# Wrong ticket codes per client address on the tracking page, the API and Open311; a right
# code costs nothing. Empty disables.
TRACK_RATE = env_str("KENDALI_TRACK_RATE", "30/m")
# GPS positions per client address, and per tracker id (docs/telemetry.md). Empty disables.
GPS_RATE = env_str("KENDALI_GPS_RATE", "600/m")
GPS_TRACKER_RATE = env_str("KENDALI_GPS_TRACKER_RATE", "60/m")

# Content Security Policy: no inline script, no third-party origin except the map tiles.
TILE_URL = env_str("KENDALI_TILE_URL")
TILE_ATTRIBUTION = env_str("KENDALI_TILE_ATTRIBUTION", "© OpenStreetMap contributors")
_tile_origin: list[str] = []
if TILE_URL:
    from urllib.parse import urlsplit

    _parts = urlsplit(TILE_URL)
    _tile_origin = [f"{_parts.scheme}://{_parts.netloc.replace('{s}', '*')}"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *_tile_origin],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

PUBLIC_URL = env_str("KENDALI_PUBLIC_URL").rstrip("/")

# Email: SMTP when KENDALI_SMTP_HOST is set, else messages are written to files under
# KENDALI_DATA_DIR/mail (the embedded default sends nothing over the network).
DEFAULT_FROM_EMAIL = env_str("KENDALI_EMAIL_FROM", "Kendali <noreply@localhost>")
if env_str("KENDALI_SMTP_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("KENDALI_SMTP_HOST")
    EMAIL_PORT = env_int("KENDALI_SMTP_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("KENDALI_SMTP_USER")
    EMAIL_HOST_PASSWORD = env_str("KENDALI_SMTP_PASSWORD")
    EMAIL_USE_TLS = env_bool("KENDALI_SMTP_TLS", True)
    EMAIL_USE_SSL = env_bool("KENDALI_SMTP_SSL", False)
    EMAIL_TIMEOUT = 15
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "mail")
# Benchmarks only: adds /_bench/bare, a JSON view doing no work, as the baseline in bench/.
BENCH_ENDPOINTS = env_bool("KENDALI_BENCH_ENDPOINTS", False)
# `kendali serve` runs the background jobs in a thread unless told a separate worker does.
EMBEDDED_WORKER = env_bool("KENDALI_EMBEDDED_WORKER", True)
SIMULATOR_RATE = env_int("KENDALI_SIMULATOR_RATE", 4, minimum=0)  # reports per minute

NINJA_PAGINATION_PER_PAGE = 50

# Telemetry (docs/telemetry.md): retention, ingest checks, camera probes, MQTT.
TELEMETRY_RAW_DAYS = env_int("KENDALI_TELEMETRY_RAW_DAYS", 30, minimum=1)
TELEMETRY_MINUTE_DAYS = env_int("KENDALI_TELEMETRY_MINUTE_DAYS", 90, minimum=1)
TELEMETRY_HOUR_DAYS = env_int("KENDALI_TELEMETRY_HOUR_DAYS", 0, minimum=0)  # 0: keep forever
TELEMETRY_FUTURE_TOLERANCE_SECONDS = env_int("KENDALI_TELEMETRY_FUTURE_SECONDS", 120, minimum=0)
TELEMETRY_SENSOR_OFFLINE_MINUTES = env_int("KENDALI_TELEMETRY_OFFLINE_MINUTES", 15, minimum=1)
TELEMETRY_PROBE_INTERVAL_SECONDS = env_int("KENDALI_CAMERA_PROBE_SECONDS", 60, minimum=1)
TELEMETRY_PROBE_TIMEOUT_SECONDS = env_int("KENDALI_CAMERA_PROBE_TIMEOUT", 5, minimum=1)
TELEMETRY_PROBE_CONCURRENCY = env_int("KENDALI_CAMERA_PROBE_CONCURRENCY", 8, minimum=1)
TELEMETRY_CAMERA_STALE_SECONDS = env_int("KENDALI_CAMERA_STALE_SECONDS", 600, minimum=1)
TELEMETRY_CAMERA_OFFLINE_AFTER = env_int("KENDALI_CAMERA_OFFLINE_AFTER", 2, minimum=1)
# A vehicle whose last position is older is not offered as "nearest" for a report.
TELEMETRY_VEHICLE_POSITION_MAX_MINUTES = env_int(
    "KENDALI_VEHICLE_POSITION_MAX_MINUTES", 30, minimum=1
)
# Live events: "local" (in-process, one server process) or "postgres" (LISTEN/NOTIFY, so
# events from any process, such as `kendali worker` or `kendali ingest mqtt`, reach every
# server process's consoles).
BROKER = env_str("KENDALI_BROKER", "local").lower()
if BROKER not in {"local", "postgres"}:
    raise EnvError(f"KENDALI_BROKER must be local or postgres, not {BROKER!r}")
if BROKER == "postgres" and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise EnvError("KENDALI_BROKER=postgres needs KENDALI_DATABASE_URL to be PostgreSQL")
MQTT_URL = env_str("KENDALI_MQTT_URL")
MQTT_PREFIX = env_str("KENDALI_MQTT_PREFIX")  # default: kendali/<city slug>
MQTT_CLIENT_ID = env_str("KENDALI_MQTT_CLIENT_ID", "kendali-ingest")
# `kendali serve` runs the MQTT ingestor in a thread when KENDALI_MQTT_URL is set, so live
# events reach the consoles it serves even with the in-process broker.
EMBEDDED_INGEST = env_bool("KENDALI_EMBEDDED_INGEST", True)

LOG_LEVEL = env_str("KENDALI_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Uvicorn's access log prints query strings; keep it, it never carries form bodies.
        "uvicorn.error": {"level": "INFO"},
        # One line per outbound request (camera probes every minute) is noise; errors stay.
        "httpx": {"level": "WARNING"},
        # django-axes says INFO on every login; failures and lockouts (WARNING) stay.
        "axes": {"level": "WARNING"},
    },
}
CSRF_FAILURE_VIEW = "kendali.views.csrf_failure"
