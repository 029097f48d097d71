"""One function sends every notification: `notify`.

For each recipient it renders the message in the recipient's language, stores a
Notification (shown in the portal's notification centre when the recipient is a
user) and queues the e-mail with `transaction.on_commit`, so a notification made
in a transaction that rolls back is never sent. Users who chose the daily digest
get no single e-mail; the digest task collects theirs.

Templates: `<template>_subject.txt` (one line) and `<template>.txt` (the body).
The HTML e-mail is the text inside `emails/base_email.html`, with a button for `url`.
"""

from collections.abc import Iterable, Sequence
from functools import partial

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import Notification, NotificationAttachment, User

Attachment = tuple[str, bytes, str]  # (filename, content, mimetype)


def absolute_url(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def _recipient(recipient) -> tuple[User | None, str, str]:
    if isinstance(recipient, User):
        return recipient, recipient.email, recipient.language
    email = str(recipient).strip().lower()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is not None:
        return user, user.email, user.language
    return None, email, settings.LANGUAGE_CODE


def render_message(*, template: str, context: dict, language: str) -> tuple[str, str]:
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context).strip() + "\n"
    return subject[:250], body


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
) -> list[Notification]:
    """Notify each recipient (a User, or an e-mail address of someone who may have no account).

    `kind` names the event ("mapping_form.approved"); `url` is a path or absolute URL the
    message links to. Returns the stored notifications, one per distinct recipient.
    """
    from accounts.tasks import send_notification_email

    link = absolute_url(url)
    created = []
    seen = set()
    for recipient in recipients:
        user, address, language = _recipient(recipient)
        if not address or address in seen:
            continue
        seen.add(address)
        ctx = {**context, "recipient": user, "url": link, "site_url": settings.SITE_URL}
        subject, body = render_message(template=template, context=ctx, language=language)
        if not email:
            status = Notification.EmailStatus.NONE
        elif user is not None and user.email_mode == User.EmailMode.DAILY:
            status = Notification.EmailStatus.DIGEST
        else:
            status = Notification.EmailStatus.PENDING
        notification = Notification.objects.create(
            user=user,
            email=address,
            language=language,
            kind=kind,
            subject=subject,
            body=body,
            url=link,
            email_status=status,
        )
        for filename, content, mimetype in attachments:
            NotificationAttachment.objects.create(
                notification=notification, filename=filename, content=content, mimetype=mimetype
            )
        if status == Notification.EmailStatus.PENDING:
            transaction.on_commit(partial(send_notification_email.delay, notification.pk))
        created.append(notification)
    return created
