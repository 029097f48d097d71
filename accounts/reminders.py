"""Reminders: a periodic sweep asks each registered kind what is due and notifies, once per key.

A kind is a *due finder*: a function that takes the sweep's time and yields `Due` items,
each naming its key object, due date, recipients, template, context and link. Register it
with `@reminder_kind("recruitment.cv_deadline_soon")` in `<app>/reminders.py` (those modules
are imported by the sweep; `settings.REMINDER_MODULES` may name more). The finder only
queries; sending, deduplication and mail are the framework's:

    @reminder_kind("recruitment.interview_tomorrow")
    def interviews_tomorrow(now):
        tomorrow = timezone.localdate(now) + timedelta(days=1)
        for interview in Interview.objects.filter(date=tomorrow).select_related(...):
            yield Due(obj=interview, due_date=interview.date, recipients=[...],
                      template="recruitment/emails/interview_tomorrow", context={"interview": interview},
                      url=interview.get_absolute_url())

Exactly once: `reminder_send` inserts the key (kind, object, due date) into ReminderSent, which
has a unique constraint, and calls `notify` in the same transaction; the e-mails are queued
on commit. A second sweep, two sweeps at once (the second insert waits for the first
transaction and then fails on the constraint), a retried task or a restarted worker find the
key taken and send nothing. The e-mail task itself sends once (see accounts.tasks).
"""

import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from accounts.models import ReminderSent
from accounts.notifications import Attachment, notify

log = logging.getLogger(__name__)

GENERIC_TEMPLATE = "emails/reminder"  # context: title, text, due_date


@dataclass(frozen=True)
class Due:
    """One reminder a finder found due. `recipients` are Users or e-mail addresses."""

    obj: models.Model
    due_date: date
    recipients: Sequence
    template: str = GENERIC_TEMPLATE
    context: Mapping = field(default_factory=dict)
    url: str = ""
    attachments: Sequence[Attachment] = ()
    about: Sequence = ()  # the candidate(s) the reminder is about (`notify(about=...)`)


Finder = Callable[[datetime], Iterable[Due]]
_kinds: dict[str, Finder] = {}


def reminder_kind(name: str) -> Callable[[Finder], Finder]:
    """Register a due finder under `name` (at most 60 characters, unique)."""
    if len(name) > 60:
        raise ValueError(f"reminder kind name too long: {name!r}")

    def register(finder: Finder) -> Finder:
        existing = _kinds.get(name)
        if existing is not None and existing is not finder and existing.__qualname__ != finder.__qualname__:
            raise ValueError(f"reminder kind {name!r} is already registered by {existing.__qualname__}")
        _kinds[name] = finder
        return finder

    return register


def unregister_kind(name: str) -> None:
    _kinds.pop(name, None)


def discover_kinds() -> dict[str, Finder]:
    """Import every app's `reminders` module and settings.REMINDER_MODULES; return the registered kinds."""
    autodiscover_modules("reminders")
    for module in getattr(settings, "REMINDER_MODULES", ()):
        __import__(module)
    return dict(_kinds)


def reminder_key(*, kind: str, obj: models.Model, due_date: date) -> dict:
    return {"kind": kind, "object_type": obj._meta.label_lower, "object_id": str(obj.pk), "due_date": due_date}


def reminder_send(*, kind: str, due: Due) -> ReminderSent | None:
    """Record the reminder's key and notify its recipients in one transaction; None if already sent."""
    key = reminder_key(kind=kind, obj=due.obj, due_date=due.due_date)
    if not due.recipients or ReminderSent.objects.filter(**key).exists():
        return None
    with transaction.atomic():
        try:
            with transaction.atomic():
                reminder = ReminderSent.objects.create(**key, object_repr=str(due.obj)[:200])
        except IntegrityError:
            return None  # another sweep took the key between our check and our insert
        notifications = notify(
            recipients=due.recipients,
            kind=f"reminder.{kind}",
            template=due.template,
            context={**due.context, "due_date": due.due_date, "object": due.obj},
            url=due.url,
            attachments=due.attachments,
            about=due.about,
        )
        reminder.notifications.set(notifications)
    return reminder


