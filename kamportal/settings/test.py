"""pytest: same as base, fast hashing, in-memory mail unless a test asks for real SMTP."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PRIVATE_STORAGE_ROOT = Path(tempfile.mkdtemp(prefix="kamportal-private-"))
AXES_FAILURE_LIMIT = 3
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Unit tests run tasks in-process even when REDIS_URL is set; the tests that
# exercise a real worker switch eager mode off for themselves (tests/test_celery_worker.py).
CELERY_TASK_ALWAYS_EAGER = True
