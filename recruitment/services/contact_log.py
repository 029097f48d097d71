"""Writes for the contact log."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import User
from recruitment import rules
from recruitment.models import ContactLogEntry, Employer


@transaction.atomic
def contact_log_add(
    *,
    actor: User,
    employer: Employer,
    kind: str,
    occurred_on: date,
    planned: bool = False,
    participants: str = "",
    notes: str = "",
    next_step: str = "",
    next_step_due: date | None = None,
) -> ContactLogEntry:
    rules.held_check(occurred_on=occurred_on, planned=planned, today=timezone.localdate())
    entry = ContactLogEntry(
        employer=employer,
        kam=actor,
        kind=kind,
        occurred_on=occurred_on,
        planned=planned,
        participants=participants,
        notes=notes,
        next_step=next_step,
        next_step_due=next_step_due,
    )
    entry.full_clean()
    entry.save()
    audit_record(actor=actor, action="contact_log.add", obj=entry, detail=kind)
    return entry


@transaction.atomic
def contact_log_mark_held(*, actor: User, entry: ContactLogEntry) -> ContactLogEntry:
    """A planned visit or call took place: it now counts (a meeting or visit) as the quarterly follow-up."""
    if entry.occurred_on > timezone.localdate():
        raise ValidationError(_("A contact planned for a later day cannot be marked as held yet."))
    if not ContactLogEntry.objects.filter(pk=entry.pk, planned=True).update(planned=False):
        raise ValidationError(_("This contact is already marked as held."))
    entry.planned = False
    audit_record(actor=actor, action="contact_log.held", obj=entry)
    return entry
