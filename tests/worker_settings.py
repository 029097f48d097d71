"""Settings of the Celery worker and beat subprocesses that the real-worker tests start.

The test settings, plus: mail over SMTP to the test's sink (EMAIL_URL), the test-only
reminder kind, and overrides a test may pass in the environment to make recovery fast
(TEST_VISIBILITY_TIMEOUT, NOTIFICATION_CLAIM_TIMEOUT, NOTIFICATION_RETRY_FIRST_DELAY);
without them the production values apply.
"""

from kamportal.settings.test import *  # noqa: F403
from kamportal.settings.test import CELERY_BROKER_TRANSPORT_OPTIONS, env

vars().update(env.email_url("EMAIL_URL"))
EMAIL_TIMEOUT = 5
REMINDER_MODULES = ["tests.accounts.reminder_kinds"]
NOTIFICATION_RETRY_FIRST_DELAY = env.int("NOTIFICATION_RETRY_FIRST_DELAY", default=30)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "visibility_timeout": env.int(
        "TEST_VISIBILITY_TIMEOUT", default=CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    ),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
