"""Celery tasks for notifications: thin, idempotent, claimed with a conditional update."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import Notification

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
CLAIM_TIMEOUT = timedelta(minutes=10)


def build_email(notification: Notification) -> EmailMultiAlternatives:
    with translation.override(notification.language):
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


class SendFailed(Exception):
    def __init__(self, attempts: int, final: bool):
        super().__init__(f"attempt {attempts} failed")
        self.attempts = attempts
        self.final = final


def notification_send_email(*, notification_id: int) -> str:
    """Send one notification's e-mail once: claim it (pending → sending), send, mark it sent.

    Returns "sent" or "already handled" (claimed or sent by someone else). On an SMTP
    failure the notification goes back to pending (or to failed after MAX_ATTEMPTS)
    and SendFailed is raised so the task can retry with backoff.
    """
    claimed = Notification.objects.filter(pk=notification_id, email_status=Notification.EmailStatus.PENDING).update(
        email_status=Notification.EmailStatus.SENDING,
        email_claimed_at=timezone.now(),
        email_attempts=F("email_attempts") + 1,
    )
    if not claimed:
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
    except SendFailed as failure:
        if failure.final:
            return "failed"
        raise self.retry(exc=failure, countdown=min(2**failure.attempts, 600)) from failure


@shared_task(name="accounts.requeue_stale_notifications")
def requeue_stale_notifications() -> int:
    """Pending mails whose task was lost (broker restart), and claims left by a killed worker, go out again."""
    stale = timezone.now() - CLAIM_TIMEOUT
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
