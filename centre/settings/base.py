"""Settings shared by every environment.

Everything that differs between machines is read from the environment:
DATABASE_URL, CACHE_URL, TRUSTED_PROXIES, SECRET_KEY, ALLOWED_HOSTS, MEDIA_ROOT,
CENTRE_NAME, BASE_URL, LOG_FORMAT (docs/deployment.md lists them all).
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import django
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


INSTALLED_APPS = [
    "centre",
    "core",
    "guides",
    "network",
    "search",
    "notices",
    "pages",
    "forms",
    "cases",
    "casedesk",
    "axes",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "core.middleware.RefuseControlCharactersMiddleware",
    "core.middleware.CentreCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.AdminPermissionDeniedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that a locked-out login answers before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "centre.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Django's own widget templates are listed here rather than by adding
        # "django.forms" to INSTALLED_APPS, whose label would clash with forms/.
        "DIRS": [BASE_DIR / "templates", Path(django.__file__).parent / "forms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.centre",
                "network.context_processors.villages",
                "pages.context_processors.centre_pages",
            ],
        },
    },
]

# Form templates (field groups of the application wizard) live in templates/ too.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "centre.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run` has the job worker writing beside the server: readers never wait
    # for a writer (WAL), and a writer waits for the other rather than failing
    # with "database is locked". IMMEDIATE takes the write lock at the start of a
    # transaction, so two writers queue instead of deadlocking on an upgrade.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_from_url(url):
    """CACHES["default"] from CACHE_URL:
    db://TABLE (default db://centre_cache) - the database cache, shared by every
        worker with no extra server; `manage.py createcachetable` makes the table
        (`make migrate` runs it);
    redis://HOST:PORT/DB or rediss://… - Redis (needs `pip install redis`);
    locmem:// - one process only (tests, single-process development)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("db", "database", ""):
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": (parts.netloc + parts.path).strip("/") or "centre_cache"}
    if scheme in ("redis", "rediss", "unix"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": parts.netloc or "centre"}
    raise ValueError(f"CACHE_URL: unknown cache scheme {scheme!r} (use db://, redis:// or locmem://)")


CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", "db://centre_cache"))}

# Proxies whose X-Forwarded-For is believed (core/clientip.py): IP addresses or
# CIDR networks, comma-separated, e.g. TRUSTED_PROXIES=127.0.0.1,10.0.0.0/8.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out client before the password is checked.
    "core.auth.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): failures counted in the shared cache, per
# user name and client address together and per address, with the client
# address taken by the same trusted-proxy rule as every other limit.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))  # hours: 15 minutes
# Two independent counts, each locking at AXES_FAILURE_LIMIT: failures for one
# username from any address (a guess of one account spread over many
# addresses), and failures from one address for any username (one machine
# trying many accounts). A success clears both for that user and address, so
# colleagues behind one office address do not add up their typing slips.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A lock-out ends AXES_COOLOFF_TIME after it began: attempts during it are
# refused but not counted, so an attacker cannot keep a real user out by
# hammering (each new lock-out needs a fresh run of failures after it ends).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "core.clientip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
AXES_COOLOFF_MESSAGE = "登录尝试次数过多，已暂停登录，请稍后再试。"
AXES_PERMALOCK_MESSAGE = "登录尝试次数过多，已暂停登录，请联系中心管理员。"
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# The project's translations (locale/zh_Hans): the Wagtail admin strings that
# Wagtail's own zh_Hans catalogue lacks. They are read before the apps' own.
LOCALE_PATHS = [BASE_DIR / "locale"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

# Uploaded application attachments: outside MEDIA_ROOT, never served by URL,
# only through a view that checks who is asking.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGIN_URL = "wagtailadmin_login"

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("CENTRE_NAME", "示例镇便民服务中心")
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "doc", "odt", "pdf", "rtf", "txt", "xlsx", "xls", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_I18N_ENABLED = False
# No call from staff browsers to releases.wagtail.org (the CSP would refuse it anyway).
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The admin speaks Chinese only: with one language and one time zone the account
# page asks for neither, and the English "what's new" banner is not shown.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# The project
CENTRE_NAME = WAGTAIL_SITE_NAME
# Public base URL used in QR codes and printed permalinks.
PUBLIC_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Online application drafts are kept this many days after their last save.
FORM_DRAFT_DAYS = int(os.environ.get("FORM_DRAFT_DAYS", "30"))
# The forms app ends with one call that opens a case; it names the function
# here instead of importing the cases app that sits above it.
FORMS_CASE_OPENER = "cases.intake.open_case"
# Residents' sessions hold their drafts and status look-ups for FORM_DRAFT_DAYS;
# signed-in staff get 12 hours, renewed while they work (core.middleware.StaffSessionMiddleware).
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
STAFF_SESSION_SECONDS = int(os.environ.get("STAFF_SESSION_HOURS", "12")) * 60 * 60

# Content-Security-Policy (django-csp 4): no inline script on the public site;
# a template that must keep one writes <script nonce="{{ request.csp_nonce }}">.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}
# Wagtail's admin still writes inline scripts and style attributes.
CSP_ADMIN_PREFIXES = ["/admin/"]
CSP_ADMIN_REPLACE = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "frame-src": [SELF, "https:"],  # embed previews
    "img-src": [SELF, "data:", "blob:", "https:"],
}
SECURE_REFERRER_POLICY = "same-origin"

# Logs: one line per record, JSON (LOG_FORMAT=json, the production default) or
# key=value (LOG_FORMAT=text), with personal data and query strings scrubbed by
# core.logging.PersonalDataFilter on every handler.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "core.logging.PersonalDataFilter"}},
    "formatters": {
        "json": {"()": "core.logging.JSONFormatter"},
        "text": {"()": "core.logging.KeyValueFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["personal_data"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers for these would bypass the filter: route them here.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Background-task and page-log chatter drowns the useful output of commands.
        "django_tasks": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# Search
# The embedded engine (search/backends/embedded.py) needs no server. Set
# ELASTICSEARCH_URL (e.g. http://127.0.0.1:9200) to answer queries from
# Elasticsearch instead; the embedded index is kept current as its fallback.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_BACKEND = "elasticsearch" if ELASTICSEARCH_URL else "embedded"
SEARCH_ELASTICSEARCH_INDEX = os.environ.get("SEARCH_ELASTICSEARCH_INDEX", "centre-search")
SEARCH_ELASTICSEARCH_TIMEOUT = float(os.environ.get("SEARCH_ELASTICSEARCH_TIMEOUT", "2"))

# Case desk
# SMS to applicants at each move of their case: a class with send(phone, message).
# The default writes the message to the log; set SMS_BACKEND to a gateway's class.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "cases.notifications.LoggingSMSBackend")

# --- Background jobs (django-tasks; see core/tasks.py) ----------------------
# Mail, SMS, PDFs to be mailed and search index updates run as jobs in the
# database queue; `manage.py db_worker` runs them (`make run` starts one).
# A failed job is tried again after 30 s, 1 min, 2 min, … up to
# TASKS_MAX_ATTEMPTS times.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
TASKS_MAX_ATTEMPTS = int(os.environ.get("TASKS_MAX_ATTEMPTS", "5"))
TASKS_RETRY_DELAY = int(os.environ.get("TASKS_RETRY_DELAY", "30"))  # seconds before the first retry
# A job RUNNING this long was left by a worker that was killed (`run_worker`
# fails it and queues its retry); longer than any job takes (mail times out
# after EMAIL_TIMEOUT, a whole-site reindex takes minutes).
TASKS_STALE_AFTER = int(os.environ.get("TASKS_STALE_MINUTES", "30")) * 60
# The worker's CPU priority (run_worker --priority): residents' requests come
# before its jobs. "idle": only CPU time nothing else wants (Linux SCHED_IDLE).
TASKS_WORKER_PRIORITY = os.environ.get("TASKS_WORKER_PRIORITY", "idle")  # or a niceness increment
# Seconds without a newly queued job before the worker takes one (run_worker
# --settle): a burst of submissions is served before its receipts are made.
TASKS_WORKER_SETTLE = float(os.environ.get("TASKS_WORKER_SETTLE", "1"))
# An SMTP server that does not answer fails a mail job after this many seconds
# (the job is retried); it never holds up a request, which only enqueues.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
