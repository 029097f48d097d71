"""Celery tasks for notifications and reminders: thin interfaces over accounts.outbox and accounts.reminders.

The schedule that runs the periodic ones lives in accounts/schedule.py (installed by a migration).
Every task here is idempotent (claims and unique keys), so acks_late with reject_on_worker_lost
(settings) redelivers a dead worker's message safely.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from accounts.models import Notification, User
from accounts.notifications import notification_digest_build
from accounts.outbox import notification_deliver, outbox_dispatch
from accounts.reminders import reminders_sweep

log = logging.getLogger(__name__)

# One SMTP conversation: EMAIL_TIMEOUT (20 s) fits in the soft limit; NOTIFICATION_CLAIM_TIMEOUT
# (60 s) is above the hard limit, so a live worker's claim is never taken.
SEND_SOFT_TIME_LIMIT = 30
SEND_TIME_LIMIT = 40


@shared_task(
    name="accounts.send_notification_email",
    soft_time_limit=SEND_SOFT_TIME_LIMIT,
    time_limit=SEND_TIME_LIMIT,
)
def send_notification_email(notification_id: int) -> str:
    """Deliver one outbox row; a failure is recorded on the row and retried by the dispatcher."""
    return notification_deliver(notification_id=notification_id)


@shared_task(name="accounts.dispatch_outbox", soft_time_limit=50, time_limit=60)
def dispatch_outbox() -> dict:
    """Every 30 s: publish pending rows that are due (publish failed, retry time reached, dead worker)."""
    return outbox_dispatch()


@shared_task(name="accounts.requeue_stale_notifications")
def requeue_stale_notifications() -> dict:
    """The former name of dispatch_outbox, kept so that a schedule entry from before still works."""
    return outbox_dispatch()


@shared_task(name="accounts.send_reminders")
def send_reminders() -> dict:
    """The periodic reminder sweep (hourly by beat; `manage.py send_reminders` without a broker)."""
    result = reminders_sweep()
    if result.failed:
        log.error("Reminder kinds failed in this sweep: %s", ", ".join(result.failed))
    return result.sent


@shared_task(name="accounts.send_daily_digests")
def send_daily_digests() -> int:
    """One digest e-mail per user with notifications waiting for it; a second run finds none left."""
    now = timezone.now()
    user_ids = (
        Notification.objects.filter(email_status=Notification.EmailStatus.DIGEST, user__isnull=False)
        .values_list("user_id", flat=True)
        .distinct()
    )
    sent = 0
    for user in User.objects.filter(pk__in=list(user_ids)):
        if notification_digest_build(user=user, until=now) is not None:
            sent += 1
    return sent


@shared_task(
    name="accounts.build_export_job",
    soft_time_limit=settings.EXPORT_BUILD_TIME_LIMIT - 30,
    time_limit=settings.EXPORT_BUILD_TIME_LIMIT,
)
def build_export_job(job_id: int) -> str:
    """Queued by `export_job_create` after commit (and again by the sweep): build the list export once; a
    redelivered message finds the job claimed or built and returns."""
    from accounts.export_jobs import export_job_build

    job = export_job_build(job_id=job_id)
    return job.status if job is not None else "missing"


@shared_task(name="accounts.sweep_export_jobs")
def sweep_export_jobs() -> dict:
    """Every five minutes (accounts/schedule.py): expired export files go, stuck jobs are queued again or failed."""
    from accounts.export_jobs import export_jobs_sweep

    return export_jobs_sweep()
