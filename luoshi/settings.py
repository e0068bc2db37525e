"""The one settings file. Everything that differs between machines comes from the environment.

See .env.example for every variable. Production defaults are safe: DEBUG is off and the app
refuses to start without SECRET_KEY unless LUOSHI_DEMO=1 (the local demo and the tests).
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from lib.env import envbool, envint, envlist, envsecret, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", False)
DEMO = envbool("LUOSHI_DEMO", False)

SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or DEMO):
        raise ImproperlyConfigured("SECRET_KEY is not set (set it, or LUOSHI_DEMO=1 for the local demo)")
    SECRET_KEY = "demo-only-insecure-key-never-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEBUG or DEMO) else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "apps.audit",
    "apps.orgs",
    "apps.notify",
    "apps.evidence",
    "apps.plans",
    "apps.documents",
    "apps.cycles",
    "apps.cascade",
    "apps.supervision",
    "apps.cases",
    "apps.projects",
    "apps.indicators",
    "apps.assessment",
    "apps.briefings",
    "apps.dashboard",
    "apps.portal",
    "apps.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "lib.uploads.UploadLimitMiddleware",  # before CSRF, which reads the body
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "luoshi.urls"
WSGI_APPLICATION = "luoshi.wsgi.application"

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
                "luoshi.context_processors.permissions",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("CONN_MAX_AGE", 60),
    )
}
# SQLite: WAL lets readers go on while one writer writes; a writer waits up to "timeout" seconds (the busy
# timeout) for the write lock instead of failing with "database is locked"; IMMEDIATE takes the write lock
# when a transaction begins, so a transaction that reads and then writes cannot be refused half-way (a
# deferred one fails at once, whatever the timeout). Tested in tests/test_sqlite_concurrency.py.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "timeout": envint("SQLITE_BUSY_TIMEOUT", 20),
    "transaction_mode": "IMMEDIATE",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "apps.orgs.backends.UserWithUnitBackend",
]
# Every password set through a form (admin user create/edit, 修改密码) passes these; the demo loader and
# the tests set hashes directly, and their passwords (luoshi2026, luoshi-test-pw) satisfy them anyway.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "apps.orgs.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["username", "full_name", "email"]},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id with measured parameters first (luoshi/hashers.py); the PBKDF2 hashers stay so that the hashes
# stored before are still checked, and rehashed with Argon2 at the next login.
PASSWORD_HASHERS = [
    "luoshi.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock-out after repeated failed logins (django-axes): per user name and address, and per address across
# user names (password spraying) with its own, higher limit (apps/orgs/lockout.py).
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
LOGIN_IP_FAILURE_LIMIT = envint("LOGIN_IP_FAILURE_LIMIT", 40)
AXES_COOLOFF_TIME = envint("LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "apps.orgs.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "apps.orgs.lockout.client_ip"  # the client's, not the proxy's, with BEHIND_PROXY
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# A session lasts a working day from the login (SESSION_HOURS, default 10), also across a browser restart, so
# a reporter logs in once a day and the month-end rush does not repeat the logins; no session write per request.
SESSION_COOKIE_AGE = envint("SESSION_HOURS", 10) * 3600
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
SESSION_COOKIE_HTTPONLY = True

# HTTPS: on by default outside debug/demo; turn off only behind a TLS-terminating proxy you trust.
HTTPS = envbool("HTTPS", not (DEBUG or DEMO))
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and envbool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
# Behind a TLS-terminating reverse proxy on the same host (deploy/nginx.conf): trust its X-Forwarded-Proto
# and X-Forwarded-Host. Never on a server clients reach directly: they could claim https or any host.
BEHIND_PROXY = envbool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
USE_X_FORWARDED_HOST = BEHIND_PROXY
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts and style sheets only from the app itself (static/), no inline
# script, no eval (htmx runs with allowEval off, see base.html); a <style> block needs the request's nonce.
# style attributes stay allowed (style-src-attr): computed bar positions, the unit tree's indent, and the
# charts' tooltips set them; they can load nothing from elsewhere (img-src is the app's own).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = envstr("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG or DEMO

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = envint("IMPORT_MAX_MB", 10) * 1024 * 1024
# Ledger exports of more than EXPORT_JOB_ROWS tasks are written by a background worker (`manage.py db_worker`).
EXPORT_JOB_ROWS = envint("EXPORT_JOB_ROWS", 5000)
EXPORT_KEEP_DAYS = envint("EXPORT_KEEP_DAYS", 7)  # manage.py prune_exports removes older files
# a 通报 of a plan with more tasks is generated by the background worker
BRIEFING_JOB_TASKS = envint("BRIEFING_JOB_TASKS", 5000)
# the dashboard's statistics are rebuilt by `tick` at most this often (0: every tick)
STATS_REFRESH_MINUTES = envint("STATS_REFRESH_MINUTES", 30)
# 重点项目: a month's report is due by this day; the colour limits (apps/projects/rules.py Thresholds)
PROJECT_REPORT_DUE_DAY = envint("PROJECT_REPORT_DUE_DAY", 25)
PROJECT_LIGHTS = {
    "start_red_months": envint("PROJECT_START_RED_MONTHS", 3),
    "progress_yellow_points": envint("PROJECT_PROGRESS_YELLOW_POINTS", 10),
    "progress_red_points": envint("PROJECT_PROGRESS_RED_POINTS", 30),
}

# Background jobs (django-tasks): queued in the database, so SQLite and PostgreSQL both work and several
# workers may share one PostgreSQL. TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend runs them
# inside the request instead (the tests do).
TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND") or "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

NINJA_PAGINATION_PER_PAGE = 50
# API tokens are refused this many days after they were issued (and revoked at once when the user's
# password is changed or reset, or the user is deactivated).
API_TOKEN_DAYS = envint("API_TOKEN_DAYS", 180)

# Early warning (红黄绿灯): yellow within WARN_WORKDAYS working days of a deadline, yellow/red when progress
# trails elapsed time by more than LAG_YELLOW / LAG_RED percentage points.
WARN_WORKDAYS = envint("WARN_WORKDAYS", 5)
LAG_YELLOW = envint("LAG_YELLOW", 10)
LAG_RED = envint("LAG_RED", 20)
EVIDENCE_MAX_BYTES = envint("EVIDENCE_MAX_MB", 20) * 1024 * 1024
# 督查结论: the unit may object within OBJECTION_DAYS days (政府督查工作条例 第十七条: 30).
OBJECTION_DAYS = envint("OBJECTION_DAYS", 30)
# 整改销号: an approved item is published (公示) for PUBLICITY_WORKDAYS working days before it is 销号 (0: at once).
PUBLICITY_WORKDAYS = envint("PUBLICITY_WORKDAYS", 5)
# 整改台账 按月交账: an open item's monthly progress is due on this day of each month (moved to the next
# working day), and its lead unit is reminded WARN_WORKDAYS working days before. Reporting cycles keep
# their due day per plan schedule; this is the one for rectification items.
RECTIFICATION_REPORT_DAY = envint("RECTIFICATION_REPORT_DAY", 25)
# Retention (manage.py prune): days after which read notifications, sent deliveries and superseded
# autosave versions are removed. Audit events are not pruned by default (kept ≥ 180 days by law).
PRUNE_NOTIFICATION_DAYS = envint("PRUNE_NOTIFICATION_DAYS", 90)
PRUNE_DELIVERY_DAYS = envint("PRUNE_DELIVERY_DAYS", 90)
PRUNE_VERSION_DAYS = envint("PRUNE_VERSION_DAYS", 90)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "luoshi@localhost")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}
