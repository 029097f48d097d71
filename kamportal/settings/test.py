"""pytest: same as base, fast hashing, in-memory mail unless a test asks for real SMTP."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PRIVATE_STORAGE_ROOT = Path(tempfile.mkdtemp(prefix="kamportal-private-"))
AXES_FAILURE_LIMIT = 3
# Rate-limit counters stay in-process, so tests/conftest.py can clear them without touching Redis.
CACHES = {**CACHES, "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rl"}}  # noqa: F405
# The home's cached figures too (tests/conftest.py clears them before every test).
CACHES["figures"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "figures"}

# Tasks run in-process in every test not marked `redis` (tests/conftest.py: eager_celery).
