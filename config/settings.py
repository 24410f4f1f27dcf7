"""Settings for the treaty timeline, driven by environment variables (see .env.example).

Local defaults are safe on a developer's machine: DEBUG is off unless asked for, hosts are limited
to loopback, and the database is the project-local PostgreSQL cluster that `make run` starts.
"""

import os
from pathlib import Path
from urllib.parse import quote

import dj_database_url
import xstatic.pkg.jquery_ui
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from import_export.formats import base_formats

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (make run generates one in .local/secret_key).")
    SECRET_KEY = "insecure-debug-only-key"  # noqa: S105 - only ever used with DEBUG on

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it must come before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "config.apps.StaticFiles",  # django.contrib.staticfiles, see config/apps.py
    "django.contrib.postgres",
    "corsheaders",
    "django_filters",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "axes",
    "csp",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "core",
    "treaties",
    "reactions",
    "search",
]
# The apps that hold the record: their tables raise the record's version (core.db), curators'
# roles cover their models (core.services), and the tests load and copy their rows.
RECORD_APPS = ["treaties", "reactions"]
# Who previews drafts on the public pages and in the API: anyone who may view the record in the
# admin (the curator and editor roles).
RECORD_PREVIEW_PERMISSION = "treaties.view_treaty"

MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    # /releases/<number>/...: the site as it was in a release (its static files too, so
    # before WhiteNoise).
    "core.releases.ReleaseMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.RefuseControlCharacters",
    # ETag on every GET and a 304 when If-None-Match still matches: pages and API alike.
    "django.middleware.http.ConditionalGetMiddleware",
    "config.middleware.api_varies_on_authorization",
    "core.middleware.RecordCacheMiddleware",
    # Inside the kept answers, so a reader whose client takes Brotli or gzip gets an answer
    # compressed once, not at every request.
    "core.compression.CompressionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Lets each recorded change name the user who made it.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it answers logins from a locked-out user and address.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed logins for one username from one address lock that pair out for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Not its banner on every manage.py command and in every worker's log.
AXES_VERBOSE = False
# Behind a proxy every request comes from the proxy: lock out the client's own address instead.
AXES_CLIENT_IP_CALLABLE = "core.throttling.client_address"

# How many proxies stand in front of the app (the compose file's Caddy: 1). Each appends the
# address it was called from to X-Forwarded-For, so the client's is that many from the right;
# anything further left the client wrote itself. 0: REMOTE_ADDR is the client.
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

# HTTPS: on unless DEBUG. Behind the TLS proxy of a deployment it turns on secure cookies, HSTS
# and the redirect to https (the proxy must set X-Forwarded-Proto). `make run` and the local
# compose file serve plain HTTP on 127.0.0.1 and turn it off.
HTTPS = env_bool("HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes call plain HTTP inside the host
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Listing the domain in browsers' preload lists is its owner's decision, not this app's.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No script on the site's pages can read the CSRF cookie: public pages send only GETs.
CSRF_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): every script and style comes from this site, in files;
# no inline script and no eval anywhere (config.middleware loosens styles for the admin only).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Who may frame the embeddable views (/embed/...): any site unless narrowed, e.g.
# EMBED_FRAME_ANCESTORS="https://school.example https://news.example". Every other page: nobody.
EMBED_FRAME_ANCESTORS = os.environ.get("EMBED_FRAME_ANCESTORS", "*").split()

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.language_links",
                "core.context_processors.record_release",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Without DATABASE_URL: the project-local cluster that scripts/dev.sh starts (unix socket only).
