"""One settings module, driven by the environment.

Defaults serve `make run` on a laptop (SQLite, DEBUG, console e-mail). Production sets
DJANGO_ENV=production, which turns every security switch on; `manage.py check --deploy`
must then be clean.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    """Read NAME, or the file named by NAME_FILE (Docker/systemd secrets)."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    return env(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


PRODUCTION = env("DJANGO_ENV") == "production"
DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)
TESTING = env_bool("PORTAIL_TESTING", False)

# Development values, committed in the repository: production refuses to start with them (below).
DEV_SECRETS = {
    "SECRET_KEY": "dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz",
    # Fernet key for the NIR; never stored in the database.
    "NIR_ENCRYPTION_KEY": "pZ8bS3ZJp6l2s0Qw2nYV7m0lB8t8wq1g6sJ5o9cE3Kk=",
    "NIR_HASH_KEY": "dev-only-nir-hash-key",
}
SECRET_KEY = env("SECRET_KEY") or DEV_SECRETS["SECRET_KEY"]
NIR_ENCRYPTION_KEY = env("NIR_ENCRYPTION_KEY") or DEV_SECRETS["NIR_ENCRYPTION_KEY"]
NIR_HASH_KEY = env("NIR_HASH_KEY") or DEV_SECRETS["NIR_HASH_KEY"]


def production_secret_problems() -> list[str]:
    """What is wrong with the secrets for production: missing, a development value, an invalid Fernet key."""
    from cryptography.fernet import Fernet

    problems = []
    if DEBUG:
        problems.append("DJANGO_DEBUG : interdit en production (les pages d'erreur montreraient des données) / "
                        "forbidden in production")
    for name, dev_value in DEV_SECRETS.items():
        value = env(name)
        if not value:
            problems.append(f"{name} : absente / missing")
        elif value == dev_value or value.startswith("dev-only"):
            problems.append(f"{name} : valeur de développement du dépôt / development value from the repository")
    try:
        Fernet(NIR_ENCRYPTION_KEY.encode())
    except (ValueError, TypeError):
        problems.append("NIR_ENCRYPTION_KEY : clé Fernet invalide / invalid Fernet key")
    # The links of the e-mails (invitations, password resets, booking links) are built from it, never from
    # the request's Host header: without it they would point at the development address.
    base_url = env("PORTAL_BASE_URL")
    if not base_url:
        problems.append("PORTAL_BASE_URL : absente, adresse publique du portail (https://…) / missing, "
                        "the portal's public address")
    elif not base_url.startswith("https://"):
        problems.append("PORTAL_BASE_URL : doit commencer par https:// / must start with https://")
    return problems


