"""`notify_many`: `accounts.notifications.notify` for many messages at once, for the reminder sweep.

Same rows and the same e-mail path as `notify` (a Notification per distinct recipient, rendered in
the recipient's language, the e-mail queued on commit, digest users left to the digest), but the
recipients given as addresses are looked up in one query and the rows are inserted in batches.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone, translation

from accounts.attachments import attachment_fields
from accounts.models import Notification, NotificationAttachment, NotificationSubject, User
from accounts.notifications import (
    Attachment,
    absolute_url,
    candidate_ids,
    finish_message,
    message_templates,
    same_for_every_recipient,
)
from accounts.outbox import publish_grace, publish_on_commit


@dataclass(frozen=True)
class Message:
    recipients: Sequence
    kind: str
    template: str
    context: Mapping
    url: str = ""
    attachments: Sequence[Attachment] = field(default_factory=tuple)
    about: Sequence = ()  # candidates or candidate ids, as `notify(about=...)`


def _users_by_address(messages: Sequence[Message]) -> dict[str, User]:
    addresses = {str(r).strip().lower() for message in messages for r in message.recipients if not isinstance(r, User)}
    if not addresses:
        return {}
    users = User.objects.annotate(address=Lower("email")).filter(address__in=addresses, is_active=True)
    return {user.address: user for user in users}


@transaction.atomic
def notify_many(messages: Sequence[Message]) -> list[list[Notification]]:
    """Store every message's notifications in a few INSERTs; return them per message, in order.

    Rendering is the sweep's largest cost, so it is done per language (one translation switch for all the
    messages in it), with each template compiled once, and once per message and language when the templates
    cannot depend on the recipient (`same_for_every_recipient`) instead of once per recipient.
    """
    known = _users_by_address(messages)
    rows: list[Notification] = []
    owners: list[int] = []
    attachments: list[tuple[int, Attachment]] = []
    by_language: dict[str, list[tuple[int, int, User | None]]] = {}  # language -> (row, message, user)
    next_try_at = timezone.now() + publish_grace()
    for index, message in enumerate(messages):
        link = absolute_url(message.url)
        seen = set()
        for recipient in message.recipients:
            if isinstance(recipient, User):
                user, address, language = recipient, recipient.email, recipient.language
            else:
                address = str(recipient).strip().lower()
                user = known.get(address)
                address, language = (user.email, user.language) if user else (address, settings.LANGUAGE_CODE)
            if not address or address in seen:
                continue
            seen.add(address)
            daily = user is not None and user.email_mode == User.EmailMode.DAILY
            status = Notification.EmailStatus.DIGEST if daily else Notification.EmailStatus.PENDING
            pending = status == Notification.EmailStatus.PENDING
            rows.append(
                Notification(
                    user=user,
                    email=address,
                    language=language,
                    kind=message.kind,
                    url=link,
                    email_status=status,
                    email_next_try_at=next_try_at if pending else None,
                )
            )
            owners.append(index)
            by_language.setdefault(language, []).append((len(rows) - 1, index, user))
            attachments.extend((len(rows) - 1, attachment) for attachment in message.attachments)
    _render(messages, rows, by_language)
    Notification.objects.bulk_create(rows, batch_size=500)
    NotificationAttachment.objects.bulk_create(
        [
            NotificationAttachment(
                notification=rows[row], filename=name, mimetype=mimetype, **attachment_fields(content)
            )
            for row, (name, content, mimetype) in attachments
        ],
        batch_size=500,
    )
    NotificationSubject.objects.bulk_create(
        [
            NotificationSubject(notification=rows[row], candidate_id=pk)
            for row, owner in enumerate(owners)
            for pk in candidate_ids(messages[owner].about)
        ],
        batch_size=500,
    )
    # The same outbox as notify(): published after commit; a row whose publish fails waits for the dispatcher.
    publish_on_commit(n.pk for n in rows if n.email_status == Notification.EmailStatus.PENDING)
    result: list[list[Notification]] = [[] for _ in messages]
    for owner, notification in zip(owners, rows, strict=True):
        result[owner].append(notification)
    return result


def _render(messages: Sequence[Message], rows: list[Notification], by_language: dict) -> None:
    """Fill in each row's subject and body, rendered in its language."""
    compiled: dict[str, tuple] = {}
    for language, todo in by_language.items():
        with translation.override(language):
            done: dict[int, tuple[str, str]] = {}  # message -> (subject, body), when the same for every recipient
            for row, index, user in todo:
                message = messages[index]
                if message.template not in compiled:
                    templates = message_templates(message.template)
                    compiled[message.template] = (*templates, same_for_every_recipient(templates))
                subject_template, body_template, shared = compiled[message.template]
                rendered = done.get(index) if shared else None
                if rendered is None:
                    context = {
                        **message.context,
                        "recipient": user,
                        "url": rows[row].url,
                        "site_url": settings.SITE_URL,
                    }
                    rendered = finish_message(subject_template.render(context), body_template.render(context))
                    if shared:
                        done[index] = rendered
                rows[row].subject, rows[row].body = rendered
