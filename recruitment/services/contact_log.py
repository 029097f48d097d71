"""Writes for the contact log."""

from datetime import date

from django.db import transaction

from accounts.audit import audit_record
from accounts.models import User
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
    request=None,
) -> ContactLogEntry:
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
    audit_record(actor=actor, action="contact_log.add", obj=entry, request=request, detail=kind)
    return entry
