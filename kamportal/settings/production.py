"""docker-compose / production: secrets come from the environment and have no default."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")  # noqa: F405
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)  # noqa: F405
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- Database connections -----------------------------------------------------------------------------
# Persistent connections, checked before reuse. Behind PgBouncer in transaction mode set DATABASE_PGBOUNCER=true:
# server-side cursors (.iterator()) do not survive a pooled transaction (DEPLOY.md).
DATABASES = {
    "default": {
        **database_from_env(),  # noqa: F405  (jit=off on PostgreSQL)
        "CONN_MAX_AGE": env.int("DB_CONN_MAX_AGE", default=60),  # noqa: F405
        "CONN_HEALTH_CHECKS": True,
        "DISABLE_SERVER_SIDE_CURSORS": env.bool("DATABASE_PGBOUNCER", default=False),  # noqa: F405
    }
}

# --- Static files: whitenoise serves the hashed, compressed files collectstatic wrote into the image ---
_after_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1  # noqa: F405
MIDDLEWARE = [  # noqa: F405
    *MIDDLEWARE[:_after_security],  # noqa: F405
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[_after_security:],  # noqa: F405
]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Logging --------------------------------------------------------------------------------------------
LOGGING["handlers"]["console"]["formatter"] = env("LOG_FORMAT", default="json")  # noqa: F405
LOGGING["root"]["level"] = env("LOG_LEVEL", default="INFO")  # noqa: F405
# --- Trust (issue 14): HTTPS only -------------------------------------------------------------------------
# TLS ends at the proxy in front of gunicorn, which must set X-Forwarded-Proto (and strip it from clients).
SECURE_SSL_REDIRECT = env.bool("DJANGO_SSL_REDIRECT", default=True)  # noqa: F405
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=365 * 24 * 3600)  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# --- end trust ------------------------------------------------------------------------------------------
