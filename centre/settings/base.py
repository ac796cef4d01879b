"""Settings shared by every environment.

Everything that differs between machines is read from the environment:
DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, MEDIA_ROOT, CENTRE_NAME, BASE_URL.
"""

import os
from pathlib import Path

import dj_database_url
import django

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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.AdminPermissionDeniedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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

# The project
CENTRE_NAME = WAGTAIL_SITE_NAME
# Public base URL used in QR codes and printed permalinks.
PUBLIC_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Online application drafts are kept this many days after their last save.
FORM_DRAFT_DAYS = int(os.environ.get("FORM_DRAFT_DAYS", "30"))
# The forms app ends with one call that opens a case; it names the function
# here instead of importing the cases app that sits above it.
FORMS_CASE_OPENER = "cases.intake.open_case"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
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
# An SMTP server that does not answer fails a mail job after this many seconds
# (the job is retried); it never holds up a request, which only enqueues.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
