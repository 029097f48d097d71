"""Celery tasks for notifications and reminders: thin, idempotent, claimed with a conditional update.

The schedule that runs them lives in accounts/schedule.py (installed by a migration).
"""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import Notification, User
from accounts.notifications import DIGEST_KIND, notification_digest_build
from accounts.reminders import reminders_sweep

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def claim_timeout() -> timedelta:
    """A claim older than this belongs to a worker that died: longer than the task's hard time limit."""
    return timedelta(seconds=settings.NOTIFICATION_CLAIM_TIMEOUT)


def build_email(notification: Notification) -> EmailMultiAlternatives:
    with translation.override(notification.language):
        if notification.kind == DIGEST_KIND:
            html = render_to_string(
                "emails/digest.html",
                {"notification": notification, "items": notification.digested.order_by("created_at", "id")},
            )
        else:
            html = render_to_string("emails/base_email.html", {"notification": notification})
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body + (f"\n{notification.url}\n" if notification.url else ""),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.email],
        headers={"X-KAM-Notification": str(notification.uuid)},
    )
    message.attach_alternative(html, "text/html")
    for attachment in notification.attachments.all():
        message.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return message


class ClaimHeld(Exception):
    """Another worker is sending this mail; ask again once its claim would be stale."""

    def __init__(self, stale_in: float):
        super().__init__(f"claimed; stale in {stale_in:.0f} s")
        self.stale_in = max(stale_in, 0)


class SendFailed(Exception):
    def __init__(self, attempts: int, final: bool):
        super().__init__(f"attempt {attempts} failed")
        self.attempts = attempts
        self.final = final


def notification_send_email(*, notification_id: int) -> str:
    """Send one notification's e-mail once: claim it (pending → sending), send, mark it sent.

    A claim left by a worker that died (older than `claim_timeout()`) may be taken again, so a
    message redelivered after the worker was killed still sends the mail.
    Returns "sent" or "already handled" (sent, or not to be sent); raises ClaimHeld while another
    worker holds a fresh claim, so a duplicate delivery checks back later instead of dropping a
    mail whose sender may have died. On an SMTP failure the notification goes back to pending
    (or to failed after MAX_ATTEMPTS) and SendFailed is raised so the task retries with backoff.
    """
    stale = timezone.now() - claim_timeout()
    claimable = Q(email_status=Notification.EmailStatus.PENDING) | Q(
        email_status=Notification.EmailStatus.SENDING, email_claimed_at__lt=stale
    )
    claimed = Notification.objects.filter(claimable, pk=notification_id).update(
        email_status=Notification.EmailStatus.SENDING,
        email_claimed_at=timezone.now(),
        email_attempts=F("email_attempts") + 1,
    )
    if not claimed:
        claimed_at = (
            Notification.objects.filter(pk=notification_id, email_status=Notification.EmailStatus.SENDING)
            .values_list("email_claimed_at", flat=True)
            .first()
        )
        if claimed_at is not None:
            raise ClaimHeld((claimed_at + claim_timeout() - timezone.now()).total_seconds())
        return "already handled"
    notification = Notification.objects.get(pk=notification_id)
    try:
        build_email(notification).send()
    except Exception as exc:
        final = notification.email_attempts >= MAX_ATTEMPTS
        Notification.objects.filter(pk=notification_id).update(
            email_status=Notification.EmailStatus.FAILED if final else Notification.EmailStatus.PENDING,
            email_error=str(exc)[:300],
        )
        if final:
            log.error("Giving up on notification %s after %s attempts: %s", notification_id, MAX_ATTEMPTS, exc)
        raise SendFailed(notification.email_attempts, final) from exc
    Notification.objects.filter(pk=notification_id).update(
        email_status=Notification.EmailStatus.SENT, email_sent_at=timezone.now(), email_error=""
    )
    return "sent"


@shared_task(bind=True, acks_late=True, max_retries=MAX_ATTEMPTS, name="accounts.send_notification_email")
def send_notification_email(self, notification_id: int) -> str:
    try:
        return notification_send_email(notification_id=notification_id)
    except ClaimHeld as held:
        raise self.retry(exc=held, countdown=int(held.stale_in) + 1) from held
    except SendFailed as failure:
        if failure.final:
            return "failed"
        raise self.retry(exc=failure, countdown=min(2**failure.attempts, 600)) from failure


@shared_task(acks_late=True, name="accounts.requeue_stale_notifications")
def requeue_stale_notifications() -> int:
    """Pending mails whose task was lost (broker restart), and claims left by a killed worker, go out again."""
    stale = timezone.now() - claim_timeout()
    Notification.objects.filter(email_status=Notification.EmailStatus.SENDING, email_claimed_at__lt=stale).update(
        email_status=Notification.EmailStatus.PENDING
    )
    ids = list(
        Notification.objects.filter(email_status=Notification.EmailStatus.PENDING, created_at__lt=stale).values_list(
            "pk", flat=True
        )[:1000]
    )
    for pk in ids:
        send_notification_email.delay(pk)
    return len(ids)


@shared_task(acks_late=True, name="accounts.send_reminders")
def send_reminders() -> dict:
    """The periodic reminder sweep (hourly by beat; `manage.py send_reminders` without a broker)."""
    result = reminders_sweep()
    if result.failed:
        log.error("Reminder kinds failed in this sweep: %s", ", ".join(result.failed))
    return result.sent


@shared_task(acks_late=True, name="accounts.send_daily_digests")
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
