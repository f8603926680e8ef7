"""Settings for CertDir, read from the environment (see README, "Configuration")."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(set DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)

INSTALLED_APPS = [
    # Before the admin, so that its translated-field admin classes are the ones registered.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_countries",
    "django_filters",
    "simple_history",
    "axes",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accreditation",
    "bodies",
    "search",
    "api",
    "demo",
    "stats",
    "changes",
    "checks",
    "compare",
    "reports",
]

# Reference data (standard titles, IAF sector names, accreditation body names) is kept in
# these four languages (accreditation/translation.py); an empty translation shows English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "fr", "es", "ru")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

MIDDLEWARE = [
    # First, so that every response gets the header, WhiteNoise's and early refusals too.
    "certdir.middleware.PermissionsPolicyMiddleware",
    # Before anything that answers by itself, so that the API's every answer is readable
    # from other sites (CORS_URLS_REGEX: /api/ only).
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "certdir.middleware.ContentSecurityPolicyMiddleware",
    # The language by URL (or, for the API and the admin, by header); before CommonMiddleware,
    # whose slash redirect must see /fr/... paths resolve, and before anything that renders.
    "certdir.i18n.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "certdir.middleware.DatabaseUnavailableMiddleware",
    # Picks the database of each request (a replica or the primary) before anything reads;
    # after the outage middleware, so that its 503 covers a replica failing mid-request.
    "certdir.replicas.ReplicaMiddleware",
    # Before the page cache, so that cached answers count towards a client's limit too.
    "certdir.ratelimit.RateLimitMiddleware",
    # Outside the page cache, so that cached API answers get their ETag (and 304) too.
    "api.middleware.ETagMiddleware",
    # A hit is answered here, after everything a cached answer needs and before what only
    # views need (a hit skipping the rest costs a fifth less); a hit costs a database query.
    "certdir.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # As early as it can know who is asking: before anything reads the request body.
    "certdir.middleware.RequestBodyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "certdir.urls"

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
                "bodies.context_processors.demo_notice",
                "certdir.i18n.languages",
            ],
        },
    },
]

WSGI_APPLICATION = "certdir.wsgi.application"

# SQLite by default so the directory starts with no database server; production
# sets DATABASE_URL to a postgres:// URL (psycopg 3). Connections are kept open
# between requests and checked before reuse, so a restarted server is survived.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}

# Reads may go to PostgreSQL streaming replicas (certdir.replicas): "replica1", "replica2"
# ... in DATABASE_REPLICA_URLS' order. They connect with a short timeout, so that a
# replica that went away costs little before its reads go elsewhere; the test suite
# reads them from the primary's test database.
DATABASE_REPLICAS = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS", []), start=1):
    _replica = dj_database_url.parse(
        _url,
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
    _replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{_number}"] = _replica
    DATABASE_REPLICAS.append(f"replica{_number}")
DATABASE_ROUTERS = ["certdir.replicas.ReplicaRouter"]

# Rendered public pages are cached (certdir.cache). With no REDIS_URL each worker
# keeps its own local-memory cache; either way keys carry the directory version, read
# from the database, so a change in one worker is never served stale by another.
# Bounds: pages over 512 KiB are not stored and entries live an hour at most; the
# local-memory cache keeps at most 500 entries (stored compressed, ~30 KiB for a
# typical search page), and Redis must be given a maxmemory with an LRU eviction
# policy (docs/deployment.md). While Redis does not answer, each process caches in its
# own memory meanwhile (certdir.caches).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "certdir.caches.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "certdir"),
            "TIMEOUT": 60 * 60,
        },
        "exports": {
            "BACKEND": "certdir.caches.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "certdir") + "-exports",
            "TIMEOUT": 60 * 60,
            # Exports are large (up to 16 MiB): few in a process while Redis is down.
            "OPTIONS": {"FALLBACK_MAX_ENTRIES": 4},
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 500},
        },
        # Whole CSV exports, compressed (at most 16 MiB each): a few, per worker.
        "exports": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "exports",
            "OPTIONS": {"MAX_ENTRIES": 4},
        },
    }

# "X-Cache: hit/miss" tells whether a search ran since the last edit: for development
# and the benchmarks only, never in production.
PAGE_CACHE_HEADER = env_bool("DJANGO_PAGE_CACHE_HEADER", DEBUG)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Bulk writers (the import, seed_demo, admin actions) record history through this
# project-wide helper; apps name it here rather than import the project package.
BULK_HISTORY_WRITER = "certdir.history.record_bulk_history"

# HTTPS whenever debug is off: redirect, HSTS and cookies that never travel in clear.
# Behind a TLS-terminating proxy that redirects by itself, DJANGO_SECURE_SSL_REDIRECT=0
# turns Django's redirect off; the proxy tells Django a request came over HTTPS in
# X-Forwarded-Proto, which it must set itself rather than pass on from the client.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "certdir.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not SECURE_SSL_REDIRECT:
    # security.W008 says the redirect is off, which the operator chose: the proxy redirects.
    SILENCED_SYSTEM_CHECKS = ["security.W008"]

# No inline script anywhere: public pages load /static/ files only, and so does the
# Django admin (its data travels in JSON script blocks and data attributes). The one
# inline style, a paginator border on django-simple-history's history list, is blocked.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Password guessing at the admin login: five failures for one user name lock that name
# out for an hour from any address, and five failures from one address lock that address
# out whatever names it tries. A superuser lifts a lockout early under "Axes" in the
# admin or with `manage.py axes_reset_username`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A success resets the signed-in user's own failures only (certdir.login_attempts), never
# the address's: axes' own reset would let anyone with an account wipe the count of
# guesses at another name by signing in between them.
AXES_RESET_ON_SUCCESS = False
AXES_HANDLER = "certdir.login_attempts.OwnFailuresResetHandler"
AXES_CLIENT_IP_CALLABLE = "certdir.middleware.client_ip"

# How many reverse proxies append to X-Forwarded-For in front of Django (see README,
# "Production"). 0: none, so the header is the client's own and only the peer address
# counts for lockouts.
TRUSTED_PROXY_COUNT = os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "").strip() or "0"
if not (TRUSTED_PROXY_COUNT.isascii() and TRUSTED_PROXY_COUNT.isdigit()):
    raise ImproperlyConfigured("DJANGO_TRUSTED_PROXY_COUNT must be a whole number, 0 or more.")
TRUSTED_PROXY_COUNT = int(TRUSTED_PROXY_COUNT)

# Request bodies (certdir.middleware.RequestBodyLimitMiddleware): the public site takes no
# POST and the admin login form is tiny, so anyone but signed-in staff may send 1 MiB;
# staff upload bodies CSV files of up to 2 MiB (bodies.csvio.staging), with room to spare
# so that the import form, not a bare 413, explains a file somewhat over its limit. Form
# fields (not files) of any request stay under 1 MiB.
ANONYMOUS_MAX_REQUEST_BODY = 1024 * 1024
STAFF_MAX_REQUEST_BODY = 4 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# Anyone may upload a file of up to 5 MB to the bulk check (checks.views, which keeps it in
# memory and says plainly when a file is over its limit): requests of up to 6 MiB there.
PUBLIC_UPLOAD_MAX_REQUEST_BODY = {"/check/": 6 * 1024 * 1024}

# The read API (/api/, the ``api`` app): anonymous, read-only, JSON, open to every origin.
# DJANGO_API_RATE_LIMIT is "REQUESTS/SECONDS" per client address (certdir.ratelimit).
API_RATE_LIMIT = os.environ.get("DJANGO_API_RATE_LIMIT", "").strip() or "60/60"
_requests, _, _seconds = API_RATE_LIMIT.partition("/")
if not (_requests.isascii() and _requests.isdigit() and _seconds.isascii() and _seconds.isdigit()):
    raise ImproperlyConfigured('DJANGO_API_RATE_LIMIT must be "REQUESTS/SECONDS", e.g. "60/60".')
API_RATE_LIMIT = (int(_requests), max(int(_seconds), 1))
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # No sessions, no CSRF, no users: every API view is anonymous (api.views).
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CertDir API",
    # Lazy: the schema is written in the language ?lang= asks for.
    "DESCRIPTION": gettext_lazy(
        "Read-only access to CertDir: the search of conformity assessment bodies, each body's "
        "accreditations and verdicts, accreditation bodies, standards and IAF sectors."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Operations in URL order (bodies first), parameters in the search page's order.
    "SORT_OPERATION_PARAMETERS": False,
    "SORT_OPERATIONS": False,
    # The schema's allowed values come from the database (api.schema), which `check --deploy`
    # may run before `migrate`; the test suite runs `spectacular --validate --fail-on-warn`.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    # One name for a choice set that several fields use.
    "ENUM_NAME_OVERRIDES": {
        "AccreditationStatusEnum": "accreditation.models.AccreditationStatus",
        "SignatoryEnum": "accreditation.models.Signatory",
    },
    # The docs page loads Swagger UI from this site's static files (no CDN, no inline script).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# Cross-origin reads of the API only: never the admin or the pages, never with cookies.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
# POST: the bulk check (/api/v1/checks/), which writes nothing and sends no cookie.
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS", "POST"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]

# The admin is the only place to sign in, and its index the place to land afterwards
# (also when the login's "next" is refused as unsafe).
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# Each named in its own language, as the switcher shows them (certdir.i18n).
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ru", "Русский"),
]
# One project catalogue (templates are project-level): locale/<language>/LC_MESSAGES/.
LOCALE_PATHS = [BASE_DIR / "locale"]
# The long date of each language (DATE_FORMAT: "3 March 2025", "3 марта 2025" ...), which
# verdicts, timelines and pages write through date_format(value) and |date.
FORMAT_MODULE_PATH = ["certdir.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic writes; a benchmark run collects into its own folder, so it never
# rewrites the files a server or a test suite on this checkout is reading.
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", "").strip() or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # Django's own "django" logger prints to the console in debug and also passes records
    # up to the root: every line twice. Here it only passes them up.
    "loggers": {"django": {"handlers": [], "propagate": True}},
}
