"""Bekal settings: one module, driven by environment variables.

With no variables set, Bekal runs on an SQLite file under ``var/`` in debug mode, so ``make run`` works on a
fresh machine. Production sets ``BEKAL_DEBUG=0``, ``BEKAL_SECRET_KEY``, ``BEKAL_ALLOWED_HOSTS`` and a
PostgreSQL ``DATABASE_URL``. Every variable is listed in the README.
"""

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("BEKAL_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str) -> str:
    """Return the variable, or the default when it is unset."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """Return the variable read as a boolean; anything but a clear yes/no fails loudly."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no)")


def env_int(name: str, default: int) -> int:
    """Return the variable read as an integer; a non-number fails loudly."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated variable as a list of non-empty items."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("BEKAL_DEBUG", True)


def _secret_key() -> str:
    key = os.environ.get("BEKAL_SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured("BEKAL_SECRET_KEY must be set when BEKAL_DEBUG is off")
    # Development only: a random key kept beside the SQLite file, never in the repository.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("BEKAL_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("BEKAL_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_prometheus",
    "csp",
    "ninja",  # the API docs load Swagger UI from ninja's static files, not from a CDN
    "bekal.core",
    "bekal.ops",
    "bekal.rules",
    "bekal.audit",
    "bekal.organizations",
    "bekal.accounts",
    "bekal.people",
    "bekal.national",
    "bekal.training",
    "bekal.certification",
    "bekal.community_service",
    "bekal.placement",
    "bekal.outcomes",
    "bekal.partnerships",
    "bekal.kpis",
    "bekal.jobs",  # after the domain apps: "My downloads" comes last among their menu entries
    "bekal.home",
]

MIDDLEWARE = [
    "bekal.core.middleware.AppCpuTiming",  # only with BEKAL_BENCH=1: CPU time per request, for the bench
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "bekal.core.middleware.PrivateResponses",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "bekal.core.middleware.IndonesianByDefault",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "bekal.ops.middleware.RequestContext",
    "django.contrib.messages.middleware.MessageMiddleware",
    "bekal.core.middleware.ConflictIsNotAnError",
    # Sign-in protection (see "# Sign-in" below): idle sign-out, the second factor, lockouts.
    "bekal.home.security.IdleTimeout",
    "django_otp.middleware.OTPMiddleware",
    "bekal.accounts.middleware.SecondFactorRequired",
    "bekal.accounts.middleware.PasswordChangeRequired",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "bekal.urls"
WSGI_APPLICATION = "bekal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "bekal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "bekal.home.context_processors.navigation",
            ],
            "builtins": ["bekal.core.templatetags.formats"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'bekal.sqlite3'}"),
        conn_max_age=env_int("BEKAL_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets the development server read while a write is in progress.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sign-in (issue 16): throttling and lockout by account and by address (django-axes; the limits are the rules
# security.signin.failure_limit and security.signin.lockout_minutes), a second factor (django-otp, TOTP), the idle
# timeout (rule security.session.idle_minutes) beside the absolute SESSION_COOKIE_AGE, and every sign-in, sign-out,
# failure and lockout in the audit trail (bekal/accounts/README.md).
INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp"]
AUTHENTICATION_BACKENDS = ["bekal.accounts.signin.SignInThrottle", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = "bekal.home.security.signin_failure_limit"
AXES_COOLOFF_TIME = "bekal.home.security.signin_lockout"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "bekal.accounts.signin.lockout_response"
AXES_VERBOSE = False
# Lockouts are lifted by an administrator's audited password reset (bekal/accounts/README.md), not in the admin.
AXES_ENABLE_ADMIN = False
# Behind BEKAL_PROXY_COUNT trusted reverse proxies the caller's address is read from X-Forwarded-For; with none
# (the default) from the connection, so a forged header cannot dodge the lockout by address.
BEKAL_PROXY_COUNT = env_int("BEKAL_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "bekal.accounts.signin.client_address"
# The second factor is required of system administrators, Kanwil and Ditjenpas users when on: on by default whenever
# debug is off. `make run` (debug) leaves it off so the demo logins work with a password alone; anyone who has enrolled
# a device is asked for its code either way.
BEKAL_OTP_REQUIRED = env_bool("BEKAL_OTP_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = "Bekal"
# API tokens: how long a new one lasts unless its owner chooses, and the longest it may last.
BEKAL_API_TOKEN_DAYS = env_int("BEKAL_API_TOKEN_DAYS", 90)
BEKAL_API_TOKEN_MAX_DAYS = env_int("BEKAL_API_TOKEN_MAX_DAYS", 365)
# How long a password-reset link sent by email works.
PASSWORD_RESET_TIMEOUT = env_int("BEKAL_PASSWORD_RESET_SECONDS", 3600)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("BEKAL_PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "bekal" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True
# Dates, numbers and inputs in each language's own way (bekal/core/locale_formats, used through bekal/core/formats.py):
# "5 Februari 2027", "216.098", dd/mm/yyyy in every form. Grouping stays explicit (the |number filter) rather than
# USE_THOUSAND_SEPARATOR, which would also group the ids and page numbers templates put in links and inputs.
FORMAT_MODULE_PATH = ["bekal.core.locale_formats"]
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("BEKAL_STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Storage
# Uploaded documents (signed agreements, litmas) and generated files go through STORAGES["default"]: an S3-compatible
# bucket when BEKAL_S3_BUCKET is set, so every web server and worker sees the same files; the local disk otherwise.
# Files are private either way: they are only ever read back through a view that checks the record's scope first,
# never through a public URL (there is no /media/ route).
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("BEKAL_MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploads: each kind has a size limit in MB (bekal/core/uploads.py checks the kind from the first bytes, then the size).
BEKAL_UPLOAD_MAX_MB = {
    "document": env_int("BEKAL_UPLOAD_MAX_MB_DOCUMENT", 10),
    "table": env_int("BEKAL_UPLOAD_MAX_MB_TABLE", 20),
}
BEKAL_S3_BUCKET = env_str("BEKAL_S3_BUCKET", "")
if BEKAL_S3_BUCKET:
    _default_storage: dict[str, Any] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BEKAL_S3_BUCKET,
            "endpoint_url": env_str("BEKAL_S3_ENDPOINT_URL", "") or None,
            "access_key": env_str("BEKAL_S3_ACCESS_KEY", "") or None,
            "secret_key": env_str("BEKAL_S3_SECRET_KEY", "") or None,
            "region_name": env_str("BEKAL_S3_REGION", "") or None,
            "default_acl": "private",
            "querystring_auth": True,
            # A second upload under the same name gets a new name, as on disk: a document is never overwritten.
            "file_overwrite": False,
        },
    }
else:
    # No location here: FileSystemStorage follows MEDIA_ROOT, which tests override.
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    # Hashed, compressed names collected at build time (`collectstatic`); debug serves the source files.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Cache and sessions
# With BEKAL_REDIS_URL, one Redis holds the cache and the sessions for every server: a login made on one web server
# works on the others. Sessions are then `cached_db` (read from Redis, kept in the database so a Redis restart logs
# nobody out). Without it, the cache is per process and sessions stay in the database alone, since a per-process
# session cache would keep a logged-out session alive in the other processes.
BEKAL_REDIS_URL = env_str("BEKAL_REDIS_URL", "")
if BEKAL_REDIS_URL:
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "bekal.core.rediscache.RedisCache",
            "LOCATION": BEKAL_REDIS_URL,
            "KEY_PREFIX": "bekal",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # The figure caches keep a part per unit and figure (``organizations/figure_versions.py``): several thousand
    # small entries for the nation, which the default cap of 300 would cull before they are read again.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "bekal",
            "OPTIONS": {"MAX_ENTRIES": env_int("BEKAL_LOCAL_CACHE_ENTRIES", 100_000)},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# HTTPS and security headers
# Production is served over HTTPS (a TLS proxy in front of gunicorn, which believes its X-Forwarded-Proto from
# BEKAL_FORWARDED_ALLOW_IPS): plain http is redirected, except the probes a load balancer sends on the inside, and
# browsers are told to keep to HTTPS (HSTS). BEKAL_HTTPS=0 serves plain http with debug off (the loopback cluster
# tests and benches).
BEKAL_HTTPS = env_bool("BEKAL_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = BEKAL_HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = env_int("BEKAL_HSTS_SECONDS", 365 * 24 * 3600) if BEKAL_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading is the domain owner's decision (a listing in the browsers' preload list covers every subdomain and is
# slow to undo): off unless BEKAL_HSTS_PRELOAD=1, and `check --deploy` is told so rather than warning on each run.
SECURE_HSTS_PRELOAD = env_bool("BEKAL_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts, styles, fonts and fetches from Bekal itself only; no inline script
# (htmx is configured by a <meta> tag, Swagger UI by ninja's static init script), no inline style element or
# attribute (the charts' SVG carries presentation attributes instead), no frames, no plugins. A page that breaks this
# shows a `securitypolicyviolation` in the browser: the Playwright test bekal/e2e/test_csp.py walks the demo for them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SESSION_COOKIE_SECURE = env_bool("BEKAL_SECURE_COOKIES", BEKAL_HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env_int("BEKAL_SESSION_SECONDS", 8 * 3600)

# Logging
# One line per record on standard error, as JSON in production (time, level, logger, message, request id, user id,
# unit id) and as text in debug. Any 16-digit number (a NIK) is masked before a record is written.
BEKAL_LOG_FORMAT = env_str("BEKAL_LOG_FORMAT", "text" if DEBUG else "json")
if BEKAL_LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"BEKAL_LOG_FORMAT={BEKAL_LOG_FORMAT!r} is neither json nor text")
_LOG_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(user_id)s %(unit_id)s"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "context": {"()": "bekal.ops.logging.RequestContextFilter"},
        "mask_nik": {"()": "bekal.ops.logging.MaskNikFilter"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": _LOG_FIELDS,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s user=%(user_id)s unit=%(unit_id)s] "
            "%(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context", "mask_nik"],
            "formatter": BEKAL_LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("BEKAL_LOG_LEVEL", "INFO")},
    # WeasyPrint logs each step of every PDF at INFO and each missing glyph or unsupported CSS at WARNING.
    # django-axes tells every attempt at INFO; its warnings (a failure, a lockout) are kept.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Metrics and errors
# Prometheus metrics (requests, latencies, database) at /metrics, for loopback callers or with the bearer token.
# Database metrics come from django-prometheus's wrappers of the same engines.
BEKAL_METRICS_TOKEN = env_str("BEKAL_METRICS_TOKEN", "")
_ENGINE = DATABASES["default"]["ENGINE"]
if _ENGINE in {"django.db.backends.postgresql", "django.db.backends.sqlite3"}:
    DATABASES["default"]["ENGINE"] = _ENGINE.replace("django.db.backends.", "django_prometheus.db.backends.")
# Errors go to Sentry (or a compatible service) when a DSN is given; no personal data is sent and NIKs are masked.
BEKAL_SENTRY_DSN = env_str("BEKAL_SENTRY_DSN", "")
if BEKAL_SENTRY_DSN:
    import sentry_sdk

    from bekal.ops.logging import sentry_before_send

    sentry_sdk.init(
        dsn=BEKAL_SENTRY_DSN,
        send_default_pii=False,
        environment=env_str("BEKAL_SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=0.0,
        before_send=sentry_before_send,  # type: ignore[arg-type]
    )

# NIK at rest (issue 16, UU 27/2022): encrypted with these Fernet keys, newest first (older keys still decrypt while
# `manage.py nik_rotate` re-encrypts; README "Personal data"), and found by an HMAC-SHA256 keyed with NIK_HASH_KEY.
# Debug mode has fixed development keys; production must set both.
_DEV_NIK_KEY = "YmVrYWwtZGV2LW9ubHktbmlrLWtleS1ub3QtcHJvZCE="  # base64 of "bekal-dev-only-nik-key-not-prod!"
NIK_ENCRYPTION_KEYS = env_list("BEKAL_NIK_KEYS", [_DEV_NIK_KEY] if DEBUG else [])
NIK_HASH_KEY = env_str("BEKAL_NIK_HASH_KEY", "bekal-dev-only-nik-hash-key" if DEBUG else "")
if not NIK_ENCRYPTION_KEYS or not NIK_HASH_KEY:
    raise ImproperlyConfigured("BEKAL_NIK_KEYS and BEKAL_NIK_HASH_KEY must be set when BEKAL_DEBUG is off")

# Imports (issue 16): a file larger than this, or with more data rows, is refused before its rows are read.
BEKAL_IMPORT_MAX_BYTES = env_int("BEKAL_IMPORT_MAX_BYTES", 32 * 1024 * 1024)
BEKAL_IMPORT_MAX_ROWS = env_int("BEKAL_IMPORT_MAX_ROWS", 200_000)

# Page size of every list; the API uses the same figure.
BEKAL_PAGE_SIZE = env_int("BEKAL_PAGE_SIZE", 25)
NINJA_PAGINATION_PER_PAGE = BEKAL_PAGE_SIZE

# Training (issue 3): a batch whose provider has no active agreement with the organising unit is refused when True,
# accepted with a warning when False.
BEKAL_AGREEMENT_REQUIRED = env_bool("BEKAL_AGREEMENT_REQUIRED", True)
# The label of the FMD block: the seeds say "Forum Motivasi Dasar"; other BLKs say "Fisik, Mental dan Disiplin".
BEKAL_FMD_LABEL = env_str("BEKAL_FMD_LABEL", "Forum Motivasi Dasar")

# Jobs (Celery): long exports, imports and the daily jobs run as background jobs (bekal/jobs/README.md).
# With BEKAL_REDIS_URL empty (the embedded default) a job runs in-process when it is started, so every page works with
# no service; with it set, `celery -A bekal worker` runs the jobs and `celery -A bekal beat` starts the daily ones.
CELERY_BROKER_URL = BEKAL_REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = BEKAL_REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not BEKAL_REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True  # a job's outcome is its Job row, not a Celery result
CELERY_RESULT_EXPIRES = 24 * 3600
# A worker that dies mid-job leaves its message unacknowledged: the broker hands it to another worker, and the job
# (idempotent: bekal.jobs.tasks.run_job) is run once more. One message at a time per worker process, so a long export
# does not hold back others queued behind it.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis redelivers an unacknowledged message after the visibility timeout: longer than the longest job (the national
# export takes minutes), or a job still running would be started a second time.
# Workers look for such messages every BEKAL_JOB_RESTORE_SECONDS (kombu's default is ten sweeps of 10 s apart).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("BEKAL_JOB_VISIBILITY_SECONDS", 6 * 3600),
    "unacked_restore_interval": env_int("BEKAL_JOB_RESTORE_SECONDS", 60),
    "unacked_restore_throttle": 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_BEAT_SCHEDULE = {
    "daily-jobs": {"task": "bekal.jobs.tasks.run_daily_jobs", "schedule": crontab(hour=1, minute=0)},
}
# Notifications (issue 12): the in-app inbox and its emails.
# Last in INSTALLED_APPS: its demo loader runs the daily jobs over every other app's demo data.
INSTALLED_APPS += ["bekal.notifications"]
# SMTP when BEKAL_EMAIL_HOST is set; otherwise each email is printed on the console, so `make run` needs no server.
EMAIL_HOST = env_str("BEKAL_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("BEKAL_EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("BEKAL_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env_str("BEKAL_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("BEKAL_EMAIL_TLS", True)
    EMAIL_TIMEOUT = env_int("BEKAL_EMAIL_TIMEOUT", 30)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("BEKAL_EMAIL_FROM", "Bekal <bekal@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address people open Bekal at: the links in emails start with it.
BEKAL_SITE_URL = env_str("BEKAL_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The public certificate check (/verifikasi/<token>/, no login): requests one address may make per minute.
BEKAL_VERIFY_PER_MINUTE = env_int("BEKAL_VERIFY_PER_MINUTE", 30)
# Each email is sent by a Celery task after the notice is committed (in-process with no broker: see # Jobs above).