if PRODUCTION and (_problems := production_secret_problems()):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "DJANGO_ENV=production : démarrage refusé, secrets et réglages à fournir (variable ou fichier NOM_FILE, "
        "voir docs/deploiement.md) / startup refused, secrets and settings to provide (variable or NAME_FILE file):\n  - "
        + "\n  - ".join(_problems)
    )
ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles: its `runserver` (French banner, the port really used) is the one manage.py runs.
    "portail.core",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "simple_history",
    "sequences",
    "django_tasks",
    "django_tasks_db",
    "portail.audit",
    "portail.accounts",
    "portail.members",
    "portail.workforce",
    "portail.billing",
    "portail.declarations",
    "portail.appointments",
    "portail.activity",
    "portail.help",
    "portail.messaging",
    "portail.backoffice",
    "portail.portal",
    "portail.api",
    "ninja",  # its templates and static files: the API's documentation page is served from here, no CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Before anything a logged-in user may reach: staff without their second factor reach only that.
    "portail.backoffice.middleware.StaffSecondFactorMiddleware",
    # A named user whose login still owes its second factor (optional, or required of administrators).
    "portail.accounts.second_factor.MemberSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portail.core.security.NulCharacterMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "portail.accounts.middleware.AbsoluteSessionLifetimeMiddleware",
    "portail.accounts.middleware.SessionIdleRefreshMiddleware",
    "portail.accounts.middleware.PasswordChangeRequiredMiddleware",
    "portail.portal.middleware.CurrentMemberMiddleware",
    "portail.api.middleware.ApiAuditMiddleware",
    "portail.core.security.SecurityHeadersMiddleware",
    # Last, so that a locked-out attempt is refused before any password hashing.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portail.portal.context_processors.portal",
            ],
            "builtins": ["portail.core.templatetags.fr", "portail.core.templatetags.ui"],
        },
    }
]
# Django's widget HTML, drawn in Python for the common widgets (see the module for why).
FORM_RENDERER = "portail.core.form_renderer.FastWidgetRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The member pages read hot rows from memory (SSD at worst): PostgreSQL's default cost of a random read (4, for
    # spinning disks) made it merge-join a firm's 500 mandates along the whole member index instead of 500 probes.
    # Per connection, so it holds whatever the server's postgresql.conf says.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c random_page_cost=1.1")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "portail.accounts.backends.PortalBackend",
]
PASSWORD_HASHERS = [
    "portail.accounts.hashers.PortalArgon2PasswordHasher",  # Argon2id, one lane (its cost: the bench's login figures)
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "portail.accounts.passwords.LengthByAccountKindValidator"},
    {"NAME": "portail.accounts.passwords.FrenchCommonPasswordValidator"},
    {"NAME": "portail.accounts.passwords.ContextWordsValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "portail.accounts.passwords.PasswordHistoryValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60  # one hour: the link is mailed, so keep its life short

# Sessions: 30 minutes idle for everyone on the portal. The idle clock is refreshed by
# SessionIdleRefreshMiddleware at most once a minute rather than on every request: saving the
# session row on each page view was a third of a page's database work (bench/, issue 8). Read through the cache
# (the shared one below), written to both: every page spares its session query, and a session outlives a cache
# flush. Nothing deletes session rows behind Django's back (logout and login rotation go through the store).
# Only a cache that every process reads may serve sessions: with one cache per worker, a logout or a change of
# company in one worker would leave the old session alive in the others. So Redis, or a lone process (`make run`,
# the tests); several workers without REDIS_URL read sessions from the database.
SESSION_ENGINE = "django.contrib.sessions.backends." + ("cached_db" if env("REDIS_URL") or DEBUG or TESTING
                                                        else "db")
SESSION_COOKIE_AGE = int(env("SESSION_IDLE_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60

# One cache for rate limits, lockout hints and the members' page summaries (portail/members/freshness.py).
# REDIS_URL (redis://host:6379/0) shares it between every worker and server: set it as soon as there are several;
# without it each process keeps its own in memory (`make run`, the test suite).
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", "portail")
if TESTING:  # each test process clears its own keys only, never another run's on a shared Redis
    CACHE_KEY_PREFIX += f":test{os.getpid()}"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("REDIS_URL"),
        "KEY_PREFIX": CACHE_KEY_PREFIX,
    } if env("REDIS_URL") else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_PREFIX": CACHE_KEY_PREFIX,
    }
}
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_ABSOLUTE_SECONDS = int(env("SESSION_ABSOLUTE_SECONDS", str(12 * 3600)))
STAFF_SESSION_IDLE_SECONDS = 15 * 60

# django-axes: lock a (login, IP) pair, never a whole office behind one NAT.
AXES_ENABLED = True
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A refused attempt during a lockout neither extends it nor writes the attempt again: the lock
# stays 15 minutes from the last real failure, and hammering a locked account costs the server
# a few reads instead of a transaction.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
# Reverse proxies in front of Django (1 behind the nginx of deploy/): the client IP is read from
# X-Forwarded-For accordingly, by one function for axes, the rate limits and the audit log.
PROXY_COUNT = int(env("PROXY_COUNT", "0"))
# The addresses those proxies connect from: X-Forwarded-For is read only on a request from one of them, so that a
# client reaching gunicorn directly cannot choose its address. Empty: from any address (not advised).
PROXY_ADDRESSES = [a.strip() for a in env("PROXY_ADDRESSES", "127.0.0.1,::1").split(",") if a.strip()]
AXES_CLIENT_IP_CALLABLE = "portail.core.client_ip.client_ip"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
# Outside production WhiteNoise serves the apps' static folders as they are (no collectstatic, edits seen at
# once), so `make run` can turn DEBUG off and show the service's own 404/403/500 pages, as production does.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))

MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media-non-public/"  # files are only served through permission-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024

# The portal's public address, for every link that leaves it (e-mails, booking links): `core.links`, never the
# request's Host. Required in production.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", "http://127.0.0.1:8000")
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Portail adhérents <ne-pas-repondre@spst.example>")

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# Branding fallbacks: the Service record (editable by administrators) overrides them.
SERVICE_DEFAULTS = {
    "name": env("SERVICE_NAME", "SPST Démo"),
    "tagline": env(
        "SERVICE_TAGLINE", "Le partenaire prévention et santé au travail des entreprises des Bouches-du-Rhône"
    ),
    "hotline_email": env("SERVICE_HOTLINE_EMAIL", "hotline-adherents@spst.example"),
}

SILENCED_SYSTEM_CHECKS = ["axes.W002"] if TESTING else []

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # The reloader's "Watching for file changes" line is English noise in `make run`'s start-up output.
    "loggers": {"django.utils.autoreload": {"level": "WARNING"}, "axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^sante/$"]  # load balancers probe over plain HTTP
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
