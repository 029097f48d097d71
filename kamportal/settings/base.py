"""Settings shared by every environment; values come from the environment (django-environ)."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from kamportal.lib.storage_url import s3_options

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-only-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_celery_beat",
    "health_check",
    "csp",
    "kamportal",
    "accounts",
    "recruitment",
    "candidates",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "accounts.request_user.UserWithFactsMiddleware",  # AuthenticationMiddleware, the user and its facts in one query
    "accounts.middleware.WorkContextMiddleware",
    "accounts.request_user.SessionDeviceOTPMiddleware",  # django-otp's OTPMiddleware without a second device query
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.session_security.PrivateResponseHeadersMiddleware",
    "accounts.session_security.SessionLimitsMiddleware",
    "accounts.twofactor.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kamportal.urls"
WSGI_APPLICATION = "kamportal.wsgi.application"

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
                "accounts.context_processors.principal",
            ],
        },
    },
]


def database_from_env(default: str | None = None) -> dict:
    """DATABASE_URL parsed; on PostgreSQL without JIT, which costs the short OLTP queries up to 200 ms."""
    config = env.db("DATABASE_URL", default=default) if default else env.db("DATABASE_URL")
    if config["ENGINE"] == "django.db.backends.postgresql":
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    config["ATOMIC_REQUESTS"] = False
    return config


DATABASES = {"default": database_from_env(default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# django-axes: lock out after repeated failed logins for one e-mail from one address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field; the user model's USERNAME_FIELD is "email"
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
# Trust (issue 14): against password spraying, also lock one account after this many failures from any
# addresses, and one address after this many failures over any accounts, within AXES_COOLOFF_TIME.
AXES_HANDLER = "accounts.lockout.SprayAwareLockoutHandler"
LOCKOUT_ACCOUNT_FAILURE_LIMIT = env.int("LOCKOUT_ACCOUNT_FAILURE_LIMIT", default=10)
LOCKOUT_IP_FAILURE_LIMIT = env.int("LOCKOUT_IP_FAILURE_LIMIT", default=20)
# Password reset requests per e-mail address and per client address (django-ratelimit rates).
PASSWORD_RESET_RATE_PER_ADDRESS = env("PASSWORD_RESET_RATE_PER_ADDRESS", default="3/h")
PASSWORD_RESET_RATE_PER_IP = env("PASSWORD_RESET_RATE_PER_IP", default="10/h")

# --- Trust (issue 14): second factor -------------------------------------------------------
# Staff sign in with TOTP (django-otp) plus recovery codes; accounts/twofactor/. A verified
# browser may be remembered for TWO_FACTOR_REMEMBER_DAYS (0: never), never longer than the cap.
OTP_TOTP_ISSUER = "KAM-portalen"
TWO_FACTOR_REMEMBER_DAYS = env.int("TWO_FACTOR_REMEMBER_DAYS", default=14)
TWO_FACTOR_REMEMBER_MAX_DAYS = 30

# Sessions: staff are signed out after STAFF_SESSION_IDLE_MINUTES idle, everyone SESSION_ABSOLUTE_HOURS
# after login (accounts/session_security.py); the cookie lives no longer than that.
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)
SESSION_ABSOLUTE_HOURS = env.int("SESSION_ABSOLUTE_HOURS", default=12)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600

# Content-Security-Policy (django-csp): no inline script anywhere, no third-party origin. Pages load
# their scripts and styles from /static/ only; a script that must stay inline would take
# csp.constants.NONCE (`request.csp_nonce`) - none does today.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# --- end trust ----------------------------------------------------------------------------

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Oslo"
USE_TZ = True
LANGUAGE_COOKIE_NAME = "kam_language"
# One date format per language (nb: 1. des. 2026, en: 1 Dec 2026): kamportal/formats/<lang>/formats.py.
FORMAT_MODULE_PATH = ["kamportal.formats"]

# --- Static and private files (storage) ------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))

# Uploaded candidate files live outside any web root and are served only through views that ask the access
# policy: kamportal.storage.private_storage (= storages["private"]). The local folder PRIVATE_STORAGE_ROOT by
# default (make run, tests); a private S3 bucket when STORAGE_URL is set (s3://KEY:SECRET@HOST/BUCKET, see
# kamportal/lib/storage_url.py and DEPLOY.md), which every web and worker node shares.
PRIVATE_STORAGE_ROOT = Path(env("PRIVATE_STORAGE_ROOT", default=str(VAR_DIR / "private")))
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(VAR_DIR / "backups")))  # manage.py backup / make backup
STORAGE_URL = env("STORAGE_URL", default="")
if STORAGE_URL:
    PRIVATE_STORAGE = {"BACKEND": "kamportal.storage.PrivateS3Storage", "OPTIONS": s3_options(STORAGE_URL)}
else:
    PRIVATE_STORAGE = {"BACKEND": "kamportal.storage.PrivateFileSystemStorage"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": PRIVATE_STORAGE,
}
MEDIA_ROOT = VAR_DIR / "media-unused"  # MEDIA_* stays empty and unserved
MEDIA_URL = "/media-unused/"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Mail
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="KAM-portalen <ikke-svar@kamportal.local>")
EMAIL_URL = env("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
    EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
else:
    # `make run`: one .log file per batch of mail under var/mail/ (also shown on the notification pages).
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))

# --- Celery and the e-mail outbox (issue 13: mail, tasks and files survive faults) -------------
# Redis when REDIS_URL is set, else tasks run eagerly in-process.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Every task is idempotent (claims, unique keys): acknowledge after the work, and give the message
# back when the worker process dies, so a killed worker's task runs again.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Default limits (the reminder sweep, digests, the file sweep); the send task has its own 30/40 s.
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
# Redis hands an unacknowledged message (its worker died) to another worker after the visibility
# timeout: longer than the longest task's hard limit (300 s), and no task uses countdown/ETA, so it
# never redelivers a live task. Mail does not wait for it: the outbox dispatcher frees a dead
# worker's claim after NOTIFICATION_CLAIM_TIMEOUT.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=360),
    "socket_connect_timeout": 3,
    "socket_timeout": 10,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing from a web request gives up fast: the outbox row waits for the dispatcher instead.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
CELERY_BEAT_SCHEDULER = "kamportal.beat:LockedDatabaseScheduler"  # entries: accounts/schedule.py
CELERY_BEAT_LOCK_TTL = env.int("CELERY_BEAT_LOCK_TTL", default=30)  # seconds; a second beat waits this long
CELERY_TIMEZONE = TIME_ZONE
# A notification claimed longer ago than this belongs to a dead worker and may be sent again
# (above the send task's 40 s hard limit, so a live worker's claim is never taken).
NOTIFICATION_CLAIM_TIMEOUT = env.int("NOTIFICATION_CLAIM_TIMEOUT", default=60)
# A published row still pending this long after is published again by the dispatcher.
NOTIFICATION_PUBLISH_GRACE = env.int("NOTIFICATION_PUBLISH_GRACE", default=60)
# SMTP failures: retry after 30 s, 1 min, 2 min … at most every 2 h, for 24 h; then undeliverable.
NOTIFICATION_RETRY_FIRST_DELAY = 30
NOTIFICATION_RETRY_MAX_DELAY = 2 * 3600
NOTIFICATION_RETRY_HOURS = env.int("NOTIFICATION_RETRY_HOURS", default=24)
EMAIL_MESSAGE_ID_DOMAIN = env("EMAIL_MESSAGE_ID_DOMAIN", default="")  # default: DEFAULT_FROM_EMAIL's domain
# A stored file without a Document row, older than this, is an orphan the file sweep removes.
ORPHAN_FILE_GRACE_MINUTES = env.int("ORPHAN_FILE_GRACE_MINUTES", default=60)
# Lists count at most this many rows ("more than …"): counting half a million candidates is not worth 50 ms.
LIST_COUNT_LIMIT = env.int("LIST_COUNT_LIMIT", default=10000)
# List exports (kamportal/exports.py): up to EXPORT_SYNC_MAX_ROWS rows are built in the request, up to
# EXPORT_MAX_ROWS by a task (accounts/export_jobs.py), more is refused with "narrow the filter". The task's file
# is downloadable by the requester for EXPORT_DOWNLOAD_HOURS; a build running longer than
# EXPORT_BUILD_STALE_MINUTES lost its worker and is retried (at most EXPORT_BUILD_ATTEMPTS builds); a job still
# queued after EXPORT_QUEUE_GRACE_MINUTES (the broker was down) is queued again by the sweep.
EXPORT_SYNC_MAX_ROWS = env.int("EXPORT_SYNC_MAX_ROWS", default=2000)
EXPORT_MAX_ROWS = env.int("EXPORT_MAX_ROWS", default=200000)
EXPORT_DOWNLOAD_HOURS = env.int("EXPORT_DOWNLOAD_HOURS", default=24)
EXPORT_CHUNK_SIZE = env.int("EXPORT_CHUNK_SIZE", default=2000)
EXPORT_BUILD_TIME_LIMIT = env.int("EXPORT_BUILD_TIME_LIMIT", default=900)  # seconds (the task's hard limit)
EXPORT_BUILD_STALE_MINUTES = env.int("EXPORT_BUILD_STALE_MINUTES", default=20)  # above the hard limit
EXPORT_BUILD_ATTEMPTS = env.int("EXPORT_BUILD_ATTEMPTS", default=2)
EXPORT_QUEUE_GRACE_MINUTES = env.int("EXPORT_QUEUE_GRACE_MINUTES", default=5)
# Retention (candidates/retention.py): a candidate idle this long is anonymised, the advisor warned this many
# days ahead; a closed recruitment's free text goes this long after it closed.
CANDIDATE_RETENTION_DAYS = env.int("CANDIDATE_RETENTION_DAYS", default=183)
CANDIDATE_RETENTION_NOTICE_DAYS = env.int("CANDIDATE_RETENTION_NOTICE_DAYS", default=30)
RECRUITMENT_TEXT_RETENTION_DAYS = env.int("RECRUITMENT_TEXT_RETENTION_DAYS", default=365)
# An employer's contact who left (Contact.left_on) is erased this many days after the day they left.
CONTACT_RETENTION_DAYS = env.int("CONTACT_RETENTION_DAYS", default=180)
# The legal basis of each processing purpose, shown on the record of processing (candidates/processing.py).
PROCESSING_LEGAL_BASES = {
    "candidates": env("LEGAL_BASIS_CANDIDATES", default="GDPR art. 6(1)(e) and 9(2)(b); arbeidsmarkedsloven"),
    "sharing": env("LEGAL_BASIS_SHARING", default="GDPR art. 6(1)(a) and 9(2)(a): the candidate's consent"),
    "employers": env("LEGAL_BASIS_EMPLOYERS", default="GDPR art. 6(1)(f): legitimate interest"),
    "staff": env("LEGAL_BASIS_STAFF", default="GDPR art. 6(1)(b) and (c): employment, security duty"),
    "audit": env("LEGAL_BASIS_AUDIT", default="GDPR art. 6(1)(c) and 32: security of processing"),
}
# Modules with @reminder_kind finders beyond each app's `reminders` module (accounts/reminders.py).
REMINDER_MODULES = env.list("REMINDER_MODULES", default=[])
# --- end of Celery and the outbox ----------------------------------------------------------------

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions in the database only. Not "cached_db": its load() writes the session to the cache unguarded, so with
# Redis down every signed-in request would fail (tests/recruitment/test_overview_figures_cache.py keeps the home
# working with every cache broken); it would save about 0.5 ms a request. Not signed cookies: a session must end on
# the server (logout, idle and absolute limits, deactivation).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Rate-limit counters (django-ratelimit) in their own cache alias, so tests can clear them alone.
CACHES["ratelimit"] = {**CACHES["default"], "KEY_PREFIX": "ratelimit"}
RATELIMIT_USE_CACHE = "ratelimit"
# The provider admin's and region coordinator's home figures, counted at most this often per provider or region
# (recruitment.work_queue.figures; 0 counts on every view). Writes do not invalidate them: they lag at most this.
CACHES["figures"] = {**CACHES["default"], "KEY_PREFIX": "figures"}
OVERVIEW_FIGURES_CACHE_SECONDS = env.int("OVERVIEW_FIGURES_CACHE_SECONDS", default=300)

# A week of attendance left unapproved this many working days after it was sent reminds the employer's contacts.
ATTENDANCE_APPROVAL_REMINDER_WORKING_DAYS = env.int("ATTENDANCE_APPROVAL_REMINDER_WORKING_DAYS", default=3)

# Signed e-mailed links expire after this many days unless a feature says otherwise.
SIGNED_LINK_MAX_AGE_DAYS = 14

# The customer pyramid's continuity criterion from the employer's feedback on candidate lists (the statistics'
# scorecard over the last PYRAMID_FEEDBACK_MONTHS): at least this share of the candidates answered (percent)
# scores 3, and answered within this median of working days too scores 4 (recruitment.pyramid).
PYRAMID_CONTINUITY_MIN_ANSWER_RATE = env.int("PYRAMID_CONTINUITY_MIN_ANSWER_RATE", default=80)
PYRAMID_CONTINUITY_MAX_ANSWER_DAYS = env.int("PYRAMID_CONTINUITY_MAX_ANSWER_DAYS", default=5)
PYRAMID_FEEDBACK_MONTHS = env.int("PYRAMID_FEEDBACK_MONTHS", default=12)

# --- Logging, health, error reporting ----------------------------------------------------------------
# LOG_FORMAT=json: one JSON object per line with the request id (kamportal.lib.context), which a request
# hands on to the Celery tasks it queues; production's default. "text" for a terminal.
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"work_context": {"()": "kamportal.logs.RequestIdLogFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s %(origin)s %(user_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601, UTC
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["work_context"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # workers log through LOGGING too: same format, with the request id

# /health/ (kamportal/health.py) for load balancers and compose: database, cache, broker, private storage.
# It answers on plain HTTP even where SSL redirects are on (the probe comes from inside the network).
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# Error reporting to Sentry (or any Sentry-compatible service) only when SENTRY_DSN is set.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,  # no user e-mails, IPs or cookies leave the portal
    )

# --- Privacy: the candidate's own say and subject-access exports (candidates/consent_requests.py,
# candidates/subject_access.py) ---------------------------------------------------------------------------
# A consent request e-mailed to a candidate waits this many days for an answer, then expires.
CONSENT_REQUEST_ANSWER_DAYS = env.int("CONSENT_REQUEST_ANSWER_DAYS", default=14)
# A built subject-access export can be downloaded (once) by its requester for this many hours.
SUBJECT_ACCESS_EXPORT_HOURS = env.int("SUBJECT_ACCESS_EXPORT_HOURS", default=72)