LOCAL_DATABASE_URL = "postgres://postgres@{}/treaties".format(
    quote(str(BASE_DIR / ".local" / "pg" / "run"), safe="")
)
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=LOCAL_DATABASE_URL,
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Parameters travel apart from the SQL, so a query the app repeats (a search's ranking, a page's
# rows) has one text: psycopg prepares it after a few runs, and PostgreSQL then parses it once a
# connection (and plans it once where one plan suits every value). Without a pooler in between,
# prepared statements are safe; a first search took 1.8 ms less (bench/README.md).
# PostgreSQL's JIT compiles any plan whose estimate passes jit_above_cost: on the bench record a
# search's ranking (estimated high, read in 40 ms) spent 35 to 670 ms compiling. The app's queries
# are short reads, so it stays off.
DATABASES["default"].setdefault("OPTIONS", {}).update(
    {"server_side_binding": True, "prepare_threshold": 5, "options": "-c jit=off"}
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The answers kept for anonymous readers ("record", see core.middleware.RecordCacheMiddleware)
# and the anonymous clients' counts ("throttle", core.throttling). On one machine they are shared
# by the workers in files that the OS keeps in its page cache, the kept answers bounded in bytes,
# the least recently stored dropped first. With REDIS_URL, several app servers share one Redis
# or Valkey (which bounds itself: maxmemory with an LRU policy, docker-compose.yml).
REDIS_URL = os.environ.get("REDIS_URL", "")
LOCAL_CACHE_DIR = BASE_DIR / ".local"
if REDIS_URL:
    CACHES = {
        alias: {
            "BACKEND": "core.cache.SharedRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": alias,
        }
        for alias in ("record", "throttle")
    }
else:
    CACHES = {
        "record": {
            "BACKEND": "core.cache.SharedFileCache",
            "LOCATION": os.environ.get("RECORD_CACHE_DIR", str(LOCAL_CACHE_DIR / "record-cache")),
            "OPTIONS": {"size_limit": int(os.environ.get("RECORD_CACHE_MB", "1024")) * 2**20},
        },
        "throttle": {
            "BACKEND": "core.cache.SharedFileCache",
            "LOCATION": os.environ.get("THROTTLE_CACHE_DIR", str(LOCAL_CACHE_DIR / "throttle")),
        },
    }
CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
RECORD_CACHE_ALIAS = "record"
# Kept answers are dropped when the record changes; this bounds their age in any case. 0: off.
RECORD_CACHE_SECONDS = int(os.environ.get("RECORD_CACHE_SECONDS", "600"))
# Fragments of answers (core.fragments) are kept for a day: their keys name the record's version
# and the day, so none is read after either moves, and the watcher that keeps every treaty's
# comparison columns (keep_comparisons) may take longer than RECORD_CACHE_SECONDS to go round.
RECORD_FRAGMENT_SECONDS = int(os.environ.get("RECORD_FRAGMENT_SECONDS", str(24 * 3600)))
# Each process also holds the kept fragments it last read or made in its memory, up to this many
# MB (core.cache.RecentFragments).
RECENT_FRAGMENTS_MB = int(os.environ.get("RECENT_FRAGMENTS_MB", "64"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Content is written in English and Arabic; a field left empty in one language shows the other
# rather than nothing (the templates mark the language of what they show).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "ar")}

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static", ("jquery-ui", xstatic.pkg.jquery_ui.BASE_DIR)]
# The admin's language tabs (modeltranslation) need jQuery UI: served from here, not a CDN.
JQUERY_UI_URL = "jquery-ui/jquery-ui.min.js"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint (core.pdf) logs every step of every PDF at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# JSON API (/api/v2/, and /api/v1/): read for anyone, writes for curators holding the model's
# permissions (a token: Authorization: Token <key>, or an admin session with its CSRF token).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "core.api_defaults.ModelPermissionsOrAnonReadOnly",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "core.api_defaults.SlugFilterBackend",
        "search.api.FullTextSearchFilter",
        "core.api_defaults.StrictOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api_defaults.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["core.throttling.AnonThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANON_RATE", "300/minute"),
        "search": os.environ.get("SEARCH_ANON_RATE", "120/minute"),
        "pdf": os.environ.get("PDF_ANON_RATE", "20/minute"),
        "kept": os.environ.get("KEPT_ANON_RATE", "300/minute"),
    },
    "NUM_PROXIES": TRUSTED_PROXIES,
    "DEFAULT_RENDERER_CLASSES": [
        "core.renderers.ApiJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "core.api_schema.ApiSchema",
    "DEFAULT_METADATA_CLASS": "core.api_defaults.RenderersMetadata",
    "EXCEPTION_HANDLER": "core.api_defaults.exception_handler",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "core.api_defaults.StrictContentNegotiation",
    "DEFAULT_PARSER_CLASSES": [
        "core.api_defaults.StrictJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # /api/v2/ is current; /api/v1/ serves an article's wording as it did (text, text_language,
    # text_source), read-only, where v2 gives its texts.
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.URLPathVersioning",
    "DEFAULT_VERSION": "v2",
    "ALLOWED_VERSIONS": ["v1", "v2"],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Moscow–Pyongyang treaties API",
    "DESCRIPTION": (
        "The treaties of 1961, 2000 and 2024, their articles, parties, topics, sources and the "
        "reactions to them, with a comparison endpoint. Every text people read is given in both "
        'languages at once, as {"en": "...", "ar": "..."}. Dates are ISO 8601. Read access is '
        "open (throttled per address); writes need a curator's token."
    ),
    "VERSION": "2.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CertaintyEnum": "core.models.Certainty",
        "DatePrecisionEnum": "core.models.DatePrecision",
        "ObligationLevelEnum": "treaties.models.ObligationLevel",
    },
}

# Browsers on other sites (notebooks) may read the API; nothing else crosses origins.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

# Import and export in the admin (django-import-export): CSV, JSON and XLSX; an import is one
# transaction; importing takes the "add" permission, exporting the "view" one.
IMPORT_EXPORT_FORMATS = [base_formats.CSV, base_formats.JSON, base_formats.XLSX]
IMPORT_EXPORT_USE_TRANSACTIONS = True
# A longer file is checked and imported by a background worker (core.tasks, `manage.py db_worker`,
# which `make run` starts), its progress shown: within a request, at about 50 ms a row
# (bench/imports.py), a 30 s worker timeout holds a few hundred rows, and the confirmation
# imports the file a second time.
IMPORT_ROWS_IN_REQUEST = int(os.environ.get("IMPORT_ROWS_IN_REQUEST", "200"))
# The worker's queue is a table of the database: no other service to run.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
