"""One function sends every notification: `notify`.

For each recipient it renders the message in the recipient's language and stores a
Notification (shown in the portal's notification centre when the recipient is a user) in
the caller's transaction: the row is the outbox entry (accounts/outbox.py publishes it
after commit, so a rolled-back change sends nothing and a broker outage only delays it).
Users who chose the daily digest get no single e-mail; the daily digest task collects
theirs (`notification_digest_build`).

Templates: `<template>_subject.txt` (one line) and `<template>.txt` (the body).
The HTML e-mail is the text inside `emails/base_email.html`, with a button for `url`.
"""

import re
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation

from accounts.attachments import Deferred, attachment_fields
from accounts.models import Notification, NotificationAttachment, NotificationSubject, User
from accounts.outbox import DIGEST_KIND, publish_grace, publish_on_commit

Attachment = tuple[str, "bytes | Deferred", str]  # (filename, content or how to build it at delivery, mimetype)
__all__ = ["DIGEST_KIND", "absolute_url", "candidate_ids", "notification_digest_build", "notify", "render_message"]


def absolute_url(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def _recipient(recipient, language: str | None = None) -> tuple[User | None, str, str]:
    if isinstance(recipient, User):
        return recipient, recipient.email, recipient.language
    email = str(recipient).strip().lower()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is not None:
        return user, user.email, user.language
    return None, email, language or settings.LANGUAGE_CODE


def candidate_ids(about) -> list[int]:
    """The candidate ids in `about`: a candidate, a candidate id, or an iterable of either (None skipped)."""
    if about is None:
        return []
    if isinstance(about, int) or hasattr(about, "pk"):
        about = [about]
    ids = []
    for item in about:
        pk = getattr(item, "pk", item)
        if pk is not None and pk not in ids:
            ids.append(int(pk))
    return ids


def message_templates(template: str) -> tuple:
    """The compiled `<template>_subject.txt` and `<template>.txt`."""
    return get_template(f"{template}_subject.txt"), get_template(f"{template}.txt")


def finish_message(subject: str, body: str) -> tuple[str, str]:
    """The rendered subject on one line (at most 250 characters, cut at a word) and the body, stripped."""
    subject = " ".join(subject.split())
    if len(subject) > 250:  # cut at a word, not inside one
        subject = subject[:249].rsplit(" ", 1)[0] + "…"
    return subject, body.strip() + "\n"


_SAFE_LOAD = re.compile(r"{%\s*load\s+i18n\s*%}")


def same_for_every_recipient(templates: Sequence) -> bool:
    """True if the templates cannot depend on the recipient: they never name `recipient`, include or extend no
    other template and load no tag library but i18n (a tag could read the context). Then one rendering per
    language serves every recipient of a message (`accounts.notify_bulk`)."""
    for compiled in templates:
        source = _SAFE_LOAD.sub("", compiled.template.source)
        if "recipient" in source or "{%" in source and re.search(r"{%\s*(include|extends|load)\b", source):
            return False
    return True


def render_message(*, template: str, context: dict, language: str) -> tuple[str, str]:
    subject, body = message_templates(template)
    with translation.override(language):
        return finish_message(subject.render(context), body.render(context))


@transaction.atomic
def notify(
    *,
    recipients: Iterable["User | str"],
    kind: str,
    template: str,
    context: dict,
    url: str = "",
    attachments: Sequence[Attachment] = (),
    email: bool = True,
    language: str | None = None,
    about=(),
) -> list[Notification]:
    """Notify each recipient (a User, or an e-mail address of someone who may have no account).

    `language` is the language of a recipient without an account (a candidate); users get their own.

    `kind` names the event ("mapping_form.approved"); `url` is a path or absolute URL the
    message links to. Returns the stored notifications, one per distinct recipient.

    `about`: the candidate (or candidates, or candidate ids) the message is about; recorded as
    NotificationSubject rows, the exact link the subject-access export and the anonymisation follow.
    Every service that notifies about a specific candidate passes it.
    """
    link = absolute_url(url)
    about_ids = candidate_ids(about)
    created = []
    seen = set()
    for recipient in recipients:
        user, address, lang = _recipient(recipient, language)
        if not address or address in seen:
            continue
        seen.add(address)
        ctx = {**context, "recipient": user, "url": link, "site_url": settings.SITE_URL}
        subject, body = render_message(template=template, context=ctx, language=lang)
        if not email:
            status = Notification.EmailStatus.NONE
        elif user is not None and user.email_mode == User.EmailMode.DAILY:
            status = Notification.EmailStatus.DIGEST
        else:
            status = Notification.EmailStatus.PENDING
        notification = Notification.objects.create(
            user=user,
            email=address,
            language=lang,
            kind=kind,
            subject=subject,
            body=body,
            url=link,
            email_status=status,
            email_next_try_at=timezone.now() + publish_grace() if status == Notification.EmailStatus.PENDING else None,
        )
        for filename, content, mimetype in attachments:
            NotificationAttachment.objects.create(
                notification=notification, filename=filename, mimetype=mimetype, **attachment_fields(content)
            )
        created.append(notification)
    if about_ids:
        NotificationSubject.objects.bulk_create(
            [NotificationSubject(notification=n, candidate_id=pk) for n in created for pk in about_ids]
        )
    publish_on_commit(n.pk for n in created if n.email_status == Notification.EmailStatus.PENDING)
    return created


def notification_digest_build(*, user: User, until: datetime) -> Notification | None:
    """Gather the user's notifications waiting for the digest (made up to `until`) into one digest e-mail.

    The digest is itself a Notification (kind "digest", no user, so it stays out of the
    notification centre) and goes out through the same claimed, retried send task. The gathered
    ones move digest → digested in the same transaction with a conditional update, so two runs
    at once build one digest: the second finds nothing left and rolls back. None if nothing waits.
    """
    with transaction.atomic():
        digest = Notification.objects.create(
            user=None,
            email=user.email,
            language=user.language,
            kind=DIGEST_KIND,
            subject="-",
            body="-",
            url=absolute_url(reverse("notifications")),
            email_status=Notification.EmailStatus.NONE,
        )
        gathered = Notification.objects.filter(
            user=user, email_status=Notification.EmailStatus.DIGEST, created_at__lte=until
        ).update(email_status=Notification.EmailStatus.DIGESTED, digest=digest)
        if not gathered:
            transaction.set_rollback(True)
            return None
        items = list(digest.digested.order_by("created_at", "id"))
        context = {"recipient": user, "items": items, "count": len(items), "site_url": settings.SITE_URL}
        digest.subject, digest.body = render_message(template="emails/digest", context=context, language=user.language)
        digest.email_status = Notification.EmailStatus.PENDING
        digest.email_queued_at = timezone.now()
        digest.email_next_try_at = digest.email_queued_at + publish_grace()
        digest.save(update_fields=["subject", "body", "email_status", "email_queued_at", "email_next_try_at"])
        publish_on_commit([digest.pk])
    return digest
