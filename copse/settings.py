"""Copse settings, read from the environment.

Defaults give the embedded set-up: a SQLite file under ``var/``, email to the console, tasks in the database.
Anything malformed raises ``ImproperlyConfigured`` at start, so a bad deployment fails loudly.
"""

import ipaddress
import os
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("COPSE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_networks(name: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Comma-separated IP addresses or networks (CIDR), such as `10.0.0.5,10.1.0.0/16`."""
    networks = []
    for item in env_list(name, []):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks such as 10.0.0.0/16, not {item!r}."
            ) from None
    return networks


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "copse-debug-only-key-not-for-production"  # noqa: S105 - used only with DEBUG on

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

SITE_NAME = os.environ.get("COPSE_SITE_NAME", "Copse")
ORGANISATION_NAME = os.environ.get("COPSE_ORGANISATION_NAME", "Demo University")
# The organisation's look (copse/core/branding.py): its primary colour (a hex colour with at least 4.5:1 contrast
# against white, checked at start-up) and its logo (a path on this site, e.g. /static/brand/logo.svg; empty for
# the organisation's initial on the primary colour).
COPSE_PRIMARY_COLOUR = os.environ.get("COPSE_PRIMARY_COLOUR", "#0a6b5d")
COPSE_LOGO = os.environ.get("COPSE_LOGO", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "csp",
    "django_htmx",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "copse.core",
    "copse.accounts",
    "copse.communities",
    "copse.notifications",
    "copse.discussions",
    "copse.events",
    "copse.projects",
    "copse.activity",
    "copse.valuecreation",
    "copse.news",
]

MIDDLEWARE = [
    # First, so that everything after it (rate limits, logs) sees the person's address, not the balancer's.
    "copse.accounts.middleware.ForwardedClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "copse.core.middleware.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "copse.accounts.middleware.PersonTimezoneMiddleware",
    "copse.core.refusals.RefusalMiddleware",
]

ROOT_URLCONF = "copse.urls"
WSGI_APPLICATION = "copse.wsgi.application"
ASGI_APPLICATION = "copse.asgi.application"

# Jinja2 renders every page and email of the apps, from each app's jinja2/ folder and copse/jinja2/ (see
# copse/core/jinja.py); Django templates remain for the admin, form widgets and django-allauth's own pages.
_CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "csp.context_processors.nonce",
    "copse.core.context_processors.site",
    "copse.communities.context_processors.header_communities",
    "copse.notifications.context_processors.unread_notifications",
]
TEMPLATES = [
    {
        "NAME": "jinja2",
        "BACKEND": "copse.core.jinja.Jinja2",
        "DIRS": [BASE_DIR / "copse" / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "copse.core.jinja.environment", "context_processors": _CONTEXT_PROCESSORS},
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "copse" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": _CONTEXT_PROCESSORS},
    },
]

# Form widgets render through the engines above, so with Jinja2 (django.forms' own jinja2/ templates), and the
# admin's widgets, which exist only as Django templates, with the second.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite file unless DATABASE_URL says otherwise.
VAR_DIR.mkdir(parents=True, exist_ok=True)
_default_db = f"sqlite:///{VAR_DIR / 'copse.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(os.environ.get("DATABASE_URL") or _default_db, conn_max_age=60)
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL I understand: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
    # The test database is a file too, so tests see the same locking as the embedded set-up (not shared memory).
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-database.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: shared by every app server (rate limits live here), never process memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "copse_cache"}
    }

AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, each loading the signed-in person with their profile (copse/accounts/backends.py).
AUTHENTICATION_BACKENDS = [
    "copse.accounts.backends.ModelBackend",
    "copse.accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "communities:home"
LOGOUT_REDIRECT_URL = "communities:home"

# django-allauth: email login, self sign-up closed unless the organisation opens it.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("COPSE_EMAIL_VERIFICATION", "none")
ACCOUNT_ADAPTER = "copse.accounts.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    "login_failed": os.environ.get("COPSE_LOGIN_RATE_LIMIT", "10/m/ip,5/300s/key"),
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
COPSE_OPEN_SIGNUP = env_bool("COPSE_OPEN_SIGNUP", False)
# The load balancers in front of the app servers. Only when a request comes straight from one of them is its
# X-Forwarded-For believed (`ForwardedClientAddressMiddleware` then sets REMOTE_ADDR to the person's address),
# so rate limits count per person, and nobody can escape them by sending the header themselves. allauth's own
# proxy count stays 0: it would believe the header whoever sent it.
COPSE_TRUSTED_PROXIES = env_networks("COPSE_TRUSTED_PROXIES")
ALLAUTH_TRUSTED_PROXY_COUNT = 0

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("COPSE_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT: Path | None = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "copse" / "static"]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = env_bool("COPSE_STATIC_FROM_SOURCE", DEBUG)
if WHITENOISE_USE_FINDERS:
    # Serve straight from the source folders (development and tests): nothing is collected.
    STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    STATIC_ROOT = None
# Uploaded files (people's photos) go through Django's storage API, STORAGES["default"]: this folder unless an
# object store replaces it (django-storages' S3 backend), which several app servers need. Photos are served only
# by Copse's own view, to people signed in, so nothing is published at MEDIA_URL.
MEDIA_ROOT = Path(os.environ.get("COPSE_MEDIA_ROOT") or VAR_DIR / "media").resolve()
if MEDIA_ROOT.is_relative_to((BASE_DIR / "copse").resolve()):
    raise ImproperlyConfigured("COPSE_MEDIA_ROOT must be outside the code (the copse/ folder).")
# The largest file a person may upload to the library or attach to a post, in megabytes.
COPSE_MAX_UPLOAD_MB = env_int("COPSE_MAX_UPLOAD_MB", 20)
if COPSE_MAX_UPLOAD_MB < 1:
    raise ImproperlyConfigured("COPSE_MAX_UPLOAD_MB must be at least 1.")
# Larger uploads stream to a temporary file (outside the code, in the system's temporary folder) as they arrive.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# An S3-compatible object store (AWS S3, MinIO, Ceph, …) instead of the folder, for several app servers.
# Needs the `s3` extra (django-storages with boto3). Keys come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or
# the machine's role, as boto3 finds them. Files are private: Copse streams each one after checking access.
COPSE_S3_BUCKET = os.environ.get("COPSE_S3_BUCKET", "")
if COPSE_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": COPSE_S3_BUCKET,
            "endpoint_url": os.environ.get("COPSE_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("COPSE_S3_REGION") or None,
            "location": os.environ.get("COPSE_S3_PREFIX", ""),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Email: the console unless an SMTP server is given. Sent only by background tasks, after commit.
EMAIL_URL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_URL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = EMAIL_URL_HOST
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Copse <copse@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
COPSE_BASE_URL = os.environ.get("COPSE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# How long before an event `manage.py send_event_reminders` (run by cron) reminds the people going.
COPSE_EVENT_REMINDER_HOURS = env_int("COPSE_EVENT_REMINDER_HOURS", 24)
if COPSE_EVENT_REMINDER_HOURS < 1:
    raise ImproperlyConfigured("COPSE_EVENT_REMINDER_HOURS must be at least 1.")

# Background tasks: stored in the database and run by `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("COPSE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Security. Cookies are secure outside debug; COPSE_SECURE_COOKIES=false is for plain-http test servers only.
_secure_cookies = env_bool("COPSE_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = _secure_cookies
CSRF_COOKIE_SECURE = _secure_cookies
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("COPSE_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
