"""Erasing the employer contacts who left, CONTACT_RETENTION_DAYS after the day they left (Contact.left_on).

Called by the nightly retention sweep (candidates.retention.retention_run: the task candidates.apply_retention and
`manage.py apply_retention [--dry-run]`). The contact's row stays (approvals, lists and answers point at it and
statistics count them): the name, title, e-mail and phone go, and so does every copy of them kept as text
elsewhere: approval records (mapping-form approvals, agreement confirmations, attendance approvals), histories,
the contact log, placements' workplace contact, notifications, reminder keys, the audit trail's details (the
one rewrite the append-only audit table allows) and the login log. A portal account is closed and blanked.
Dates, states and ids stay.

Exactly once: the erasure claims the contact with a conditional UPDATE of `erased_at` in its own transaction, so
a second worker at the same moment finds nothing to claim. Each erasure writes one audit event.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils import timezone

from accounts.audit import audit_record, audit_redaction
from accounts.models import AuditEvent, Notification, NotificationAttachment, ReminderSent, User
from recruitment.models import Contact, ContactInvitation

ERASED_NAME = "Slettet kontaktperson"
REDACTED = "–"
ERASED_EMAIL_DOMAIN = "erased.invalid"

# Text columns that may hold a copy of a contact's name, e-mail or phone: every occurrence is replaced.
MENTIONS = (
    ("recruitment", "ApprovalRequest", ("email", "decided_by_name", "decided_by_email", "comment")),
    ("recruitment", "MappingStatusChange", ("actor_name", "comment")),
    ("recruitment", "MappingPosition", ("site_contact",)),
    ("recruitment", "RecruitmentEvent", ("actor_name", "comment")),
    ("recruitment", "AgreementVersion", ("employer_confirmed_name",)),
    ("recruitment", "AttendanceWeek", ("decided_by_name", "comment", "correction_comment")),
    ("recruitment", "ContactLogEntry", ("participants", "notes", "next_step")),
    ("recruitment", "ContactInvitation", ("email",)),
    ("recruitment", "Placement", ("workplace_contact_name", "workplace_contact_email", "workplace_contact_phone")),
    ("recruitment", "Interview", ("place", "notes")),
    ("recruitment", "Submission", ("employer_comment",)),
    ("accounts", "Notification", ("email", "subject", "body")),
    ("accounts", "ReminderSent", ("object_repr",)),
    ("admin", "LogEntry", ("object_repr", "change_message")),
)


def retention_period() -> timedelta:
    return timedelta(days=settings.CONTACT_RETENTION_DAYS)


def erasure_due_on(left_on: date) -> date:
    """The day the sweep erases a contact who left on `left_on`."""
    return left_on + retention_period()


def contacts_to_erase(now: datetime) -> QuerySet:
    """Contacts who left at least the retention period ago and are not erased yet."""
    cutoff = timezone.localdate(now) - retention_period()
    return Contact.objects.filter(left_on__isnull=False, left_on__lte=cutoff, erased_at__isnull=True)


@dataclass
class ContactRetentionRun:
    erased: list[int] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def contact_retention_run(*, now: datetime | None = None, dry_run: bool = False) -> ContactRetentionRun:
    """Erase every contact past the period (a dry run lists them and why, and changes nothing)."""
    now = now or timezone.now()
    run = ContactRetentionRun()
    for contact in contacts_to_erase(now).order_by("pk").values("pk", "uuid", "employer_id", "left_on"):
        run.lines.append(
            f"erase: contact {contact['pk']} ({contact['uuid']}) of employer {contact['employer_id']}, left "
            f"{contact['left_on']}, more than {settings.CONTACT_RETENTION_DAYS} days ago"
        )
        if not dry_run and contact_erase(pk=contact["pk"], now=now):
            run.erased.append(contact["pk"])
    return run


def _identifiers(contact: Contact, user: User | None) -> list[str]:
    values = {contact.full_name, contact.email}
    phones = {contact.phone}
    if user is not None:
        values |= {user.full_name, user.email}
        phones.add(user.phone)
    for phone in filter(None, phones):  # as stored ("+47 98 76 54 32") and as people type it ("98765432")
        digits = "".join(c for c in phone if c.isdigit())
        values |= {phone, "+" + digits, digits[2:] if phone.startswith("+47") else digits}
    return sorted((v.strip() for v in values if v and len(v.strip()) >= 3), key=len, reverse=True)


def _redacted(column: str, identifiers: list[str]):
    expression = column
    for identifier in identifiers:
        expression = Replace(expression, Value(identifier), Value(REDACTED))
    return expression


def _redact_rows(queryset: QuerySet, columns: tuple[str, ...], identifiers: list[str]) -> int:
    """Replace every identifier in `columns` of the rows that hold one (e-mail addresses in any letter case)."""
    mentions = Q()
    for column in columns:
        for identifier in identifiers:
            mentions |= Q(**{f"{column}__icontains": identifier})
    rows = list(queryset.filter(mentions).values_list("pk", *columns))
    if not rows:
        return 0
    lowered = [identifier.lower() for identifier in identifiers]
    exact = {column: _redacted(column, identifiers) for column in columns}
    queryset.filter(pk__in=[row[0] for row in rows]).update(**exact)
    # What a case-sensitive replacement missed (an address typed in capitals) goes by a row-wise rewrite.
    for row in queryset.filter(mentions).values_list("pk", *columns):
        changes = {}
        for column, value in zip(columns, row[1:], strict=True):
            text = str(value or "")
            for identifier in lowered:
                start = text.lower().find(identifier)
                while start != -1:
                    text = text[:start] + REDACTED + text[start + len(identifier) :]
                    start = text.lower().find(identifier, start + len(REDACTED))
            if text != (value or ""):
                changes[column] = text
        if changes:
            queryset.filter(pk=row[0]).update(**changes)
    return len(rows)


def contact_erase(*, pk: int, now: datetime | None = None) -> bool:
    """Erase one contact past the period, once: False if not due or another worker claimed them first."""
    now = now or timezone.now()
    cutoff = timezone.localdate(now) - retention_period()
    with transaction.atomic():
        claimed = Contact.objects.filter(
            pk=pk, left_on__isnull=False, left_on__lte=cutoff, erased_at__isnull=True
        ).update(erased_at=now)
        if not claimed:
            return False
        contact = Contact.objects.select_related("user").get(pk=pk)
        user = contact.user
        identifiers = _identifiers(contact, user)
        addresses = {a.lower() for a in (contact.email, user.email if user else "") if a}
        _erase_own_rows(contact, user, addresses)
        for app_label, model_name, columns in MENTIONS:
            model = apps.get_model(app_label, model_name)
            _redact_rows(model._default_manager.all(), columns, identifiers)
        _erase_login_log(addresses)
        with audit_redaction():  # the one rewrite the append-only audit table allows: details, never rows
            _redact_rows(AuditEvent.objects.all(), ("detail",), identifiers)
        Contact.objects.filter(pk=pk).update(
            full_name=ERASED_NAME, title="", email=f"contact-{pk}@{ERASED_EMAIL_DOMAIN}", phone="", is_primary=False
        )
        if user is not None:
            User.objects.filter(pk=user.pk).update(
                is_active=False,
                full_name=ERASED_NAME,
                email=f"contact-{pk}@{ERASED_EMAIL_DOMAIN}",
                phone="",
                password=make_password(None),
            )
        audit_record(actor=None, action="contact.erased", obj=contact, detail=contact.left_on.isoformat())
        return True


def _erase_own_rows(contact: Contact, user: User | None, addresses: set[str]) -> None:
    """The contact's own messages lose address and text; their approval records lose who answered."""
    to_them = Q(pk__in=[])
    for address in addresses:
        to_them |= Q(email__iexact=address)
    if user is not None:
        to_them |= Q(user=user)
    theirs = Notification.objects.filter(to_them)
    NotificationAttachment.objects.filter(notification__in=theirs).delete()
    theirs.update(email="", body="")
    ContactInvitation.objects.filter(contact=contact).update(email="")
    apps.get_model("recruitment", "ApprovalRequest").objects.filter(contact=contact).update(
        email="", decided_by_name="", decided_by_email=""
    )
    if user is not None:
        apps.get_model("recruitment", "AgreementVersion").objects.filter(employer_confirmed_by=user).update(
            employer_confirmed_name=REDACTED
        )
        apps.get_model("recruitment", "AttendanceWeek").objects.filter(decided_by=user).update(decided_by_name=REDACTED)
        apps.get_model("recruitment", "MappingStatusChange").objects.filter(actor=user).update(actor_name=REDACTED)
        apps.get_model("recruitment", "RecruitmentEvent").objects.filter(actor=user).update(actor_name=REDACTED)
    ReminderSent.objects.filter(object_type="recruitment.contact", object_id=str(contact.pk)).update(object_repr="")


def _erase_login_log(addresses: set[str]) -> None:
    """django-axes keeps the typed user name (the e-mail address) of sign-in attempts."""
    if not addresses:
        return
    for model_name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
        try:
            model = apps.get_model("axes", model_name)
        except LookupError:
            continue
        usernames = Q()
        for address in addresses:
            usernames |= Q(username__iexact=address)
        model._default_manager.filter(usernames).update(username="")
