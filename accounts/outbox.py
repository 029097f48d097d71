"""The e-mail outbox: every Notification with email_status pending is a message waiting to leave.

Rows are written by `accounts.notifications` in the transaction of the change that causes them;
this module only publishes and delivers rows. Invariants:
- publishing happens after commit and never raises (a broker error is logged; the row waits);
- `outbox_dispatch` (every 30 s by beat) republishes pending rows whose `email_next_try_at` has
  passed and frees claims older than NOTIFICATION_CLAIM_TIMEOUT (a dead worker's);
- `notification_deliver` claims a row (pending → sending), sends it with a stable Message-ID and
  marks it sent; an SMTP error puts it back to pending with exponential backoff, and after
  NOTIFICATION_RETRY_HOURS of failures it becomes undeliverable until someone resends it.
"""

import logging
from collections.abc import Iterable
from datetime import timedelta
from email.utils import parseaddr

from celery import current_app
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.attachments import attachment_content
from accounts.models import Notification

log = logging.getLogger(__name__)

DELIVER_TASK = "accounts.send_notification_email"
DIGEST_KIND = "digest"
Status = Notification.EmailStatus


def claim_timeout() -> timedelta:
    """A claim older than this belongs to a worker that died: longer than the send task's hard time limit."""
    return timedelta(seconds=settings.NOTIFICATION_CLAIM_TIMEOUT)


def publish_grace() -> timedelta:
    """How long a published row may wait in the queue before the dispatcher publishes it again."""
    return timedelta(seconds=settings.NOTIFICATION_PUBLISH_GRACE)


def retry_delay(attempts: int) -> timedelta:
    """Backoff after the n-th failed attempt: 30 s, 1 min, 2 min … capped at NOTIFICATION_RETRY_MAX_DELAY."""
    seconds = settings.NOTIFICATION_RETRY_FIRST_DELAY * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.NOTIFICATION_RETRY_MAX_DELAY))


def message_id(notification: Notification) -> str:
    """The same Message-ID on every attempt, so a receiver can recognise a second copy."""
    domain = settings.EMAIL_MESSAGE_ID_DOMAIN or parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    return f"<{notification.uuid}@{domain or 'kamportal.local'}>"


def _deliver_task():
    """The delivery task, found by name (accounts.tasks imports this module, not the other way round)."""
    if DELIVER_TASK not in current_app.tasks:
        current_app.loader.import_default_modules()  # registers every app's tasks module
    return current_app.tasks[DELIVER_TASK]


def publish(notification_ids: Iterable[int]) -> int:
    """Queue a delivery task per row. Never raises: a row whose publish failed waits for the dispatcher."""
    published = 0
    for pk in notification_ids:
        try:
            _deliver_task().apply_async(args=[pk])
        except Exception:  # the broker is down: the row stays pending and `outbox_dispatch` retries
            log.warning("Could not queue notification %s; the dispatcher will retry", pk, exc_info=True)
            if not getattr(current_app.conf, "task_always_eager", False):
                return published
        else:
            published += 1
    return published


def publish_on_commit(notification_ids: Iterable[int]) -> None:
    ids = list(notification_ids)
    if ids:
        transaction.on_commit(lambda: publish(ids), robust=True)


def outbox_dispatch(*, limit: int = 1000) -> dict:
    """Free dead workers' claims, give up on rows stuck past the retry window, publish what is due."""
    now = timezone.now()
    stale = Notification.objects.filter(email_status=Status.SENDING, email_claimed_at__lt=now - claim_timeout())
    # A row whose every attempt kills its worker (so no SMTP error is ever recorded) stops too.
    stale.filter(email_queued_at__lt=now - timedelta(hours=settings.NOTIFICATION_RETRY_HOURS)).update(
        email_status=Status.UNDELIVERABLE, email_next_try_at=None, email_error="the sending worker died every time"
    )
    freed = stale.update(email_status=Status.PENDING, email_next_try_at=now)
    due = list(
        Notification.objects.filter(email_status=Status.PENDING, email_next_try_at__lte=now)
        .order_by("email_next_try_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    if due:
        Notification.objects.filter(pk__in=due, email_status=Status.PENDING).update(
            email_next_try_at=now + publish_grace()
        )
    return {"freed": freed, "published": publish(due), "due": len(due)}


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
        headers={"Message-ID": message_id(notification), "X-KAM-Notification": str(notification.uuid)},
    )
    message.attach_alternative(html, "text/html")
    for attachment in notification.attachments.all():
        content = attachment_content(attachment)
        if content is not None:
            message.attach(attachment.filename, content, attachment.mimetype)
    return message


def notification_deliver(*, notification_id: int) -> str:
    """Send one row's e-mail: claim it (pending → sending), send, mark it sent.

    Returns "sent"; "already handled" (sent, not to be sent, or claimed by a live worker);
    "retry" (the SMTP server failed; pending again with backoff) or "undeliverable".
    """
    now = timezone.now()
    claimable = Q(email_status=Status.PENDING) | Q(
        email_status=Status.SENDING, email_claimed_at__lt=now - claim_timeout()
    )
    claimed = Notification.objects.filter(claimable, pk=notification_id).update(
        email_status=Status.SENDING, email_claimed_at=now, email_attempts=F("email_attempts") + 1
    )
    if not claimed:
        return "already handled"
    notification = Notification.objects.get(pk=notification_id)
    try:
        build_email(notification).send()
    except Exception as exc:
        now = timezone.now()
        give_up = now - (notification.email_queued_at or notification.created_at) >= timedelta(
            hours=settings.NOTIFICATION_RETRY_HOURS
        )
        Notification.objects.filter(pk=notification_id, email_status=Status.SENDING).update(
            email_status=Status.UNDELIVERABLE if give_up else Status.PENDING,
            email_next_try_at=None if give_up else now + retry_delay(notification.email_attempts),
            email_error=str(exc)[:300],
        )
        if give_up:
            log.error(
                "Notification %s is undeliverable after %s attempts: %s",
                notification_id,
                notification.email_attempts,
                exc,
            )
            return "undeliverable"
        log.warning("Notification %s: attempt %s failed: %s", notification_id, notification.email_attempts, exc)
        return "retry"
    Notification.objects.filter(pk=notification_id).update(
        email_status=Status.SENT, email_sent_at=timezone.now(), email_error="", email_next_try_at=None
    )
    return "sent"


@transaction.atomic
def notifications_resend(*, notifications: Iterable[Notification]) -> int:
    """Undeliverable rows go back to pending with a fresh retry window; returns how many."""
    now = timezone.now()
    ids = list(
        Notification.objects.filter(
            pk__in=[n.pk for n in notifications], email_status=Status.UNDELIVERABLE
        ).values_list("pk", flat=True)
    )
    Notification.objects.filter(pk__in=ids, email_status=Status.UNDELIVERABLE).update(
        email_status=Status.PENDING, email_error="", email_queued_at=now, email_next_try_at=now + publish_grace()
    )
    publish_on_commit(ids)
    return len(ids)