SEND_BATCH = 500  # reminders per transaction in the sweep
SLOW_FINDER_SECONDS = 0.2  # a finder this slow per item has its reminders committed one by one
ANALYZE_AFTER = 1000  # reminders sent in one sweep


def reminders_send_many(*, kind: str, dues: Sequence[Due]) -> int:
    """Record the keys and notify for many reminders in one transaction; return how many were sent.

    One query for the keys already taken, one INSERT for the new keys, a few for the notifications.
    If another sweep takes one of the keys meanwhile (the unique constraint refuses the INSERT), the
    batch falls back to `reminder_send` one by one, which skips what the other sweep sent.
    """
    from accounts.notify_bulk import Message, notify_many

    fresh, keys = [], set()
    for due in dues:
        key = reminder_key(kind=kind, obj=due.obj, due_date=due.due_date)
        marker = (key["object_type"], key["object_id"], key["due_date"])
        if due.recipients and marker not in keys:
            keys.add(marker)
            fresh.append((due, key))
    if not fresh:
        return 0
    taken = set(
        ReminderSent.objects.filter(kind=kind, object_id__in={key["object_id"] for _, key in fresh}).values_list(
            "object_type", "object_id", "due_date"
        )
    )
    fresh = [(due, key) for due, key in fresh if (key["object_type"], key["object_id"], key["due_date"]) not in taken]
    if not fresh:
        return 0
    try:
        with transaction.atomic():
            reminders = ReminderSent.objects.bulk_create(
                [ReminderSent(**key, object_repr=str(due.obj)[:200]) for due, key in fresh]
            )
            notifications = notify_many(
                [
                    Message(
                        recipients=due.recipients,
                        kind=f"reminder.{kind}",
                        template=due.template,
                        context={**due.context, "due_date": due.due_date, "object": due.obj},
                        url=due.url,
                        attachments=due.attachments,
                        about=due.about,
                    )
                    for due, _ in fresh
                ]
            )
            link = ReminderSent.notifications.through
            link.objects.bulk_create(
                [
                    link(remindersent_id=reminder.pk, notification_id=notification.pk)
                    for reminder, sent in zip(reminders, notifications, strict=True)
                    for notification in sent
                ]
            )
    except IntegrityError:
        return sum(reminder_send(kind=kind, due=due) is not None for due, _ in fresh)
    return len(fresh)


@dataclass
class SweepResult:
    sent: dict[str, int] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.sent.values())


def reminders_sweep(*, now: datetime | None = None, kinds: Iterable[str] | None = None) -> SweepResult:
    """Ask each registered kind (or the named ones) what is due at `now` and send what was not sent yet.

    Reminders commit in batches of SEND_BATCH (one by one from a finder slower than SLOW_FINDER_SECONDS
    an item), so a sweep stopped half-way keeps what it sent and the next sweep sends the rest. A kind that
    raises is logged and skipped; the others still run.
    """
    now = now or timezone.now()
    registered = discover_kinds()
    names = sorted(registered) if kinds is None else list(kinds)
    unknown = [name for name in names if name not in registered]
    if unknown:
        raise KeyError(f"unknown reminder kinds: {', '.join(unknown)}")
    result = SweepResult()
    for name in names:
        count = 0
        try:
            batch: list[Due] = []
            asked = time.monotonic()
            for due in registered[name](now):
                batch.append(due)
                if len(batch) >= SEND_BATCH or time.monotonic() - asked >= SLOW_FINDER_SECONDS:
                    count += reminders_send_many(kind=name, dues=batch)
                    batch = []
                asked = time.monotonic()
            count += reminders_send_many(kind=name, dues=batch)
        except Exception:
            log.exception("Reminder kind %s failed", name)
            result.failed.append(name)
        result.sent[name] = count
    if result.total >= ANALYZE_AFTER and connection.vendor == "postgresql":
        # Fresh statistics for the finders' "already sent" anti-joins: with the keys just written
        # estimated as none, the planner picks a nested loop that is quadratic in what was sent.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {ReminderSent._meta.db_table}")
    return result
