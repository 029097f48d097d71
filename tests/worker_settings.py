"""Settings of the Celery worker and beat subprocesses that the real-worker tests start.

The test settings, plus: mail over SMTP to the test's sink (EMAIL_URL), the test-only
reminder kind, and Redis options so that a killed worker's unacknowledged message comes back
within seconds (TEST_VISIBILITY_TIMEOUT) instead of after the default hour.
"""

from kamportal.settings.test import *  # noqa: F403
from kamportal.settings.test import env

vars().update(env.email_url("EMAIL_URL"))
EMAIL_TIMEOUT = 5
REMINDER_MODULES = ["tests.accounts.reminder_kinds"]
NOTIFICATION_CLAIM_TIMEOUT = env.int("NOTIFICATION_CLAIM_TIMEOUT", default=600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("TEST_VISIBILITY_TIMEOUT", default=3600),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
