"""Bekal settings: one module, driven by environment variables.

With no variables set, Bekal runs on an SQLite file under ``var/`` in debug mode, so ``make run`` works on a
fresh machine. Production sets ``BEKAL_DEBUG=0``, ``BEKAL_SECRET_KEY``, ``BEKAL_ALLOWED_HOSTS`` and a
PostgreSQL ``DATABASE_URL``. Every variable is listed in the README.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
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
    "bekal.core",
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
    "bekal.kpis",
    "bekal.home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "bekal.core.middleware.IndonesianByDefault",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "bekal" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("BEKAL_STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("BEKAL_MEDIA_ROOT", str(VAR_DIR / "media")))

SESSION_COOKIE_SECURE = env_bool("BEKAL_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env_int("BEKAL_SESSION_SECONDS", 8 * 3600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("BEKAL_LOG_LEVEL", "INFO")},
}

# Page size of every list; the API uses the same figure.
BEKAL_PAGE_SIZE = env_int("BEKAL_PAGE_SIZE", 25)
NINJA_PAGINATION_PER_PAGE = BEKAL_PAGE_SIZE

# Training (issue 3): a batch whose provider has no active agreement with the organising unit is refused when True,
# accepted with a warning when False.
BEKAL_AGREEMENT_REQUIRED = env_bool("BEKAL_AGREEMENT_REQUIRED", True)
# The label of the FMD block: the seeds say "Forum Motivasi Dasar"; other BLKs say "Fisik, Mental dan Disiplin".
BEKAL_FMD_LABEL = env_str("BEKAL_FMD_LABEL", "Forum Motivasi Dasar")

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
# Each email is sent by a Celery task after the notice is committed. Until the jobs engineer's Celery app reads a
# broker from the environment, tasks run in the process that queues them (reconciled with bekal/celery.py at merge).
CELERY_TASK_ALWAYS_EAGER = True
