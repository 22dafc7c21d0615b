"""
Settings for juesuan, driven by environment variables.

Production differs from development only by its environment: there is no second settings module.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name, default=None):
    """Return a variable, or the content of the file named by NAME_FILE (for container secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_name}: {exc}") from exc
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = env_str(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {value!r}")


def env_int(name, default):
    value = env_str(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


def env_list(name, default=()):
    value = env_str(name)
    if value is None or value.strip() == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# Without DEBUG a missing SECRET_KEY stays empty: Django refuses to sign anything with it, and the
# system check accounts.E002 stops `check`, `migrate` and `runserver`, while commands that sign nothing
# (makemigrations, collectstatic) still run on a bare checkout.
SECRET_KEY = env_str("SECRET_KEY") or ("insecure-development-key-only-used-with-DEBUG" if DEBUG else "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tables2",
    "corsheaders",
    "axes",
    "django_tasks_db",
    "accounts",
    "performance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # CORS for the read-only open-data API only (CORS_URLS_REGEX, CORS_ALLOW_METHODS below); it must
    # come before CommonMiddleware.
    "corsheaders.middleware.CorsMiddleware",
    # Public responses the same for every reader lose `Vary: Cookie` (accounts.open_data.caching).
    "config.middleware.SharedResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every view needs a signed-in user unless marked @login_not_required: a forgotten
    # decorator fails closed.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Control characters (NUL …) in query strings and form or JSON bodies: a Chinese 400 (accounts.inputs).
    "config.middleware.InputPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a login refused by AxesStandaloneBackend into the lockout page; django-axes wants it last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "accounts.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite is the zero-setup default; DATABASE_URL (postgres://user:pass@host:5432/name) selects
# PostgreSQL through psycopg 3.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", True),
    )
}
DATABASE_URL_SCHEME = (env_str("DATABASE_URL") or "sqlite://").split("://", 1)[0]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the task worker write to one SQLite file: in WAL mode readers never wait for
    # the writer, and a writer waits for another (up to `timeout` seconds) instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
    )

# Long work (publishing, PDFs, bulk checks, the site export) runs as tasks (accounts.tasks), stored in
# the database by django-tasks-db: `manage.py db_worker` runs them on any machine that reaches the
# database, and a task enqueued in a transaction exists only if that transaction commits.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running job reports a heartbeat every JOB_HEARTBEAT_SECONDS; one silent for JOB_STALE_SECONDS
# (its worker died or lost the database) is marked failed and may be retried (accounts.jobs).
JOB_HEARTBEAT_SECONDS = env_int("JOB_HEARTBEAT_SECONDS", 5)
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 60)


def cache_from_url(url):
    """Return the CACHES entry named by CACHE_URL / REDIS_URL.

    redis://, rediss://, unix:// → Redis (shared by every process on every machine); db://[table] →
    the database (shared too, needs `createcachetable`); file:///dir → files (shared by the processes
    of one machine); locmem:// → this process only (a single-process run).
    """
    scheme, _, rest = url.partition("://")
    if scheme in {"redis", "rediss", "unix"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "db":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": rest.strip("/") or "juesuan_cache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    if scheme == "file" and rest.startswith("/"):
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": rest}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest or "juesuan"}
    raise ImproperlyConfigured(
        f"CACHE_URL: unknown cache {url!r} (redis://, rediss://, unix://, db://, file:///dir or locmem://)"
    )


# App servers keep no state of their own: what they cache (verified frozen files, rendered public
# pages, the versions at an address) is shared through Django's cache framework, so that a
# publication is seen by every process at once (accounts.open_data.caching). Redis in production;
# without it the database, which every process and machine already shares.
CACHES = {"default": cache_from_url(env_str("CACHE_URL") or env_str("REDIS_URL") or "db://juesuan_cache")}
# Public reads (frozen pages, files, API answers) come from that cache for every reader who is not
# signed in, with or without cookies. Off, a request carrying any cookie misses it, as before
# 2026-12: kept only so that `manage.py benchmark portal` can measure both in one run.
PUBLIC_CACHE_WITH_COOKIES = env_bool("PUBLIC_CACHE_WITH_COOKIES", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins of one username from one IP
# address, that pair is refused for AXES_COOLOFF_TIME, even with the right password. Keyed by the pair so
# that a guesser from one address cannot lock a colleague out of the office network, nor a shared
# office address lock everyone out. Attempts are kept in the database, shared by every app server.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_MINUTES = env_int("AXES_COOLOFF_MINUTES", 15)
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/login.html"
AXES_COOLOFF_MESSAGE = f"登录失败次数过多，该用户名已暂停登录 {AXES_COOLOFF_MINUTES} 分钟，请稍后再试。"
# The client's address behind proxies (django-ipware, which django-axes uses when it is installed).
# TRUSTED_PROXY_COUNT proxies stand in front of the app; the one nearest the clients sets
# X-Forwarded-For to the address it sees (deploy/nginx.conf: `$remote_addr`, never appending what the
# client sent), each further one appends its own peer's. The client is then the first address and the
# N - 1 after it are proxies. Without proxies (0), X-Forwarded-For is ignored: anyone can send it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if env_bool("BEHIND_TLS_PROXY", False) else 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 0 or more, not {TRUSTED_PROXY_COUNT}")
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR",)
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1
    AXES_IPWARE_PROXY_ORDER = "left-most"
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

# Django's default LOGIN_URL is /accounts/login/, which would collide with the final-accounts app.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "accounts:after-sign-in"
LOGOUT_REDIRECT_URL = "accounts:home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "media/"

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)

# Production (DEBUG off) is HTTPS-only by default; a TLS-terminating proxy sets X-Forwarded-Proto.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (Django's own middleware): only this site's scripts, styles and images;
# charts are inline SVG markup, which the policy allows.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# The read-only open-data API may be read by browser tools of any origin: GET (and its preflight)
# under /api/ only, without cookies. Every other address sends no CORS header.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

# What the footer of every page shows, as government sites do: the body running the site (主办单位;
# a page of a bureau or its departments names that bureau instead), a contact line, the ICP filing
# number, the public security filing number and the government website identifier code. All empty
# by default: a line whose setting is empty is not shown.
SITE_HOST = env_str("SITE_HOST") or ""
SITE_CONTACT = env_str("SITE_CONTACT") or ""
SITE_ICP_RECORD = env_str("SITE_ICP_RECORD") or ""
SITE_PUBLIC_SECURITY_RECORD = env_str("SITE_PUBLIC_SECURITY_RECORD") or ""
SITE_GOVERNMENT_ID = env_str("SITE_GOVERNMENT_ID") or ""

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

# E-mail notifications of workflow steps go out only when EMAIL_NOTIFICATIONS is on; the mail server
# is then configured through Django 6.1's MAILERS (the EMAIL_* settings are deprecated).
EMAIL_NOTIFICATIONS = env_bool("EMAIL_NOTIFICATIONS", False)
if EMAIL_NOTIFICATIONS:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST") or "localhost",
                "port": env_int("EMAIL_PORT", 25),
                "username": env_str("EMAIL_HOST_USER") or "",
                "password": env_str("EMAIL_HOST_PASSWORD") or "",
                "use_tls": env_bool("EMAIL_USE_TLS", False),
            },
        }
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "juesuan@localhost"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "WARNING"},
}
